import {
  type BackendSyncRules,
  createMemoryBackend,
  createPomeriumClient,
  type PomeriumBackend,
  type PomeriumClient,
} from '@pomerium-unified/core';
import { describe, expect, it } from 'vitest';
import { exportConfig, migrate } from '../src/index.js';

/** The rules a third-party backend `acme` declares for itself: no table in sync knows its name. */
const acmeRules: BackendSyncRules = {
  readOnlyExtensionKeys: { route: ['hitCount'], policy: '*' },
  foreignExtensionKeys: {
    route: { colour: { severity: 'warning', reason: 'the dashboard colour is kept by Acme only' } },
  },
  redirectResponseCodes: [301, 308],
};

/** A memory backend under another name that declares `syncRules` (or none). */
function named(name: string, syncRules: BackendSyncRules | undefined): PomeriumClient {
  const memory = createMemoryBackend();
  const backend: PomeriumBackend = { ...memory, name, ...(syncRules ? { syncRules } : { syncRules: undefined }) };
  return createPomeriumClient({ backend });
}

async function seedAcme(client: PomeriumClient) {
  const team = await client.namespaces.create({ name: 'team' });
  await client.policies.create({
    namespaceId: team.id,
    name: 'everyone',
    ppl: { allow: { or: [{ authenticated_user: true }] } },
    extensions: { acme: { computedRoutes: 3 } },
  });
  await client.routes.create({
    namespaceId: team.id,
    name: 'app',
    from: 'https://app.example.com',
    to: ['http://app'],
    extensions: { acme: { hitCount: 7, colour: 'teal', futureKnob: true } },
  });
}

describe('backend-declared sync rules', () => {
  it('export leaves out the keys the reading backend declares read-only', async () => {
    const acme = named('acme', acmeRules);
    await seedAcme(acme);
    const config = await exportConfig(acme);
    expect(config.policies[0]).not.toHaveProperty('extensions');
    expect(config.routes[0]!.extensions).toEqual({ acme: { colour: 'teal', futureKnob: true } });

    const undeclared = named('acme', undefined);
    await seedAcme(undeclared);
    const kept = await exportConfig(undeclared);
    expect(kept.policies[0]!.extensions).toEqual({ acme: { computedRoutes: 3 } });
    expect(kept.routes[0]!.extensions).toEqual({ acme: { colour: 'teal', futureKnob: true, hitCount: 7 } });
  });

  it("judges the source's extension keys by the source's rules, and redirect codes by the target's", async () => {
    const acme = named('acme', acmeRules);
    await seedAcme(acme);
    const { plan } = await migrate({ from: acme, to: named('other', undefined), dryRun: true, allowLossy: true });
    const found = plan.fidelity.map((issue) => `${issue.severity} ${issue.rule} ${issue.field} ${issue.reason}`);
    expect(found).toEqual([
      'warning backend-only-field extensions.acme.colour the dashboard colour is kept by Acme only; other cannot take it',
      'error unknown-wire-field extensions.acme.futureKnob a acme field that other cannot take',
    ]);

    const source = named('other', undefined);
    const team = await source.namespaces.create({ name: 'team' });
    await source.routes.create({
      namespaceId: team.id,
      name: 'moved',
      from: 'https://moved.example.com',
      to: [],
      redirect: { hostRedirect: 'new.example.com', responseCode: 302 },
    });
    const toAcme = await migrate({ from: source, to: named('acme', acmeRules), dryRun: true, allowLossy: true });
    expect(toAcme.plan.fidelity).toEqual([
      expect.objectContaining({ severity: 'error', rule: 'redirect-response-code', field: 'redirect.responseCode' }),
    ]);
    const toUndeclared = await migrate({ from: source, to: named('plain', undefined), dryRun: true });
    expect(toUndeclared.plan.fidelity).toEqual([]);
  });
});
