import { createMemoryBackend, createPomeriumClient, type PomeriumBackend } from '@pomerium-unified/core';
import { enterpriseSyncRules } from '@pomerium-unified/enterprise-adapter';
import { zeroSyncRules } from '@pomerium-unified/zero-adapter';
import { describe, expect, it } from 'vitest';
import { type PomeriumConfig, planSync } from '../src/index.js';

/** A memory backend that answers like Zero: another name, no namespace writes, one health check per route. */
function zeroLike() {
  const memory = createMemoryBackend();
  const backend: PomeriumBackend = {
    ...memory,
    name: 'zero',
    capabilities: { ...memory.capabilities, writeNamespaces: false, multipleHealthChecks: false },
  };
  return createPomeriumClient({ backend });
}

const check = { type: 'tcp' as const, timeout: '5s', interval: '10s', healthyThreshold: 1, unhealthyThreshold: 2 };

const enterpriseDocument: PomeriumConfig = {
  apiVersion: 'pomerium-unified/v1',
  kind: 'PomeriumConfig',
  source: { backend: 'enterprise' },
  namespaces: [{ path: 'A' }, { path: 'B' }],
  policies: [
    {
      namespace: 'A',
      name: 'legacy',
      ppl: [{ allow: { or: [{ authenticated_user: true }] } }],
      extensions: {
        enterprise: {
          allowedUsers: ['u1'],
          allowedDomains: ['example.com'],
          allowedIdpClaims: { groups: ['g'] },
          rego: ['package x'],
          unknownFields: [42],
        },
      },
    },
    { namespace: 'A', name: 'corp', enforced: true, ppl: [{ allow: { or: [{ authenticated_user: true }] } }] },
  ],
  routes: [
    {
      namespace: 'A',
      name: 'app',
      from: 'https://app.example.com',
      to: ['http://app'],
      policies: ['legacy'],
      healthChecks: [check, { ...check, timeout: '6s' }],
      tlsClientKeyPairId: 'kp-1',
      extensions: {
        enterprise: {
          identityProviders: ['idp'],
          kubernetesServiceAccountTokenFile: '/var/token',
          redirectRegexRewrite: { pattern: 'a', substitution: 'b' },
          healthChecks: [{ intervalJitter: '1s' }],
          jwtGroupsFilter: { groups: ['g'] },
        },
      },
    },
    { namespace: 'B', name: 'other', from: 'https://other.example.com', to: ['http://other'] },
  ],
};

describe('fidelity report, Enterprise → Zero', () => {
  it('lists every Enterprise-only field, extra health checks, key-pair ids and unknown wire fields', async () => {
    const target = zeroLike();
    const root = (await target.namespaces.list().toArray())[0]!;
    await target.namespaces.create({ name: 'cluster', parentId: root.id });
    const plan = await planSync({
      desired: enterpriseDocument,
      sourceRules: enterpriseSyncRules,
      target,
      namespaceMap: { A: 'cluster', B: 'cluster' },
    });
    const found = plan.fidelity.map((issue) =>
      `${issue.severity} ${issue.rule} ${issue.key} ${issue.field ?? ''}`.trim(),
    );
    expect(found).toEqual(
      expect.arrayContaining([
        'error backend-only-field cluster/legacy extensions.enterprise.allowedUsers',
        'error backend-only-field cluster/legacy extensions.enterprise.allowedDomains',
        'error backend-only-field cluster/legacy extensions.enterprise.allowedIdpClaims',
        'error backend-only-field cluster/legacy extensions.enterprise.rego',
        'warning unknown-wire-fields cluster/legacy extensions.enterprise.unknownFields',
        'error backend-only-field cluster/app extensions.enterprise.identityProviders',
        'error backend-only-field cluster/app extensions.enterprise.kubernetesServiceAccountTokenFile',
        'error backend-only-field cluster/app extensions.enterprise.redirectRegexRewrite',
        'error backend-only-field cluster/app extensions.enterprise.healthChecks',
        'error backend-only-field cluster/app extensions.enterprise.jwtGroupsFilter',
        'error single-health-check cluster/app healthChecks',
        'error deployment-id cluster/app tlsClientKeyPairId',
        'error enforced-scope-changed cluster/corp enforced',
      ]),
    );
    const create = plan.changes.find((change) => change.key === 'cluster/app')!;
    expect(create.desired).not.toHaveProperty('extensions');
    expect(create.desired).not.toHaveProperty('tlsClientKeyPairId');
    expect((create.desired as { healthChecks: unknown[] }).healthChecks).toHaveLength(1);
  });

  it('asks for a namespace map where the target cannot create namespaces', async () => {
    const plan = await planSync({ desired: enterpriseDocument, sourceRules: enterpriseSyncRules, target: zeroLike() });
    expect(plan.fidelity.filter((issue) => issue.rule === 'namespace-not-creatable').map((issue) => issue.key)).toEqual(
      ['A', 'B', 'A/corp', 'A/legacy', 'A/app', 'B/other'],
    );
    expect(plan.changes).toEqual([]);
  });

  it('reports nothing when the scope of an enforced policy is kept', async () => {
    const target = createPomeriumClient({ backend: createMemoryBackend() });
    const plan = await planSync({
      desired: enterpriseDocument,
      sourceRules: enterpriseSyncRules,
      target,
      namespaceMap: { A: 'X/A', B: 'X/B' },
    });
    expect(plan.fidelity.filter((issue) => issue.rule === 'enforced-scope-changed')).toEqual([]);
    expect(plan.changes.filter((change) => change.kind === 'namespace').map((change) => change.key)).toEqual([
      'X',
      'X/A',
      'X/B',
    ]);
  });
});

describe('fidelity report, Zero → Enterprise', () => {
  it('refuses keys a newer Zero console sent inside shared settings', async () => {
    const desired: PomeriumConfig = {
      apiVersion: 'pomerium-unified/v1',
      kind: 'PomeriumConfig',
      source: { backend: 'zero' },
      namespaces: [],
      policies: [],
      routes: [
        {
          namespace: '/',
          name: 'r',
          from: 'https://r.example.com',
          to: [],
          redirect: { hostRedirect: 'x.example.com' },
          extensions: { zero: { nestedFields: { '/redirect/futureFlag': true } } },
        },
      ],
    };
    const plan = await planSync({
      desired,
      sourceRules: zeroSyncRules,
      target: createPomeriumClient({ backend: createMemoryBackend() }),
    });
    expect(plan.fidelity).toEqual([
      expect.objectContaining({ severity: 'error', key: '/r', field: 'extensions.zero.nestedFields' }),
    ]);
  });
});
