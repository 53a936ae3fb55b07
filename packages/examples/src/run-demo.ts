import type { PomeriumClient } from '@pomerium-unified/core';
import { compareSnapshots, formatComparison, snapshotBackend } from './compare-backends.js';
import { demoCluster, startDemoEnvironment } from './demo-environment.js';
import { collectInventory, formatInventory } from './scenarios/inventory.js';
import { provisionHttpbin } from './scenarios/provision-httpbin.js';
import { createRouteForExistingPolicy } from './scenarios/route-for-existing-policy.js';

/**
 * The one calling code path: what a tool does, written once. The policy the
 * Enterprise walkthrough looks for is created here first, then both
 * walkthroughs run.
 */
export async function runWalkthroughs(client: PomeriumClient): Promise<void> {
  const production = await client.namespaces.findByName({ name: 'Production' });
  if (production && !(await client.policies.findByName({ namespaceId: production.id, name: 'My policy: engineers' }))) {
    await client.policies.create({
      namespaceId: production.id,
      name: 'My policy: engineers',
      ppl: [{ allow: { and: [{ domain: { is: 'example.com' } }, { groups: { has: 'engineering' } }] } }],
      description: 'Engineers of example.com',
    });
  }
  await provisionHttpbin(client, { clusterDomain: demoCluster.domain });
  await createRouteForExistingPolicy(client);
}

/**
 * The demo: starts both fake consoles, runs the walkthroughs against Zero and
 * Enterprise through the same functions, prints each inventory and a
 * side-by-side comparison. Resolves to the process exit code: 0 when both
 * backends hold the same names, PPL and route settings, 1 otherwise.
 */
export async function runDemo(print: (text: string) => void = console.log): Promise<number> {
  const environment = await startDemoEnvironment();
  try {
    print(`Fake Pomerium Zero console:       ${environment.urls.zero}/api/v0 (REST, token exchange)`);
    print(`Fake Pomerium Enterprise console: ${environment.urls.enterprise} (gRPC over HTTP/2, TLS)\n`);
    const backends = [
      { label: 'Zero', client: environment.zero },
      { label: 'Enterprise', client: environment.enterprise },
    ];
    for (const { label, client } of backends) {
      await runWalkthroughs(client);
      print(formatInventory(`${label} now holds:`, await collectInventory(client)));
      print('');
    }
    const rows = compareSnapshots(
      await snapshotBackend(environment.zero),
      await snapshotBackend(environment.enterprise),
    );
    print('Side by side (ids differ; names, PPL and route settings must match):');
    print(formatComparison('Zero', 'Enterprise', rows));
    const differences = rows.filter((row) => !row.equal);
    if (differences.length > 0) {
      print(`\n${differences.length} of ${rows.length} values differ between Zero and Enterprise.`);
      return 1;
    }
    print(`\nAll ${rows.length} values match between Zero and Enterprise.`);
    return 0;
  } finally {
    await environment.close();
  }
}
