import { type CliIo, run } from '@pomerium-unified/cli';
import type { PomeriumClient } from '@pomerium-unified/core';

/** The Enterprise-only data the demo migrates: a team's routes, and one policy Zero cannot represent. */
export const demoMigration = {
  regoPolicyName: 'Engineers (custom Rego)',
  routeNames: ['grafana', 'jenkins', 'kibana', 'wiki'],
} as const;

/**
 * Adds to the Enterprise console what the Zero console does not hold yet: four
 * routes of the engineering team in "Production" and a policy carrying custom
 * Rego, which Zero cannot represent.
 */
export async function seedEnterpriseOnlyData(enterprise: PomeriumClient): Promise<void> {
  const production = await enterprise.namespaces.findByName({ name: 'Production' });
  if (!production) throw new Error('The demo Enterprise console has no Production namespace');
  const engineers = await enterprise.policies.create({
    namespaceId: production.id,
    name: demoMigration.regoPolicyName,
    ppl: [{ allow: { and: [{ groups: { has: 'engineering' } }] } }],
    description: 'PPL plus a Rego rule: the Rego part has no equivalent in Zero',
    extensions: { enterprise: { rego: ['package pomerium.policy\n\nallow := input.http.method == "GET"'] } },
  });
  for (const name of demoMigration.routeNames) {
    await enterprise.routes.create({
      namespaceId: production.id,
      name,
      from: `https://${name}.calm-river-4821.pomerium.app`,
      to: [`http://${name}.internal:8080`],
      policyIds: [engineers.id],
    });
  }
}

/** A {@link CliIo} that hands complete lines to `print`: not a terminal, so plain progress lines and no colour. */
function printingIo(print: (text: string) => void, env: Record<string, string>): CliIo & { flush(): void } {
  let pending = '';
  const output = {
    isTTY: false,
    write(text: string) {
      pending += text;
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) print(line);
      return true;
    },
  };
  return {
    stdout: output,
    stderr: output,
    env: { NO_COLOR: '1', ...env },
    cwd: process.cwd(),
    flush() {
      if (pending !== '') print(pending);
      pending = '';
    },
  };
}

/**
 * Runs `pomerium-unified <argv>` in-process, printing the command line and
 * everything the CLI prints through `print`. Resolves to the CLI's exit code.
 */
export async function runCliInDemo(
  argv: string[],
  env: Record<string, string>,
  print: (text: string) => void,
): Promise<number> {
  print(`$ pomerium-unified ${argv.join(' ')}`);
  const io = printingIo(print, env);
  const exitCode = await run(argv, io);
  io.flush();
  print(`(exit code ${exitCode})\n`);
  return exitCode;
}

/**
 * The demo's migration: Enterprise → Zero through the CLI. The first run is
 * refused (exit 3) because Zero cannot represent the Rego policy; the second,
 * with `--allow-lossy`, writes with progress and a summary, listing what was
 * dropped. Resolves true when both runs ended as expected.
 */
export async function migrateDemoWithCli(env: Record<string, string>, print: (text: string) => void): Promise<boolean> {
  const migrate = ['migrate', '--from', 'enterprise', '--to', 'zero'];
  const refused = await runCliInDemo([...migrate, '--yes'], env, print);
  const migrated = await runCliInDemo([...migrate, '--allow-lossy', '--yes'], env, print);
  return refused === 3 && migrated === 0;
}
