import { create, equals, fromBinary, isFieldSet, toBinary } from '@bufbuild/protobuf';
import { DurationSchema } from '@bufbuild/protobuf/wkt';
import type { RouteCreateInput } from '@pomerium-unified/core';
import { describe, expect, it } from 'vitest';
import { durationFromString, durationToString } from '../src/convert-duration.js';
import { namespaceFromProto } from '../src/convert-namespace.js';
import { policyFromProto, policyToProto } from '../src/convert-policy.js';
import { routeFromProto, routeToProto, writeRouteOnto } from '../src/convert-route.js';
import {
  BearerTokenFormat,
  CodecClientType,
  HealthCheck_HttpHealthCheckSchema,
  HealthCheckSchema,
  IssuerFormat,
  LoadBalancingPolicy,
  NamespaceSchema,
  PolicySchema,
  RedirectAction_RedirectResponseCode,
  RedirectActionSchema,
  RouteSchema,
} from '../src/protocol.js';

const minimal: RouteCreateInput = {
  namespaceId: 'ns-1',
  name: 'app',
  from: 'https://app.example.com',
  to: ['http://app:8080'],
};

/** Encodes and decodes, so assertions see what actually travels on the wire. */
function overTheWire(route: ReturnType<typeof routeToProto>) {
  return fromBinary(RouteSchema, toBinary(RouteSchema, route));
}

describe('route presence', () => {
  it('leaves every unset optional field absent on the wire', () => {
    const wire = overTheWire(routeToProto(minimal));
    for (const name of [
      'timeout',
      'allowWebsockets',
      'tlsSkipVerify',
      'preserveHostHeader',
      'passIdentityHeaders',
      'jwtIssuerFormat',
      'bearerTokenFormat',
      'loadBalancingPolicy',
      'prefix',
      'description',
      'healthyPanicThreshold',
      'allowUpgrades',
      'redirect',
      'response',
      'circuitBreakerThresholds',
    ] as const) {
      expect(isFieldSet(wire, RouteSchema.field[name]), name).toBe(false);
    }
    expect(toBinary(RouteSchema, routeToProto(minimal)).length).toBeLessThan(80);
  });

  it('sends an explicit false, zero or empty string as set', () => {
    const wire = overTheWire(
      routeToProto({ ...minimal, tlsSkipVerify: false, allowWebsockets: false, regexPriorityOrder: 0, prefix: '' }),
    );
    expect(isFieldSet(wire, RouteSchema.field.tlsSkipVerify)).toBe(true);
    expect(wire.tlsSkipVerify).toBe(false);
    expect(isFieldSet(wire, RouteSchema.field.allowWebsockets)).toBe(true);
    expect(wire.regexPriorityOrder).toBe(0n);
    expect(wire.prefix).toBe('');
    const read = routeFromProto(wire);
    expect(read).toMatchObject({ tlsSkipVerify: false, allowWebsockets: false, regexPriorityOrder: 0, prefix: '' });
  });

  it('distinguishes an unset IssuerHostOnly (0) from a set one', () => {
    expect(routeFromProto(overTheWire(routeToProto(minimal))).jwtIssuerFormat).toBeUndefined();
    const wire = overTheWire(routeToProto({ ...minimal, jwtIssuerFormat: 'hostOnly' }));
    expect(wire.jwtIssuerFormat).toBe(IssuerFormat.IssuerHostOnly);
    expect(routeFromProto(wire).jwtIssuerFormat).toBe('hostOnly');
  });

  it('maps enums to their proto values', () => {
    const wire = overTheWire(
      routeToProto({
        ...minimal,
        bearerTokenFormat: 'jwt',
        loadBalancingPolicy: 'round_robin',
        jwtIssuerFormat: 'uri',
      }),
    );
    expect(wire.bearerTokenFormat).toBe(BearerTokenFormat.JWT);
    expect(wire.loadBalancingPolicy).toBe(LoadBalancingPolicy.ROUND_ROBIN);
    expect(wire.jwtIssuerFormat).toBe(IssuerFormat.IssuerURI);
  });

  it('keeps set-but-empty string lists apart from unset ones', () => {
    const wire = overTheWire(routeToProto({ ...minimal, allowUpgrades: [] }));
    expect(isFieldSet(wire, RouteSchema.field.allowUpgrades)).toBe(true);
    expect(routeFromProto(wire).allowUpgrades).toEqual([]);
  });
});

describe('durations', () => {
  it('converts proto durations to canonical strings exactly', () => {
    expect(durationToString(create(DurationSchema, { seconds: 90n }))).toBe('90s');
    expect(durationToString(create(DurationSchema, { seconds: 1n, nanos: 500_000_000 }))).toBe('1.5s');
    expect(durationToString(create(DurationSchema, { seconds: 0n, nanos: 1 }))).toBe('0.000000001s');
  });

  it('parses canonical and Go-style strings', () => {
    expect(durationFromString('30s')).toMatchObject({ seconds: 30n, nanos: 0 });
    expect(durationFromString('1m30s')).toMatchObject({ seconds: 90n, nanos: 0 });
    expect(durationFromString('250ms')).toMatchObject({ seconds: 0n, nanos: 250_000_000 });
    expect(durationFromString('1.5h')).toMatchObject({ seconds: 5400n, nanos: 0 });
    expect(durationFromString('0.000000001s')).toMatchObject({ seconds: 0n, nanos: 1 });
    expect(() => durationFromString('soon')).toThrow();
  });

  it('writes route timeouts as google.protobuf.Duration', () => {
    const wire = overTheWire(routeToProto({ ...minimal, timeout: '90s', idleTimeout: '1.5s' }));
    expect(wire.timeout).toMatchObject({ seconds: 90n, nanos: 0 });
    expect(wire.idleTimeout).toMatchObject({ seconds: 1n, nanos: 500_000_000 });
    expect(routeFromProto(wire)).toMatchObject({ timeout: '90s', idleTimeout: '1.5s' });
  });
});

describe('redirects', () => {
  it.each([
    [301, RedirectAction_RedirectResponseCode.MOVED_PERMANENTLY],
    [302, RedirectAction_RedirectResponseCode.FOUND],
    [303, RedirectAction_RedirectResponseCode.SEE_OTHER],
    [307, RedirectAction_RedirectResponseCode.TEMPORARY_REDIRECT],
    [308, RedirectAction_RedirectResponseCode.PERMANENT_REDIRECT],
  ] as const)('maps HTTP %i to RedirectResponseCode %i', (status, code) => {
    const wire = overTheWire(routeToProto({ ...minimal, to: [], redirect: { responseCode: status } }));
    expect(wire.redirect?.responseCode).toBe(code);
    const read = routeFromProto(wire).redirect;
    // 301 is the proto zero value: it reads back as "unset", which means 301.
    expect(read?.responseCode).toBe(status === 301 ? undefined : status);
  });

  it('fills the oneofs and keeps a regex rewrite in the extension bag', () => {
    const wire = overTheWire(
      routeToProto({
        ...minimal,
        to: [],
        redirect: { httpsRedirect: true, hostRedirect: 'new.example.com', stripQuery: true },
        extensions: { enterprise: { redirectRegexRewrite: { pattern: '^/a/(.*)$', substitution: '/b/\\1' } } },
      }),
    );
    expect(wire.redirect?.schemeRewriteSpecifier).toEqual({ case: 'httpsRedirect', value: true });
    expect(wire.redirect?.pathRewriteSpecifier.case).toBe('regexRewrite');
    const read = routeFromProto(wire);
    expect(read.redirect).toEqual({ httpsRedirect: true, hostRedirect: 'new.example.com', stripQuery: true });
    expect(read.extensions.enterprise?.redirectRegexRewrite).toEqual({ pattern: '^/a/(.*)$', substitution: '/b/\\1' });
  });
});

describe('health checks', () => {
  it('converts http, tcp and grpc checks with Enterprise-only jitter in the bag', () => {
    const wire = overTheWire(
      routeToProto({
        ...minimal,
        healthChecks: [
          {
            type: 'http',
            timeout: '5s',
            interval: '10s',
            healthyThreshold: 1,
            unhealthyThreshold: 2,
            path: '/healthz',
            expectedStatuses: [{ start: 200, end: 300 }],
            codecClientType: 'http2',
          },
          { type: 'tcp', timeout: '1s', interval: '2s', healthyThreshold: 1, unhealthyThreshold: 1, send: '0a0b' },
          { type: 'grpc', timeout: '1s', interval: '2s', healthyThreshold: 1, unhealthyThreshold: 1, serviceName: 'x' },
        ],
        extensions: {
          enterprise: { healthChecks: [{ intervalJitter: '1s', retriableStatuses: [{ start: 503, end: 504 }] }] },
        },
      }),
    );
    expect(wire.healthChecks).toHaveLength(3);
    const [http, tcp, grpc] = wire.healthChecks;
    expect(http?.healthChecker.case).toBe('httpHealthCheck');
    expect(http?.intervalJitter).toMatchObject({ seconds: 1n });
    const httpChecker = http?.healthChecker.value as { codecClientType: CodecClientType; retriableStatuses: unknown[] };
    expect(httpChecker.codecClientType).toBe(CodecClientType.HTTP2);
    expect(httpChecker.retriableStatuses).toHaveLength(1);
    expect(tcp?.healthChecker.case).toBe('tcpHealthCheck');
    expect(grpc?.healthChecker.case).toBe('grpcHealthCheck');
    const read = routeFromProto(wire);
    expect(read.healthChecks?.[0]).toMatchObject({ type: 'http', path: '/healthz', codecClientType: 'http2' });
    expect(read.healthChecks?.[1]).toMatchObject({ type: 'tcp', send: '0a0b' });
    expect(read.extensions.enterprise?.healthChecks?.[0]).toEqual({
      intervalJitter: '1s',
      retriableStatuses: [{ start: 503, end: 504 }],
    });
  });
});

describe('read-modify-write', () => {
  it('writes back a route read from the console unchanged, field for field', () => {
    const stored = create(RouteSchema, {
      id: 'r-1',
      namespaceId: 'ns-1',
      name: 'app',
      from: 'https://app.example.com',
      to: ['http://app:8080'],
      statName: 'app-example-com',
      kubernetesServiceAccountTokenFile: '/var/run/token',
      identityProviders: ['okta'],
      enableGoogleCloudServerlessAuthentication: true,
      bearerTokenFormat: BearerTokenFormat.UNKNOWN,
      redirect: create(RedirectActionSchema, { responseCode: RedirectAction_RedirectResponseCode.FOUND }),
      healthChecks: [
        create(HealthCheckSchema, {
          timeout: { seconds: 1n },
          interval: { seconds: 2n },
          healthyThreshold: 1,
          unhealthyThreshold: 1,
          initialJitter: { nanos: 5 },
          healthChecker: {
            case: 'httpHealthCheck',
            value: create(HealthCheck_HttpHealthCheckSchema, { path: '/', codecClientType: CodecClientType.HTTP3 }),
          },
        }),
      ],
    });
    const model = routeFromProto(stored);
    const written = routeToProto(model, stored);
    expect(equals(RouteSchema, written, stored)).toBe(true);
  });

  it('writes an update onto the message just read exactly as onto a copy of it, leaving the model intact', () => {
    const read = () =>
      overTheWire(
        create(RouteSchema, {
          id: 'r-1',
          namespaceId: 'ns-1',
          name: 'app',
          from: 'https://app.example.com',
          to: ['http://app:8080', 'http://app-2:8080'],
          policyIds: ['p-1'],
          policyNames: ['policy 1'],
          setRequestHeaders: { 'X-A': 'a' },
          removeRequestHeaders: ['X-B'],
          timeout: { seconds: 30n },
          statName: 'app',
          identityProviders: ['okta'],
          redirect: create(RedirectActionSchema, { responseCode: RedirectAction_RedirectResponseCode.FOUND }),
        }),
      );
    const model = routeFromProto(read());
    const updated = {
      ...model,
      name: 'renamed',
      to: ['http://app-3:8080'],
      setRequestHeaders: { 'X-A': 'changed' },
      timeout: '1m30s',
      description: 'new',
    };
    const copied = routeToProto(updated, read(), model);
    const target = read();
    const targetModel = routeFromProto(target);
    const before = structuredClone(targetModel);
    const written = writeRouteOnto(target, updated, targetModel);
    expect(written).toBe(target);
    expect(equals(RouteSchema, written, copied)).toBe(true);
    // The model read from the message shares nothing with it that the write changed.
    expect(targetModel).toEqual(before);
    expect(routeFromProto(written)).toMatchObject({
      name: 'renamed',
      to: ['http://app-3:8080'],
      setRequestHeaders: { 'X-A': 'changed' },
      removeRequestHeaders: ['X-B'],
      timeout: '90s',
      description: 'new',
    });
  });

  it('never writes computed fields back', () => {
    const stored = create(RouteSchema, {
      id: 'r-1',
      namespaceId: 'ns-1',
      name: 'app',
      from: 'https://a',
      policyNames: ['p'],
      namespaceName: 'ns',
      enforcedPolicyIds: ['e'],
      enforcedPolicyNames: ['E'],
    });
    const written = routeToProto(routeFromProto(stored), stored);
    expect(written.policyNames).toEqual([]);
    expect(written.namespaceName).toBe('');
    expect(written.enforcedPolicyIds).toEqual([]);
    expect(routeFromProto(stored).enforcedPolicyIds).toEqual(['e']);
    expect(routeFromProto(stored).policyIds).toEqual([]);
  });
});

describe('policies and namespaces', () => {
  it('sends PPL as a JSON string and parses it back', () => {
    const ppl = [{ allow: { or: [{ email: { is: 'a@example.com' } }] } }];
    const policy = policyToProto({ namespaceId: 'ns', name: 'p', ppl });
    expect(typeof policy.ppl).toBe('string');
    expect(JSON.parse(policy.ppl)).toEqual(ppl);
    expect(policyFromProto(policy).ppl).toEqual(ppl);
    expect(policyFromProto(create(PolicySchema, { ppl: '{"allow":{"and":[{"accept":true}]}}' })).ppl).toEqual([
      { allow: { and: [{ accept: true }] } },
    ]);
  });

  it('keeps Enterprise-only policy fields and the exact PPL string on a read-modify-write', () => {
    const stored = create(PolicySchema, {
      id: 'p',
      name: 'p',
      namespaceId: 'ns',
      ppl: '{ "allow": { "and": [ { "accept": true } ] } }',
      allowedUsers: ['alice'],
      rego: ['package pomerium.policy'],
    });
    const model = policyFromProto(stored);
    expect(model.extensions.enterprise).toMatchObject({ allowedUsers: ['alice'], rego: ['package pomerium.policy'] });
    const written = policyToProto({ description: 'new', ppl: model.ppl }, stored);
    expect(written.ppl).toBe(stored.ppl);
    expect(written.allowedUsers).toEqual(['alice']);
    expect(written.description).toBe('new');
  });

  it('tells root, cluster and plain namespaces apart', () => {
    expect(namespaceFromProto(create(NamespaceSchema, { id: 'r', name: 'Global' })).kind).toBe('root');
    expect(namespaceFromProto(create(NamespaceSchema, { id: 'c', parentId: 'r', clusterId: 'k' })).kind).toBe(
      'cluster',
    );
    const plain = namespaceFromProto(create(NamespaceSchema, { id: 'n', parentId: 'r', name: 'n' }));
    expect(plain).toMatchObject({ kind: 'namespace', parentId: 'r' });
  });
});
