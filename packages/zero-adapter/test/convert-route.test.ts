import { PomeriumError, type Route, type RouteCreateInput } from '@pomerium-unified/core';
import { describe, expect, it } from 'vitest';
import {
  assertZeroHealthChecks,
  routeToZeroRouteProperties,
  zeroRouteRequiredBooleans,
  zeroRouteResponseOnlyKeys,
  zeroRouteToRoute,
} from '../src/convert-route.js';

const wireRoute = {
  id: 'r1',
  createdAt: '2026-01-01T00:00:00Z',
  updatedAt: '2026-01-02T00:00:00Z',
  policies: [{ id: 'p1', name: 'everyone', updatedAt: '2026-01-01T00:00:00Z' }],
  enforcedPolicies: [{ id: 'p2', name: 'corp', updatedAt: '2026-01-01T00:00:00Z' }],
  enforcedPolicyIds: ['p2'],
  namespaceId: 'ns1',
  name: 'app',
  from: 'https://app.example.com',
  to: ['http://app:80'],
  policyIds: ['p1'],
  allowSpdy: false,
  allowWebsockets: true,
  enableGoogleCloudServerlessAuthentication: false,
  preserveHostHeader: false,
  showErrorDetails: true,
  tlsSkipVerify: false,
  tlsUpstreamAllowRenegotiation: false,
  bearerTokenFormat: 'idp_identity_token',
  healthCheck: {
    type: 'http',
    path: '/healthz',
    interval: '10s',
    timeout: '1s',
    healthyThreshold: 1,
    unhealthyThreshold: 2,
  },
  rewriteResponseHeaders: [{ header: 'Location', value: '/', matcher: { prefix: 'http://app/' } }],
  mcp: {
    server: {
      upstreamOAuth2: {
        clientId: 'c',
        clientSecret: 's',
        oauth2Endpoint: { authStyle: 'OAUTH2_AUTH_STYLE_IN_PARAMS' },
      },
    },
  },
  redirect: { hostRedirect: 'other.example.com', responseCode: 307 },
  identityProviderClientId: 'idp-client',
  identityProviderClientSecret: 'idp-secret',
  jwtIssuerFormat: 'uri',
  loadBalancingPolicy: 'ring_hash',
  futureKey: { a: 1 },
};

describe('zeroRouteToRoute', () => {
  it('maps every field to the core model', () => {
    const route = zeroRouteToRoute(wireRoute);
    expect(route).toMatchObject({
      id: 'r1',
      namespaceId: 'ns1',
      name: 'app',
      from: 'https://app.example.com',
      to: ['http://app:80'],
      policyIds: ['p1'],
      enforcedPolicyIds: ['p2'],
      createdAt: '2026-01-01T00:00:00Z',
      updatedAt: '2026-01-02T00:00:00Z',
      allowWebsockets: true,
      allowSpdy: false,
      showErrorDetails: true,
      bearerTokenFormat: 'idp_identity_token',
      healthChecks: [wireRoute.healthCheck],
      rewriteResponseHeaders: [{ header: 'Location', value: '/', prefix: 'http://app/' }],
      mcp: {
        server: { upstreamOAuth2: { clientId: 'c', clientSecret: 's', oauth2Endpoint: { authStyle: 'in_params' } } },
      },
      redirect: { hostRedirect: 'other.example.com', responseCode: 307 },
      identityProviderClientId: 'idp-client',
      identityProviderClientSecret: 'idp-secret',
      jwtIssuerFormat: 'uri',
      loadBalancingPolicy: 'ring_hash',
    });
    expect(route).not.toHaveProperty('healthCheck');
    expect(route.extensions.zero).toEqual({
      policies: wireRoute.policies,
      enforcedPolicies: wireRoute.enforcedPolicies,
      additionalFields: { futureKey: { a: 1 } },
    });
  });

  it("treats Zero's empty bearerTokenFormat as unset, a missing to as [] and drops an unspecified auth style", () => {
    const route = zeroRouteToRoute({
      ...wireRoute,
      bearerTokenFormat: '',
      to: undefined,
      healthCheck: undefined,
      mcp: {
        server: {
          upstreamOAuth2: {
            clientId: 'c',
            clientSecret: 's',
            oauth2Endpoint: { authStyle: 'OAUTH2_AUTH_STYLE_UNSPECIFIED' },
          },
        },
      },
      rewriteResponseHeaders: [{ header: 'X', value: 'y', matcher: { prefix: '' } }],
    });
    expect(route.bearerTokenFormat).toBeUndefined();
    expect(route.to).toEqual([]);
    expect(route.healthChecks).toBeUndefined();
    expect(route.mcp).toEqual({ server: { upstreamOAuth2: { clientId: 'c', clientSecret: 's', oauth2Endpoint: {} } } });
    expect(route.rewriteResponseHeaders).toEqual([{ header: 'X', value: 'y' }]);
  });

  it('gives durations the canonical core form and keeps the stored form on write-back', () => {
    const previous = {
      ...wireRoute,
      timeout: '1m30s',
      idleTimeout: 'not-a-duration',
      healthCheck: { ...wireRoute.healthCheck, interval: '1m' },
    };
    const route = zeroRouteToRoute(previous);
    expect(route.timeout).toBe('90s');
    expect(route.idleTimeout).toBe('not-a-duration');
    expect(route.healthChecks?.[0]?.interval).toBe('60s');
    const body = routeToZeroRouteProperties({ ...route, name: 'renamed' } as Route, previous);
    expect(body.timeout).toBe('1m30s');
    expect(body.healthCheck).toEqual(previous.healthCheck);
    const changed = routeToZeroRouteProperties({ ...route, timeout: '120s' } as Route, previous);
    expect(changed.timeout).toBe('120s');
  });

  it('keeps an MCP client route', () => {
    expect(zeroRouteToRoute({ ...wireRoute, mcp: { client: {} } }).mcp).toEqual({ client: {} });
  });
});

describe('routeToZeroRouteProperties', () => {
  it('sends the required keys, false for unset booleans and no response-only keys', () => {
    const input: RouteCreateInput = { namespaceId: 'ns', name: 'n', from: 'https://n.example.com' };
    const body = routeToZeroRouteProperties(input);
    expect(body).toEqual({
      namespaceId: 'ns',
      name: 'n',
      from: 'https://n.example.com',
      to: [],
      policyIds: [],
      ...Object.fromEntries(zeroRouteRequiredBooleans.map((key) => [key, false])),
    });
  });

  it('converts back what zeroRouteToRoute read, without response-only keys', () => {
    const body = routeToZeroRouteProperties(zeroRouteToRoute(wireRoute));
    const expected: Record<string, unknown> = { ...wireRoute };
    for (const key of zeroRouteResponseOnlyKeys) delete expected[key];
    expect(body).toEqual(expected);
  });

  it('reuses the stored representation of unchanged fields', () => {
    const previous = {
      ...wireRoute,
      bearerTokenFormat: '',
      to: undefined,
      mcp: {
        server: {
          upstreamOAuth2: {
            clientId: 'c',
            clientSecret: 's',
            oauth2Endpoint: { authStyle: 'OAUTH2_AUTH_STYLE_UNSPECIFIED' },
          },
        },
      },
      redirect: { hostRedirect: 'h', futureNestedKey: true },
    };
    const route = zeroRouteToRoute(previous);
    const body = routeToZeroRouteProperties({ ...route, name: 'renamed' } as Route, previous);
    expect(body.name).toBe('renamed');
    expect(body.bearerTokenFormat).toBe('');
    expect(body).not.toHaveProperty('to');
    expect(body.mcp).toEqual(previous.mcp);
    expect(body.redirect).toEqual({ hostRedirect: 'h', futureNestedKey: true });
  });

  it('sends a changed field in the core form and clears a removed one', () => {
    const route = zeroRouteToRoute(wireRoute);
    const next = { ...route, bearerTokenFormat: 'jwt', healthChecks: undefined } as Route;
    const body = routeToZeroRouteProperties(next, wireRoute);
    expect(body.bearerTokenFormat).toBe('jwt');
    expect(body).not.toHaveProperty('healthCheck');
  });

  it('refuses more than one health check', () => {
    const check = { type: 'tcp', interval: '1s', timeout: '1s', healthyThreshold: 1, unhealthyThreshold: 1 } as const;
    expect(() => assertZeroHealthChecks([check, check])).toThrow(PomeriumError);
    expect(() => assertZeroHealthChecks([check])).not.toThrow();
    expect(() => assertZeroHealthChecks(null)).not.toThrow();
    expect(() =>
      routeToZeroRouteProperties({
        namespaceId: 'n',
        name: 'n',
        from: 'https://x.example.com',
        healthChecks: [check, check],
      }),
    ).toThrow(/at most one health check/);
  });
});
