import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createPomeriumClient, type PomeriumClient } from '@pomerium-unified/core';
import { createZeroBackend } from '@pomerium-unified/zero-adapter';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Consoles, cluster, runCli, seedEnterprise, startConsoles } from './cli-harness.js';

let consoles: Consoles;
let env: Record<string, string>;
/** A client of the fake Zero console addressing its cluster (settings and service accounts belong to one). */
let zero: PomeriumClient;

beforeEach(async () => {
  consoles = await startConsoles();
  // Settings and service accounts of Zero belong to a cluster.
  env = { ...consoles.env, POMERIUM_ZERO_CLUSTER: cluster.name };
  zero = createPomeriumClient({
    backend: createZeroBackend({
      apiUrl: consoles.zeroConsole.url,
      apiUserToken: consoles.zeroConsole.apiUserToken,
      cluster: cluster.name,
    }),
  });
});

afterEach(async () => {
  await zero.close();
  await consoles.close();
});

describe('pomerium-unified: settings, service accounts and changesets', () => {
  it('creates service accounts only with a token file, and the tokens appear nowhere else', async () => {
    await seedEnterprise(consoles, { policies: 1, routes: 1 });
    const issued = await consoles.enterprise.serviceAccounts.create({ userId: 'deploy-bot', description: 'deploys' });
    const enterpriseToken = issued.token!.reveal();

    const report = await runCli(['migrate', '--from', 'enterprise', '--to', 'zero', '--dry-run'], { env });
    expect(report.stdout).toContain('serviceAccount deploy-bot');
    expect(report.stdout).toContain('[service-account-missing]');

    const missingFile = await runCli(
      ['migrate', '--from', 'enterprise', '--to', 'zero', '--create-service-accounts', '--yes'],
      {
        env,
        cwd: consoles.directory,
      },
    );
    expect(missingFile.exitCode).toBe(1);
    expect(missingFile.stderr).toContain('--create-service-accounts needs --service-account-tokens');
    expect(await zero.serviceAccounts.list().toArray()).toEqual([]);

    const argv = ['migrate', '--from', 'enterprise', '--to', 'zero', '--create-service-accounts'];
    const tokens = ['--service-account-tokens', 'tokens.jsonl'];
    const human = await runCli([...argv, ...tokens, '--yes'], { env, cwd: consoles.directory });
    expect(human.exitCode).toBe(0);
    const path = join(consoles.directory, 'tokens.jsonl');
    expect(statSync(path).mode & 0o777).toBe(0o600);
    const lines = readFileSync(path, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, string>);
    const line = lines.find((entry) => entry.userId === 'deploy-bot')!;
    expect((await zero.serviceAccounts.getToken(line.id!)).reveal()).toBe(line.token);
    expect(human.stdout.replace(/\s+/g, ' ')).toContain(`their new tokens are in ${path} (mode 600) and nowhere else`);
    for (const text of [human.stdout, human.stderr]) {
      expect(text).not.toContain(line.token);
      expect(text).not.toContain(enterpriseToken);
    }

    // The file exists now: refused before anything is read or written.
    const again = await runCli([...argv, ...tokens, '--yes'], { env, cwd: consoles.directory });
    expect(again.exitCode).toBe(1);
    expect(again.stderr).toContain('pass --overwrite-service-account-tokens');
    expect(readFileSync(path, 'utf8')).toContain(line.token!);

    // --json: a second account, created with the file replaced; the JSON result holds no token.
    await consoles.enterprise.serviceAccounts.create({ userId: 'audit-bot' });
    const json = await runCli([...argv, ...tokens, '--overwrite-service-account-tokens', '--yes', '--json'], {
      env,
      cwd: consoles.directory,
    });
    expect(json.exitCode).toBe(0);
    const result = JSON.parse(json.stdout);
    expect(result.result.serviceAccountsCreated).toEqual([{ userId: 'audit-bot', id: expect.any(String) }]);
    const replaced = readFileSync(path, 'utf8')
      .trim()
      .split('\n')
      .map((text) => JSON.parse(text) as Record<string, string>);
    expect(replaced.map((entry) => entry.userId)).toEqual(['audit-bot']);
    for (const text of [json.stdout, json.stderr]) {
      expect(text).not.toContain(replaced[0]!.token);
      expect(text).not.toContain(line.token);
    }
  });

  it('a saved plan that creates service accounts is applied only with a token file', async () => {
    await consoles.enterprise.serviceAccounts.create({ userId: 'deploy-bot' });
    const plan = await runCli(
      ['plan', '--from', 'enterprise', '--to', 'zero', '--create-service-accounts', '-o', 'plan.json', '--json'],
      { env, cwd: consoles.directory },
    );
    expect(plan.exitCode).toBe(2);
    expect(JSON.parse(plan.stdout).plan.changes).toContainEqual({
      action: 'create',
      kind: 'serviceAccount',
      key: 'deploy-bot',
    });
    const refused = await runCli(['apply', '--plan', 'plan.json', '--to', 'zero', '--yes'], {
      env,
      cwd: consoles.directory,
    });
    expect(refused.exitCode).toBe(1);
    expect(refused.stderr).toContain('--service-account-tokens');
    expect(await zero.serviceAccounts.list().toArray()).toEqual([]);
    const applied = await runCli(
      ['apply', '--plan', 'plan.json', '--to', 'zero', '--yes', '--service-account-tokens', 'tokens.jsonl'],
      { env, cwd: consoles.directory },
    );
    expect(applied.exitCode).toBe(0);
    const [line] = readFileSync(join(consoles.directory, 'tokens.jsonl'), 'utf8').trim().split('\n');
    const { token } = JSON.parse(line!) as { token: string };
    expect(applied.stdout + applied.stderr).not.toContain(token);
    expect((await zero.serviceAccounts.list().toArray()).map((account) => account.userId)).toEqual(['deploy-bot']);
  });

  it('plans settings updates field by field, and says when Zero keeps the change in a changeset', async () => {
    await seedEnterprise(consoles, { policies: 0, routes: 1 });
    await consoles.enterprise.settings.update({ logLevel: 'debug', jwtClaimsHeaders: { 'X-Email': 'email' } });
    await zero.settings.update({ autoApplyChangesets: false });
    const plan = await runCli(['plan', '--from', 'enterprise', '--to', 'zero'], { env });
    expect(plan.exitCode).toBe(2);
    expect(plan.stdout).toMatch(/~ settings/);
    expect(plan.stdout).toContain('logLevel: "info" → "debug"');
    expect(plan.stdout).toContain('! settings');
    expect(plan.stdout).toContain('[masked-secret]');
    expect(plan.stdout.replace(/\s+/g, ' ')).toContain('is saved but not live until the changeset is applied');

    const migrated = await runCli(['migrate', '--from', 'enterprise', '--to', 'zero', '--yes', '--json'], { env });
    expect(migrated.exitCode).toBe(0);
    const result = JSON.parse(migrated.stdout).result;
    expect(result.notices).toEqual([expect.objectContaining({ code: 'changes-not-live' })]);
    expect(migrated.stderr.replace(/\s+/g, ' ')).toContain('not live until the changeset is applied');
    expect((await zero.settings.get()).logLevel).toBe('debug');

    const skipped = await runCli(['plan', '--from', 'enterprise', '--to', 'zero', '--no-settings'], { env });
    expect(skipped.stdout).not.toContain('settings');
  });

  it('exports the settings and the service accounts, never a token', async () => {
    const issued = await consoles.enterprise.serviceAccounts.create({ userId: 'deploy-bot' });
    const exported = await runCli(['export', '--from', 'enterprise', '--include-secrets', '--format', 'json'], { env });
    expect(exported.exitCode).toBe(0);
    const document = JSON.parse(exported.stdout);
    expect(document.settings).toMatchObject({ logLevel: 'info', cookieSecret: '<secret masked by the server>' });
    expect(document.serviceAccounts).toContainEqual({ userId: 'deploy-bot' });
    expect(exported.stdout).not.toContain(issued.token!.reveal());
    const file = join(consoles.directory, 'zero.yaml');
    const withoutCluster = await runCli(['export', '--from', 'zero', '-o', file], { env: consoles.env });
    expect(withoutCluster.exitCode).toBe(0);
    expect(withoutCluster.stderr).toContain('Settings not exported');
    expect(existsSync(file)).toBe(true);
    writeFileSync(file, '');
  });
});
