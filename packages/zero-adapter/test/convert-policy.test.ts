import { describe, expect, it } from 'vitest';
import { policyToZeroPolicyProperties, zeroPolicyToPolicy, zeroPplToPpl } from '../src/convert-policy.js';

const wirePolicy = {
  id: 'p1',
  createdAt: '2026-01-01T00:00:00Z',
  updatedAt: '2026-01-02T00:00:00Z',
  routes: [{ id: 'r1', name: 'app', updatedAt: '2026-01-01T00:00:00Z' }],
  enforcedRoutes: [],
  namespaceId: 'ns1',
  name: 'everyone',
  enforced: false,
  ppl: { allow: { or: [{ accept: true }] } },
  description: '',
  explanation: 'why',
  remediation: 'what',
  originatorId: 'terraform',
  futureKey: 1,
};

describe('zeroPplToPpl', () => {
  it('accepts a rule object or an array of rules', () => {
    expect(zeroPplToPpl({ allow: { and: [{ email: { is: 'a@b.c' } }] } })).toEqual([
      { allow: { and: [{ email: { is: 'a@b.c' } }] } },
    ]);
    expect(zeroPplToPpl([{ deny: { or: [{ accept: true }] } }])).toEqual([{ deny: { or: [{ accept: true }] } }]);
    expect(zeroPplToPpl(undefined)).toEqual([]);
  });
});

describe('zeroPolicyToPolicy', () => {
  it('maps to the core model with routeIds and Zero-only data in extensions.zero', () => {
    expect(zeroPolicyToPolicy(wirePolicy)).toEqual({
      id: 'p1',
      namespaceId: 'ns1',
      name: 'everyone',
      description: '',
      enforced: false,
      ppl: [{ allow: { or: [{ accept: true }] } }],
      explanation: 'why',
      remediation: 'what',
      routeIds: ['r1'],
      createdAt: '2026-01-01T00:00:00Z',
      updatedAt: '2026-01-02T00:00:00Z',
      extensions: {
        zero: {
          routes: wirePolicy.routes,
          enforcedRoutes: [],
          originatorId: 'terraform',
          additionalFields: { futureKey: 1 },
        },
      },
    });
  });
});

describe('policyToZeroPolicyProperties', () => {
  it('always sends description, explanation and remediation', () => {
    expect(
      policyToZeroPolicyProperties({ namespaceId: 'n', name: 'p', ppl: [{ allow: { or: [{ accept: true }] } }] }),
    ).toEqual({
      namespaceId: 'n',
      name: 'p',
      enforced: false,
      ppl: [{ allow: { or: [{ accept: true }] } }],
      description: '',
      explanation: '',
      remediation: '',
    });
  });

  it('round-trips a read policy, keeping the object PPL form and unknown keys', () => {
    const body = policyToZeroPolicyProperties(zeroPolicyToPolicy(wirePolicy), wirePolicy);
    const { id, createdAt, updatedAt, routes, enforcedRoutes, ...properties } = wirePolicy;
    expect(body).toEqual(properties);
  });

  it('sends a changed PPL as an array', () => {
    const policy = { ...zeroPolicyToPolicy(wirePolicy), ppl: [{ deny: { or: [{ accept: true }] } }] };
    expect(policyToZeroPolicyProperties(policy, wirePolicy).ppl).toEqual([{ deny: { or: [{ accept: true }] } }]);
  });
});
