import {
  PomeriumError,
  type PomeriumErrorCode,
  type RouteCreateInput,
  type RouteHealthCheck,
} from '@pomerium-unified/core';
import { expect } from 'vitest';

/** Awaits a promise that must reject with a `PomeriumError` of this code, and returns the error. */
export async function expectCode(promise: Promise<unknown>, code: PomeriumErrorCode): Promise<PomeriumError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error, `expected a PomeriumError with code ${code}`).toBeDefined();
  expect(PomeriumError.isInstance(error), `expected a PomeriumError, got ${String(error)}`).toBe(true);
  expect((error as PomeriumError).code).toBe(code);
  return error as PomeriumError;
}

/** An HTTP health check every backend stores. */
export const httpHealthCheck = {
  type: 'http',
  timeout: '5s',
  interval: '10s',
  healthyThreshold: 2,
  unhealthyThreshold: 3,
  path: '/healthz',
  expectedStatuses: [{ start: 200, end: 300 }],
} satisfies RouteHealthCheck;

/** Route settings that every backend must store and return unchanged. */
export const fullRouteSettings = {
  description: 'conformance route with every shared setting',
  logoUrl: 'https://logo.example.com/logo.png',
  prefix: '/app',
  regexPriorityOrder: 3,
  timeout: '30s',
  idleTimeout: '300s',
  allowWebsockets: true,
  allowSpdy: false,
  allowUpgrades: ['CONNECT-UDP'],
  tlsSkipVerify: false,
  tlsUpstreamServerName: 'upstream.internal',
  tlsDownstreamServerName: 'app.example.com',
  tlsUpstreamAllowRenegotiation: true,
  setRequestHeaders: { 'X-Conformance': 'yes', 'X-Unicode': 'ünïcødé' },
  removeRequestHeaders: ['X-Remove-Me'],
  setResponseHeaders: { 'Strict-Transport-Security': 'max-age=31536000' },
  rewriteResponseHeaders: [{ header: 'Location', value: 'https://app.example.com/', prefix: 'http://upstream/' }],
  preserveHostHeader: true,
  passIdentityHeaders: true,
  showErrorDetails: true,
  hostRewrite: 'upstream.internal',
  prefixRewrite: '/',
  regexRewritePattern: '^/old/(.*)$',
  regexRewriteSubstitution: '/new/\\1',
  enableGoogleCloudServerlessAuthentication: false,
  idpAccessTokenAllowedAudiences: ['api://conformance'],
  jwtIssuerFormat: 'uri',
  bearerTokenFormat: 'idp_access_token',
  loadBalancingPolicy: 'least_request',
  healthChecks: [httpHealthCheck],
  healthyPanicThreshold: 50,
  circuitBreakerThresholds: { maxConnections: 100, maxRetries: 5 },
  dependsOn: ['auth.example.com'],
} satisfies Partial<RouteCreateInput>;
