import { readFileSync } from 'node:fs';
import { inspect } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { exportConfig, migrate, SyncFidelityError } from '../src/index.js';
import { clusterName, type Deployments, startDeployments, tempFile } from './settings-accounts-helpers.js';

describe('settings and service accounts across the fake consoles', () => {
  let deployments: Deployments;
  beforeEach(async () => {
    deployments = await startDeployments();
  });
  afterEach(async () => {
    await deployments.close();
  });

  it('Enterprise → Zero: reports the unsupported value and the masked secret, carries the rest', async () => {
    const { enterprise, zero } = deployments;
    await enterprise.settings.update({
      logLevel: 'debug',
      dnsLookupFamily: 'v4-first',
      identityProviderClientSecret: 'canary-enterprise-idp-secret',
      jwtClaimsHeaders: { 'X-Email': 'email' },
      timeoutRead: '1m',
    });
    const refused = migrate({ from: enterprise, to: zero });
    await expect(refused).rejects.toBeInstanceOf(SyncFidelityError);
    const { plan, result } = await migrate({ from: enterprise, to: zero, allowLossy: true });
    const issues = plan.fidelity.filter((issue) => issue.kind === 'settings');
    expect(issues).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ severity: 'error', rule: 'settings-value-unsupported', field: 'dnsLookupFamily' }),
        expect.objectContaining({ severity: 'warning', rule: 'masked-secret', field: 'identityProviderClientSecret' }),
        expect.objectContaining({ severity: 'warning', rule: 'masked-secret', field: 'cookieSecret' }),
      ]),
    );
    const change = plan.changes.find((entry) => entry.kind === 'settings');
    const fields = change?.diff?.map((entry) => entry.field) ?? [];
    expect(fields).toEqual(expect.arrayContaining(['logLevel', 'jwtClaimsHeaders', 'timeoutRead']));
    expect(fields).not.toContain('dnsLookupFamily');
    expect(fields).not.toContain('identityProviderClientSecret');
    expect(result.failed).toEqual([]);
    const stored = await zero.settings.get();
    expect(stored.logLevel).toBe('debug');
    expect(stored.jwtClaimsHeaders).toEqual({ 'X-Email': 'email' });
    expect(stored.dnsLookupFamily).toBe('V4_PREFERRED');
    expect(stored.identityProviderClientSecret).toBeUndefined();
    const again = await migrate({ from: enterprise, to: zero, allowLossy: true, dryRun: true });
    expect(again.plan.changes).toEqual([]);
  });

  it('Zero → Enterprise: a Zero-only setting is reported', async () => {
    const { enterprise, zero } = deployments;
    await zero.settings.update({ logLevel: 'warn', extensions: { zero: { mcpDynamicClientRegistration: true } } });
    const { plan } = await migrate({ from: zero, to: enterprise, dryRun: true, allowLossy: true });
    expect(plan.fidelity).toContainEqual(
      expect.objectContaining({
        severity: 'error',
        kind: 'settings',
        rule: 'backend-only-field',
        field: 'extensions.zero.mcpDynamicClientRegistration',
      }),
    );
  });

  it("exports a namespaced Enterprise service account by its bare user id, without the console's read-only bag", async () => {
    const { enterprise } = deployments;
    const root = (await enterprise.namespaces.list().toArray()).find((namespace) => namespace.parentId === undefined)!;
    const team = await enterprise.namespaces.create({ name: 'Team', parentId: root.id });
    await enterprise.serviceAccounts.create({ userId: 'team-bot', namespaceId: team.id });
    const [stored] = await enterprise.serviceAccounts.list().toArray();
    expect(stored!.extensions?.enterprise).toHaveProperty('fullUserId'); // what must stay out of the document
    const exported = await exportConfig(enterprise);
    expect(exported.serviceAccounts).toEqual([{ userId: 'team-bot', namespace: 'Team' }]);
  });

  it('reports the Enterprise service accounts Zero lacks; creates them with the tokens only in the file', async () => {
    const { enterprise, zero } = deployments;
    const issued = await enterprise.serviceAccounts.create({ userId: 'deploy-bot', description: 'deploys' });
    const enterpriseToken = issued.token!.reveal();
    const report = await migrate({ from: enterprise, to: zero, dryRun: true });
    expect(report.plan.fidelity).toContainEqual(
      expect.objectContaining({ kind: 'serviceAccount', key: 'deploy-bot', rule: 'service-account-missing' }),
    );
    const file = tempFile('tokens.jsonl');
    const logs: string[] = [];
    const { result } = await migrate({
      from: enterprise,
      to: zero,
      allowLossy: true,
      createServiceAccounts: true,
      serviceAccountTokenFile: file,
      onProgress: (event) => logs.push(JSON.stringify(event)),
    });
    expect(result.failed).toEqual([]);
    const created = result.serviceAccountsCreated!.find((entry) => entry.userId === 'deploy-bot')!;
    const line = readFileSync(file, 'utf8')
      .trim()
      .split('\n')
      .map((text) => JSON.parse(text))
      .find((entry) => entry.userId === 'deploy-bot');
    expect(line.id).toBe(created.id);
    expect((await zero.serviceAccounts.getToken(created.id)).reveal()).toBe(line.token);
    for (const text of [JSON.stringify(result), inspect(result, { depth: 10 }), ...logs]) {
      expect(text).not.toContain(line.token);
      expect(text).not.toContain(enterpriseToken);
    }
    expect((await zero.serviceAccounts.get(created.id)).description).toBe('deploys');
  });

  it('says that the change is not live yet when the Zero cluster does not apply changesets automatically', async () => {
    const { enterprise, zero } = deployments;
    await zero.settings.update({ autoApplyChangesets: false });
    const team = await enterprise.namespaces.create({ name: 'Team' });
    await enterprise.routes.create({
      namespaceId: team.id,
      name: 'app',
      from: 'https://app.example.com',
      to: ['http://app:80'],
    });
    const dry = await migrate({
      from: enterprise,
      to: zero,
      namespaceMap: { Team: clusterName },
      settings: false,
      dryRun: true,
    });
    expect(dry.plan.targetAutoApplyChangesets).toBe(false);
    const { result } = await migrate({
      from: enterprise,
      to: zero,
      namespaceMap: { Team: clusterName },
      settings: false,
    });
    expect(result.created).toBe(1);
    expect(result.notices).toEqual([expect.objectContaining({ code: 'changes-not-live' })]);
    expect(result.notices![0]!.message).toMatch(/not live until the changeset is applied/);
  });

  it('has no notice when changesets apply automatically', async () => {
    const { enterprise, zero } = deployments;
    const team = await enterprise.namespaces.create({ name: 'Team' });
    await enterprise.routes.create({
      namespaceId: team.id,
      name: 'app',
      from: 'https://app.example.com',
      to: ['http://app:80'],
    });
    const { result } = await migrate({
      from: enterprise,
      to: zero,
      namespaceMap: { Team: clusterName },
      settings: false,
    });
    expect(result.created).toBe(1);
    expect(result.notices).toBeUndefined();
  });
});
