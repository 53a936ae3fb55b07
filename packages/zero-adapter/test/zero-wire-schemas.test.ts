import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isZeroRouteShape, parseZeroRoute, parseZeroRoutes, zeroRouteWireSchema } from '../src/zero-wire-schemas.js';

const text = fc.oneof(fc.string(), fc.constant(''));
const notString = fc.oneof(fc.integer(), fc.boolean(), fc.constant(null), fc.array(fc.string()), fc.object());
const maybe = <T>(value: fc.Arbitrary<T>) => fc.oneof(value, fc.constant(undefined), notString);
const entityInfo = fc.oneof(
  fc.record({ id: text, name: text }),
  fc.record({ id: maybe(text), name: maybe(text), extra: fc.anything() }, { requiredKeys: [] }),
  notString,
);
/** Route-like objects: mostly valid, with each field sometimes missing or of the wrong type. */
const routeLike = fc.record(
  {
    id: maybe(text),
    namespaceId: maybe(text),
    name: maybe(text),
    from: maybe(text),
    to: maybe(fc.array(fc.oneof(fc.string(), notString), { maxLength: 3 })),
    policyIds: maybe(fc.array(fc.string(), { maxLength: 3 })),
    enforcedPolicyIds: maybe(fc.array(fc.oneof(fc.string(), fc.integer()), { maxLength: 3 })),
    policies: maybe(fc.array(entityInfo, { maxLength: 3 })),
    enforcedPolicies: maybe(fc.array(entityInfo, { maxLength: 3 })),
    createdAt: maybe(text),
    updatedAt: maybe(text),
    unknownKey: fc.anything(),
  },
  { requiredKeys: [] },
);

describe('the fast route shape test', () => {
  it('accepts exactly what the zod route schema accepts', () => {
    fc.assert(
      fc.property(fc.oneof(routeLike, fc.anything()), (value) => {
        expect(isZeroRouteShape(value)).toBe(zeroRouteWireSchema.safeParse(value).success);
      }),
      { numRuns: 5_000 },
    );
  });

  it('returns the answer itself, and names the field of a wrong one', () => {
    const route = { id: 'r1', namespaceId: 'ns', name: 'n', from: 'https://a.example.com', extra: { kept: true } };
    expect(parseZeroRoute(route)).toBe(route);
    expect(() => parseZeroRoute({ ...route, policyIds: ['p', 7] })).toThrow(/expected a route object at policyIds\.1/);
    expect(() => parseZeroRoutes([route, { ...route, id: '' }])).toThrow(/expected routes at index 1 at id/);
    expect(() => parseZeroRoutes({})).toThrow(/expected an array of routes/);
  });
});
