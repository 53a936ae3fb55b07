import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Consoles, runCli, seedEnterprise, startConsoles } from './cli-harness.js';

let consoles: Consoles;

beforeEach(async () => {
  consoles = await startConsoles();
});

afterEach(async () => {
  await consoles.close();
});

describe('pomerium-unified inventory, export, diff, plan and apply', () => {
  it('prints the inventory as a tree with counts', async () => {
    await seedEnterprise(consoles, { policies: 2, routes: 3 });
    const inventory = await runCli(['inventory', '--from', 'enterprise'], { env: consoles.env });
    expect(inventory.exitCode).toBe(0);
    expect(inventory.stdout).toContain('enterprise: 3 namespaces, 2 policies, 3 routes');
    expect(inventory.stdout).toMatch(/└─ Production {2}2 policies, 3 routes/);
    expect(inventory.stdout).toContain('route  app 0 (https://app-0.calm-river-4821.pomerium.app');
  });

  it('colours a terminal unless NO_COLOR is set, and never colours a pipe', async () => {
    const { NO_COLOR: _off, ...colourful } = consoles.env;
    const terminal = await runCli(['inventory', '--from', 'zero'], { env: colourful, tty: true });
    expect(terminal.stdout).toContain('\u001b[');
    const noColor = await runCli(['inventory', '--from', 'zero'], { env: consoles.env, tty: true });
    expect(noColor.stdout).not.toContain('\u001b[');
    const pipe = await runCli(['inventory', '--from', 'zero'], { env: colourful });
    expect(pipe.stdout).not.toContain('\u001b[');
  });

  it('reads endpoints from profiles in pomerium-unified.yaml, tokens from the variables they name', async () => {
    await seedEnterprise(consoles, { policies: 1, routes: 2 });
    const profiles = [
      'profiles:',
      '  onprem:',
      '    kind: enterprise',
      `    url: ${consoles.env.POMERIUM_ENTERPRISE_URL}`,
      '    tokenEnv: ONPREM_TOKEN',
      '    caFile: ca.pem',
      '  cloud:',
      '    kind: zero',
      `    url: ${consoles.env.POMERIUM_ZERO_URL}`,
      '    tokenEnv: CLOUD_TOKEN',
    ].join('\n');
    writeFileSync(join(consoles.directory, 'pomerium-unified.yaml'), profiles);
    const env = {
      ONPREM_TOKEN: consoles.env.POMERIUM_SERVICE_ACCOUNT!,
      CLOUD_TOKEN: consoles.env.POMERIUM_ZERO_API_TOKEN!,
      NO_COLOR: '1',
    };
    const migrated = await runCli(['migrate', '--from', 'onprem', '--to', 'cloud', '--yes'], {
      env,
      cwd: consoles.directory,
    });
    expect(migrated.stdout).toContain('Plan for cloud: 3 to create');
    expect(migrated.exitCode).toBe(0);
    const elsewhere = await runCli(
      ['--profiles', join(consoles.directory, 'pomerium-unified.yaml'), 'diff', 'onprem', 'cloud'],
      {
        env,
      },
    );
    expect(elsewhere.exitCode).toBe(0);
  });

  it('diffs, plans to a file, applies the plan, and then finds no difference', async () => {
    await seedEnterprise(consoles, { policies: 1, routes: 2 });
    const before = await runCli(['diff', 'enterprise', 'zero'], { env: consoles.env });
    expect(before.exitCode).toBe(2);
    expect(before.stdout).toContain('app 0');

    const plan = await runCli(['plan', '--from', 'enterprise', '--to', 'zero', '-o', 'plan.json'], {
      env: consoles.env,
      cwd: consoles.directory,
    });
    expect(plan.exitCode).toBe(2);
    expect(JSON.parse(readFileSync(join(consoles.directory, 'plan.json'), 'utf8'))).toMatchObject({ formatVersion: 1 });

    const applied = await runCli(['apply', '--plan', 'plan.json', '--to', 'zero', '--yes'], {
      env: consoles.env,
      cwd: consoles.directory,
    });
    expect(applied.exitCode).toBe(0);
    const after = await runCli(['diff', 'enterprise', 'zero', '--json'], { env: consoles.env });
    expect(JSON.parse(after.stdout)).toMatchObject({ formatVersion: 1, status: 'no-changes', diff: { equal: true } });
    expect(after.exitCode).toBe(0);
  });

  it('exports to a file and applies the document to another deployment', async () => {
    await seedEnterprise(consoles, { policies: 1, routes: 1 });
    const exported = await runCli(['export', '--from', 'enterprise', '-o', 'enterprise.yaml'], {
      env: consoles.env,
      cwd: consoles.directory,
    });
    expect(exported.exitCode).toBe(0);
    expect(readFileSync(join(consoles.directory, 'enterprise.yaml'), 'utf8')).toContain(
      'apiVersion: pomerium-unified/v1',
    );
    const dryRun = await runCli(['apply', '-f', 'enterprise.yaml', '--to', 'zero', '--dry-run'], {
      env: consoles.env,
      cwd: consoles.directory,
    });
    expect(dryRun.stdout).toContain('Plan for zero: 2 to create');
    expect(dryRun.exitCode).toBe(2);
  });
});

describe('pomerium-unified usage', () => {
  it('has --help with an example on every command', async () => {
    for (const command of ['inventory', 'export', 'diff', 'plan', 'apply', 'migrate']) {
      const help = await runCli([command, '--help'], { env: {} });
      expect(help.exitCode).toBe(0);
      expect(help.stdout).toContain(`Usage: pomerium-unified ${command}`);
      expect(help.stdout).toMatch(/Examples?:\n {2}\$ /);
    }
    const top = await runCli(['--help'], { env: {} });
    expect(top.stdout).toContain('migrate');
    expect(top.stdout).toContain('Exit codes');
  });

  it('names a missing variable and never echoes a token', async () => {
    const missing = await runCli(['inventory', '--from', 'zero'], { env: {} });
    expect(missing.exitCode).toBe(1);
    expect(missing.stderr).toContain('POMERIUM_ZERO_API_TOKEN');

    const token = 'do-not-print-this-token';
    const badUrl = await runCli(['inventory', '--from', 'enterprise'], {
      env: { POMERIUM_ENTERPRISE_URL: 'http://h:1', POMERIUM_SERVICE_ACCOUNT: token },
    });
    expect(badUrl.exitCode).toBe(1);
    expect(badUrl.stderr).toContain('POMERIUM_ENTERPRISE_URL');
    expect(badUrl.stderr + badUrl.stdout).not.toContain(token);
  });

  it('reports usage errors with exit 1', async () => {
    expect((await runCli(['migrate', '--to', 'zero'], { env: {} })).exitCode).toBe(1);
    expect((await runCli(['nonsense'], { env: {} })).exitCode).toBe(1);
    const badMap = await runCli(['migrate', '--from', 'enterprise', '--to', 'zero', '--namespace-map', 'x'], {
      env: {},
    });
    expect(badMap.exitCode).toBe(1);
    expect(badMap.stderr).toContain('SRC=DST');
    const unknown = await runCli(['inventory', '--from', 'staging'], { env: {}, cwd: '/' });
    expect(unknown.stderr).toContain('unknown endpoint "staging"');
  });
});
