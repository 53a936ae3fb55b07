import type { PomeriumClient } from '@pomerium-unified/core';
import { compareSnapshots, formatComparison, snapshotBackend } from './compare-backends.js';
import { type DemoEnvironment, demoCluster, startDemoEnvironment } from './demo-environment.js';
import { migrateDemoWithCli, seedEnterpriseOnlyData } from './demo-migration.js';
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

/** Prints the side-by-side comparison of both consoles; true when every value matches. */
async function compareSideBySide(environment: DemoEnvironment, print: (text: string) => void): Promise<boolean> {
  const rows = compareSnapshots(await snapshotBackend(environment.zero), await snapshotBackend(environment.enterprise));
  print('Side by side (ids differ; names, PPL and route settings must match):');
  print(formatComparison('Zero', 'Enterprise', rows));
  const differences = rows.filter((row) => !row.equal);
  if (differences.length > 0) {
    print(`\n${differences.length} of ${rows.length} values differ between Zero and Enterprise.`);
    return false;
  }
  print(`\nAll ${rows.length} values match between Zero and Enterprise.`);
  return true;
}

/**
 * The demo: starts both fake consoles, runs the walkthroughs against Zero and
 * Enterprise through the same functions, prints each inventory and a
 * side-by-side comparison. Then it adds Enterprise-only data and migrates it
 * to Zero through the `pomerium-unified` CLI (refused first for fidelity, then
 * with `--allow-lossy`), and compares again. Resolves to the process exit
 * code: 0 when both backends hold the same names, PPL and route settings
 * after each step and the CLI ended as expected, 1 otherwise.
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
    if (!(await compareSideBySide(environment, print))) return 1;

    print("\nMigration with the CLI: Enterprise also holds a team's routes and a Rego policy; copy them to Zero.");
    await seedEnterpriseOnlyData(environment.enterprise);
    if (!(await migrateDemoWithCli(environment.cliEnv, print))) {
      print('The migration did not end as expected.');
      return 1;
    }
    print(formatInventory('Zero now holds:', await collectInventory(environment.zero)));
    print('');
    return (await compareSideBySide(environment, print)) ? 0 : 1;
  } finally {
    await environment.close();
  }
}
