import { routeCreateInputSchema, toCreateInput } from '@pomerium-unified/core';
import { describe, expect, it } from 'vitest';
import { routeToZeroRouteProperties, zeroRouteToRoute } from '../src/convert-route.js';

/** A route as a newer Zero console might send it: keys the core schemas do not know inside shared settings. */
const wire = {
  id: 'r1',
  namespaceId: 'ns1',
  name: 'app',
  from: 'https://app.example.com',
  to: [],
  policyIds: [],
  allowSpdy: false,
  allowWebsockets: false,
  enableGoogleCloudServerlessAuthentication: false,
  preserveHostHeader: false,
  showErrorDetails: false,
  tlsSkipVerify: false,
  tlsUpstreamAllowRenegotiation: false,
  redirect: { hostRedirect: 'example.org', futureFlag: true },
  healthCheck: {
    type: 'http',
    path: '/',
    timeout: '5s',
    interval: '10s',
    healthyThreshold: 1,
    unhealthyThreshold: 2,
    futureKnob: 3,
  },
  circuitBreakerThresholds: { maxConnections: 10, maxFutureThing: 4 },
};

describe('nested keys the core schemas do not know', () => {
  it('travel in extensions.zero.nestedFields, pass the strict schemas and go back on the wire', () => {
    const route = zeroRouteToRoute(wire);
    expect(route.redirect).toEqual({ hostRedirect: 'example.org' });
    expect(route.healthChecks?.[0]).not.toHaveProperty('futureKnob');
    expect(route.extensions.zero?.nestedFields).toEqual({
      '/redirect/futureFlag': true,
      '/healthChecks/0/futureKnob': 3,
      '/circuitBreakerThresholds/maxFutureThing': 4,
    });
    const input = toCreateInput(route);
    expect(routeCreateInputSchema.safeParse(input).success).toBe(true);
    const body = routeToZeroRouteProperties(input);
    expect(body.redirect).toEqual({ hostRedirect: 'example.org', futureFlag: true });
    expect(body.healthCheck).toMatchObject({ futureKnob: 3 });
    expect(body.circuitBreakerThresholds).toEqual({ maxConnections: 10, maxFutureThing: 4 });
  });

  it('are dropped with their setting', () => {
    const route = zeroRouteToRoute(wire);
    const body = routeToZeroRouteProperties({ ...toCreateInput(route), redirect: undefined, healthChecks: undefined });
    expect(body).not.toHaveProperty('redirect');
    expect(body).not.toHaveProperty('healthCheck');
  });
});
