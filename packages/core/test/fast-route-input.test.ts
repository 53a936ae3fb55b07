import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseRouteCreateInputFast, parseRouteUpdatePatchFast } from '../src/fast-route-input.js';
import { routeCreateInputSchema, routeUpdatePatchSchema } from '../src/route-schema.js';
import { snapshotInput } from '../src/snapshot-input.js';

// Values near each rule's edges: valid and invalid ids, URLs, names, durations, numbers.
const text = fc.oneof(
  fc.string({ maxLength: 6 }),
  fc.constantFrom(
    '',
    ' ',
    '  app  ',
    'a'.repeat(256),
    ` ${'a'.repeat(256)} `,
    'a'.repeat(257),
    '.',
    '..',
    'a/b',
    'a?b',
  ),
  fc.constantFrom('x\u0000y', 'route-1', 'namespace-1', '\u00a0', '\u2028name'),
);
const url = fc.oneof(
  fc.constantFrom('https://app.example.com', 'http://up:8080/x', 'tcp+https://db.example.com:5432', 'mailto:a@b'),
  fc.constantFrom('https://', 'app.example.com', 'https://[::1]:443', 'file:///etc/passwd', 'https://a b'),
  fc.webUrl(),
  text,
);
const duration = fc.oneof(
  fc.constantFrom('30s', '1m30s', '250ms', '1.5h', '10µs', '5us', '1', 's', '1.s', '30 s'),
  text,
);
const number = fc.oneof(
  fc.integer(),
  fc.constantFrom(0, -1, 100, 101, 2 ** 31, -(2 ** 31), 2 ** 53, 1.5, -0),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
);
const scalar = fc.oneof(text, url, duration, number, fc.boolean(), fc.constant(null));
const value = fc.oneof(
  { weight: 4, arbitrary: scalar },
  fc.array(fc.oneof(text, url, scalar), { maxLength: 3 }),
  fc.dictionary(text, fc.oneof(text, scalar), { maxKeys: 3 }),
);
const stringSettings = ['description', 'prefix', 'tlsClientKeyPairId', 'hostRewrite', 'identityProviderClientId'];
const keyed: Record<string, fc.Arbitrary<unknown>> = {
  namespaceId: fc.oneof(text, value),
  name: fc.oneof(text, value),
  from: fc.oneof(url, value),
  to: fc.oneof(fc.array(url, { maxLength: 3 }), value),
  policyIds: fc.oneof(fc.array(text, { maxLength: 3 }), value),
  timeout: fc.oneof(duration, value),
  idleTimeout: fc.oneof(duration, value),
  regexPriorityOrder: fc.oneof(number, value),
  healthyPanicThreshold: fc.oneof(number, value),
  passIdentityHeaders: fc.oneof(fc.boolean(), value),
  tlsSkipVerify: fc.oneof(fc.boolean(), value),
  setRequestHeaders: fc.oneof(fc.dictionary(text, text, { maxKeys: 3 }), value),
  removeRequestHeaders: fc.oneof(fc.array(text, { maxLength: 3 }), value),
  dependsOn: fc.oneof(fc.array(text, { maxLength: 3 }), value),
  loadBalancingPolicy: fc.oneof(fc.constantFrom('round_robin', 'maglev', 'ring_hash', 'RANDOM', ''), value),
  bearerTokenFormat: fc.oneof(fc.constantFrom('default', 'jwt', 'idp_access_token', 'bearer'), value),
  jwtIssuerFormat: fc.oneof(fc.constantFrom('hostOnly', 'uri', 'host'), value),
  extensions: fc.oneof(fc.dictionary(text, value, { maxKeys: 2 }), value),
  // Keys the fast path leaves to zod.
  identityProviderClientSecret: fc.oneof(text, value),
  healthChecks: value,
  unknownSetting: value,
  ...Object.fromEntries(stringSettings.map((key) => [key, fc.oneof(text, value)])),
};
const routeLike = fc.record(keyed, { requiredKeys: [] });
// Mostly valid create inputs, so the fast path is exercised where it applies.
const validCreate = fc.record(
  {
    namespaceId: fc.constantFrom('namespace-1', 'ns'),
    name: fc.constantFrom('app', '  padded name  ', 'a'.repeat(256)),
    from: fc.constantFrom('https://app.example.com', 'tcp+https://db.example.com:5432'),
    to: fc.array(fc.constantFrom('http://up:8080', 'https://b.example.com/x'), { maxLength: 3 }),
    policyIds: fc.array(fc.constantFrom('policy-1', 'p2'), { maxLength: 2 }),
    timeout: fc.constantFrom('30s', '1m30s', '250ms'),
    setRequestHeaders: fc.dictionary(fc.constantFrom('X-A', 'X-B', ''), fc.string({ maxLength: 4 }), { maxKeys: 2 }),
    passIdentityHeaders: fc.boolean(),
    regexPriorityOrder: fc.integer({ min: -1000, max: 1000 }),
    loadBalancingPolicy: fc.constantFrom('round_robin', 'maglev', 'random', 'ring_hash', 'least_request'),
    extensions: fc.dictionary(
      fc.constantFrom('zero', 'enterprise'),
      fc.dictionary(
        fc.string().filter((key) => key !== '__proto__'),
        fc.string(),
      ),
      {
        maxKeys: 2,
      },
    ),
  },
  { requiredKeys: ['namespaceId', 'name', 'from'] },
);

// A deeper search on demand: FAST_ROUTE_INPUT_RUNS=20000.
const runs = Number(process.env.FAST_ROUTE_INPUT_RUNS ?? 1000);

/** The property: whenever the fast path answers, zod accepts and returns the same value. */
function agreesWithZod(
  fast: (snapshot: unknown) => unknown,
  schema: typeof routeCreateInputSchema | typeof routeUpdatePatchSchema,
  input: unknown,
) {
  let snapshot: unknown;
  try {
    snapshot = snapshotInput(input, 'route input');
  } catch {
    // Refused before any schema sees it (a `__proto__` key, …): nothing to compare.
    return undefined;
  }
  const fastResult = fast(snapshot);
  const zodResult = schema.safeParse(snapshot);
  if (fastResult !== undefined) {
    expect(zodResult.success).toBe(true);
    expect(fastResult).toStrictEqual(zodResult.data);
    expect(Object.keys(fastResult as object).sort()).toEqual(Object.keys(zodResult.data as object).sort());
  }
  return fastResult;
}

describe('route input fast path', { timeout: 120_000 }, () => {
  it('returns exactly what routeCreateInputSchema returns, or defers to it', () => {
    fc.assert(
      fc.property(fc.oneof(routeLike, validCreate), (input) => {
        agreesWithZod(parseRouteCreateInputFast, routeCreateInputSchema, input);
      }),
      { numRuns: runs },
    );
  });

  it('returns exactly what routeUpdatePatchSchema returns, or defers to it', () => {
    const patchLike = fc.oneof(
      routeLike,
      validCreate.map(({ namespaceId: _, ...patch }) => patch),
    );
    fc.assert(
      fc.property(patchLike, fc.boolean(), (patch, clear) => {
        const input = clear ? { ...patch, description: null, timeout: null, dependsOn: null } : patch;
        agreesWithZod(parseRouteUpdatePatchFast, routeUpdatePatchSchema, input);
      }),
      { numRuns: runs },
    );
  });

  it('answers for the common create input and patch (the fast path is taken)', () => {
    fc.assert(
      fc.property(validCreate, (input) => {
        expect(agreesWithZod(parseRouteCreateInputFast, routeCreateInputSchema, input)).toBeDefined();
        const { namespaceId: _, ...patch } = input;
        expect(
          agreesWithZod(parseRouteUpdatePatchFast, routeUpdatePatchSchema, { ...patch, prefix: null }),
        ).toBeDefined();
      }),
      { numRuns: 300 },
    );
  });

  it('defers secrets, nested settings, unknown keys and refused values to zod', () => {
    const base = { namespaceId: 'ns', name: 'app', from: 'https://app.example.com' };
    expect(parseRouteCreateInputFast(base)).toEqual(base);
    for (const extra of [
      { identityProviderClientSecret: 'secret' },
      { healthChecks: [] },
      { unknownSetting: 1 },
      { name: '   ' },
      { from: 'not a url' },
      { timeout: '30 s' },
      { policyIds: ['a/b'] },
    ]) {
      expect(parseRouteCreateInputFast({ ...base, ...extra })).toBeUndefined();
    }
    expect(parseRouteCreateInputFast({ name: 'app', from: 'https://app.example.com' })).toBeUndefined();
    expect(parseRouteUpdatePatchFast({ namespaceId: 'ns' })).toBeUndefined();
    expect(parseRouteUpdatePatchFast({ name: null })).toBeUndefined();
  });
});
