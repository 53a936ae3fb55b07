import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { exportConfig, migrate } from '../src/index.js';
import { memory, tempFile } from './settings-accounts-helpers.js';

describe('service accounts (memory)', () => {
  it('exports accounts without tokens, reports the ones the target lacks, creates them only on request', async () => {
    const source = memory();
    const target = memory();
    const team = await source.namespaces.create({ name: 'Team' });
    const issued = await source.serviceAccounts.create({ userId: 'ci', description: 'CI', namespaceId: team.id });
    await source.serviceAccounts.create({ userId: 'backup' });
    await target.serviceAccounts.create({ userId: 'backup' });
    const sourceToken = issued.token!.reveal();

    const exported = await exportConfig(source, { includeSecrets: true });
    expect(exported.serviceAccounts).toEqual([
      { userId: 'backup' },
      { userId: 'ci', namespace: 'Team', description: 'CI' },
    ]);
    expect(JSON.stringify(exported)).not.toContain(sourceToken);

    const report = await migrate({ from: source, to: target, dryRun: true });
    expect(report.plan.fidelity).toEqual([
      expect.objectContaining({
        severity: 'warning',
        kind: 'serviceAccount',
        key: 'ci',
        rule: 'service-account-missing',
      }),
    ]);
    expect(report.plan.changes.some((change) => change.kind === 'serviceAccount')).toBe(false);

    await expect(migrate({ from: source, to: target, createServiceAccounts: true })).rejects.toMatchObject({
      code: 'invalid_argument',
      field: 'serviceAccountTokenFile',
    });
    const file = tempFile('tokens.jsonl');
    const { result } = await migrate({
      from: source,
      to: target,
      createServiceAccounts: true,
      serviceAccountTokenFile: file,
    });
    expect(result.failed).toEqual([]);
    expect(result.serviceAccountsCreated).toEqual([{ userId: 'ci', id: expect.any(String) }]);
    const lines = readFileSync(file, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(lines).toEqual([{ userId: 'ci', id: result.serviceAccountsCreated![0]!.id, token: expect.any(String) }]);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const token = lines[0].token as string;
    expect(
      await target.serviceAccounts.getToken(result.serviceAccountsCreated![0]!.id).then((secret) => secret.reveal()),
    ).toBe(token);
    expect(JSON.stringify(result)).not.toContain(token);
    expect(inspect(result, { depth: 10 })).not.toContain(token);
    const created = await target.serviceAccounts.get(result.serviceAccountsCreated![0]!.id);
    expect(created.namespaceId).toBe((await target.namespaces.findByName({ name: 'Team' }))?.id);

    const rerun = await migrate({
      from: source,
      to: target,
      createServiceAccounts: true,
      serviceAccountTokenFile: file,
    });
    expect(rerun.plan.changes).toEqual([]);
  });

  it('refuses an existing token file before writing anything, unless told to overwrite it', async () => {
    const source = memory();
    const target = memory();
    await source.serviceAccounts.create({ userId: 'ci' });
    const file = tempFile('tokens.jsonl');
    writeFileSync(file, 'keep me\n');
    const refused = migrate({ from: source, to: target, createServiceAccounts: true, serviceAccountTokenFile: file });
    await expect(refused).rejects.toMatchObject({ code: 'already_exists', field: 'serviceAccountTokenFile' });
    expect(await target.serviceAccounts.list().toArray()).toEqual([]);
    expect(readFileSync(file, 'utf8')).toBe('keep me\n');
    const { result } = await migrate({
      from: source,
      to: target,
      createServiceAccounts: true,
      serviceAccountTokenFile: file,
      overwriteServiceAccountTokenFile: true,
    });
    expect(result.serviceAccountsCreated).toHaveLength(1);
    expect(readFileSync(file, 'utf8')).not.toContain('keep me');
  });

  it('writes one whole line per token when several accounts are created at once', async () => {
    const source = memory();
    const target = memory();
    const names = Array.from({ length: 12 }, (_, index) => `bot-${index}`);
    for (const userId of names) await source.serviceAccounts.create({ userId });
    const file = tempFile('tokens.jsonl');
    const { result } = await migrate({
      from: source,
      to: target,
      createServiceAccounts: true,
      serviceAccountTokenFile: file,
      concurrency: 8,
    });
    expect(result.serviceAccountsCreated).toHaveLength(12);
    const lines = readFileSync(file, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(lines.map((line) => line.userId).sort()).toEqual([...names].sort());
    for (const line of lines) {
      expect((await target.serviceAccounts.getToken(line.id)).reveal()).toBe(line.token);
    }
  });
});
