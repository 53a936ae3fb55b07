import {
  createMemoryBackend,
  createPomeriumClient,
  normalizePpl,
  type PomeriumClient,
  pplEquals,
  routeCreateInputSchema,
} from '@pomerium-unified/core';
import { bench, describe } from 'vitest';

const ppl = [
  {
    allow: {
      or: Array.from({ length: 50 }, (_, index) => ({ email: { is: `user-${index}@example.com` } })),
      and: [{ authenticated_user: true }],
    },
    deny: { or: [{ 'claim/department': 'contractors' }] },
  },
];
/** A deep copy with every object's keys in reverse order: the same policy, written differently. */
function reverseKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reverseKeys);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value)
      .reverse()
      .map(([key, entry]) => [key, reverseKeys(entry)]),
  );
}
const reordered = reverseKeys(ppl) as typeof ppl;
// The comparison must do real work: the documents differ as written and are equal semantically.
if (JSON.stringify(reordered) === JSON.stringify(ppl) || !pplEquals(ppl, reordered)) {
  throw new Error('bench setup: the reordered PPL must differ in key order only');
}

const routeInput = {
  namespaceId: 'namespace-1',
  name: 'benchmark route',
  from: 'https://bench.example.com',
  to: ['http://upstream-a:8080', 'http://upstream-b:8080'],
  policyIds: ['policy-1', 'policy-2'],
  timeout: '30s',
  setRequestHeaders: { 'X-A': 'a', 'X-B': 'b' },
  passIdentityHeaders: true,
  healthChecks: [
    { type: 'http', timeout: '5s', interval: '10s', healthyThreshold: 2, unhealthyThreshold: 3, path: '/healthz' },
  ],
};

let client: PomeriumClient;
let namespaceId: string;
async function withRoutes(count: number): Promise<void> {
  client = createPomeriumClient({ backend: createMemoryBackend(), pageSize: 100 });
  namespaceId = (await client.namespaces.create({ name: 'bench' })).id;
  await Promise.all(
    Array.from({ length: count }, (_, index) =>
      client.routes.create({ namespaceId, name: `route-${index}`, from: `https://r${index}.example.com` }),
    ),
  );
}

describe('input handling', () => {
  bench('validate a route input with zod', () => {
    routeCreateInputSchema.parse(routeInput);
  });
  bench('normalise a 52-criterion PPL document', () => {
    normalizePpl(ppl);
  });
  bench('compare two PPL documents semantically', () => {
    pplEquals(ppl, reordered);
  });
});

describe('client over the memory backend', () => {
  bench(
    'list 2,000 routes through transparent paging',
    async () => {
      await client.routes.list({ namespaceId }).toArray();
    },
    { setup: () => withRoutes(2_000), iterations: 20 },
  );
});
