import { inspect } from 'node:util';
import { createMemoryBackend, createPomeriumClient, PomeriumError } from '@pomerium-unified/core';
import { describe, expect, it } from 'vitest';
import {
  applyPlan,
  diffConfigs,
  exportConfig,
  maskedSecretMarker,
  migrate,
  type PomeriumConfig,
  planSync,
  secretMarker,
} from '../src/index.js';
import { memory } from './settings-accounts-helpers.js';

describe('settings in the config document (memory)', () => {
  it('exports settings with secrets as a marker, plans the fields that differ and applies only them', async () => {
    const source = memory();
    const target = memory();
    await source.settings.update({
      logLevel: 'debug',
      cookieSecret: 'canary-cookie-secret',
      passIdentityHeaders: true,
    });
    await target.settings.update({ logLevel: 'info', timeoutRead: '30s', passIdentityHeaders: true });

    const plain = await exportConfig(source);
    expect(plain.settings).toEqual({ logLevel: 'debug', cookieSecret: secretMarker, passIdentityHeaders: true });
    expect(JSON.stringify(plain)).not.toContain('canary-cookie-secret');
    const full = await exportConfig(source, { includeSecrets: true });
    expect(full.settings?.cookieSecret).toBe('canary-cookie-secret');

    const plan = await planSync({ desired: full, target });
    const change = plan.changes.find((entry) => entry.kind === 'settings');
    expect(change).toMatchObject({ action: 'update', kind: 'settings' });
    expect(change?.diff).toEqual([
      { field: 'logLevel', before: 'info', after: 'debug' },
      { field: 'cookieSecret', after: secretMarker },
    ]);
    expect(JSON.stringify({ ...plan, changes: plan.changes.map(({ desired: _d, ...rest }) => rest) })).not.toContain(
      'canary-cookie-secret',
    );
    // The plan holds the value it writes, yet inspects (console.log, progress events) with the marker.
    expect(inspect(plan, { depth: 20 })).not.toContain('canary-cookie-secret');
    expect(JSON.stringify(change?.desired)).toContain('canary-cookie-secret');
    const result = await applyPlan(plan, target);
    expect(result.failed).toEqual([]);
    expect(result.updated).toBe(1);
    const stored = await target.settings.get();
    expect(stored.logLevel).toBe('debug');
    expect(stored.timeoutRead).toBe('30s');
    expect(stored.cookieSecret?.reveal()).toBe('canary-cookie-secret');
    const again = await planSync({ desired: full, target });
    expect(again.changes).toEqual([]);
    // The target's own timeoutRead, which the document leaves out, is kept, so only it differs.
    expect(diffConfigs(full, await exportConfig(target, { includeSecrets: true })).differences).toEqual([
      { change: 'changed', kind: 'settings', key: 'settings', fields: [{ field: 'timeoutRead', after: '30s' }] },
    ]);
  });

  it('refuses a stale settings plan with aborted', async () => {
    const target = memory();
    const plan = await planSync({
      desired: {
        apiVersion: 'pomerium-unified/v1',
        kind: 'PomeriumConfig',
        namespaces: [],
        policies: [],
        routes: [],
        settings: { logLevel: 'warn' },
      },
      target,
    });
    await target.settings.update({ proxyLogLevel: 'error' });
    const result = await applyPlan(plan, target);
    expect(result.failed.map((failure) => failure.error.code)).toEqual(['aborted']);
    expect((await target.settings.get()).proxyLogLevel).toBe('error');
  });

  it('reports secrets the server returned masked and never writes them', async () => {
    const source = memory({ maskSecretSettings: true });
    await source.settings.update({ identityProviderClientSecret: 'canary-idp-secret', logLevel: 'warn' });
    const exported = await exportConfig(source, { includeSecrets: true });
    expect(exported.settings?.identityProviderClientSecret).toBe(maskedSecretMarker);
    const target = memory();
    const { plan, result } = await migrate({ from: source, to: target });
    expect(plan.fidelity).toContainEqual(
      expect.objectContaining({ kind: 'settings', rule: 'masked-secret', field: 'identityProviderClientSecret' }),
    );
    expect(result.failed).toEqual([]);
    const stored = await target.settings.get();
    expect(stored.logLevel).toBe('warn');
    expect(stored.identityProviderClientSecret).toBeUndefined();
  });

  it('says so when the target has no settings, and still migrates the rest', async () => {
    const source = memory();
    await source.settings.update({ logLevel: 'debug' });
    await source.namespaces.create({ name: 'Team' });
    const backend = createMemoryBackend();
    const target = createPomeriumClient({
      backend: Object.assign(Object.create(backend), { capabilities: { ...backend.capabilities, settings: false } }),
    });
    const { plan, result } = await migrate({ from: source, to: target });
    expect(plan.fidelity).toEqual([
      expect.objectContaining({ severity: 'warning', kind: 'settings', rule: 'settings-unsupported' }),
    ]);
    expect(result.created).toBe(1);
  });
});

it('rejects a document whose settings are malformed, naming the field', async () => {
  const error = await planSync({
    desired: {
      apiVersion: 'pomerium-unified/v1',
      kind: 'PomeriumConfig',
      namespaces: [],
      policies: [],
      routes: [],
      settings: { timeoutRead: 'soon' },
    },
    target: memory(),
  }).catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(PomeriumError);
  expect((error as PomeriumError).field).toBe('desired.settings.timeoutRead');
});

describe('settings and service accounts in documents', () => {
  const base = (): PomeriumConfig => ({
    apiVersion: 'pomerium-unified/v1',
    kind: 'PomeriumConfig',
    namespaces: [],
    policies: [],
    routes: [],
  });

  it('reports key-pair ids of another backend and settings its adapter cannot write', async () => {
    const plan = await planSync({
      desired: {
        ...base(),
        source: { backend: 'enterprise' },
        settings: {
          logLevel: 'warn',
          certificateAuthorityKeyPairId: 'kp-1',
          extensions: { enterprise: { brandingColor: '#fff' }, zero: { mcpDynamicClientRegistration: false } },
        },
      },
      target: memory(),
    });
    expect(plan.fidelity.map(({ rule, field, severity }) => ({ rule, field, severity }))).toEqual([
      { rule: 'deployment-id', field: 'certificateAuthorityKeyPairId', severity: 'error' },
      { rule: 'unknown-wire-field', field: 'extensions.enterprise.brandingColor', severity: 'error' },
    ]);
    expect(plan.changes[0]?.diff).toEqual([{ field: 'logLevel', after: 'warn' }]);
  });

  it('diffs settings field by field (secrets hidden) and service accounts by bare user id', () => {
    const a = {
      ...base(),
      settings: { logLevel: 'info', cookieSecret: 'canary-a', timeoutRead: '1m' },
      serviceAccounts: [{ userId: 'ci' }, { userId: 'old' }],
    };
    const b = {
      ...base(),
      settings: { logLevel: 'debug', cookieSecret: 'canary-b', timeoutRead: '60s' },
      serviceAccounts: [{ userId: 'ci@ns-1.pomerium' }, { userId: 'new' }],
    };
    const diff = diffConfigs(a, b);
    expect(diff.differences).toEqual([
      {
        change: 'changed',
        kind: 'settings',
        key: 'settings',
        fields: [
          { field: 'cookieSecret', before: secretMarker, after: secretMarker },
          { field: 'logLevel', before: 'info', after: 'debug' },
        ],
      },
      { change: 'removed', kind: 'serviceAccount', key: 'old' },
      { change: 'added', kind: 'serviceAccount', key: 'new' },
    ]);
    expect(JSON.stringify(diff)).not.toContain('canary');
    // A part one document does not hold (not readable there) is not compared.
    expect(diffConfigs(a, base()).equal).toBe(true);
  });
});
