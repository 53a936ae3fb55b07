import { createMemoryBackend, createPomeriumClient, type PomeriumClient } from '@pomerium-unified/core';
import { beforeAll, bench, describe } from 'vitest';
import { exportConfig, type PomeriumConfig, planSync } from '../src/index.js';

// A re-plan of 10,000 routes and 1,000 policies that finds nothing to change (list calls only).
let target: PomeriumClient;
let desired: PomeriumConfig;

beforeAll(async () => {
  target = createPomeriumClient({ backend: createMemoryBackend(), pageSize: 1000 });
  const namespace = await target.namespaces.create({ name: 'Source' });
  const policies = [];
  for (let index = 0; index < 1000; index++) {
    policies.push(
      await target.policies.create({
        namespaceId: namespace.id,
        name: `policy-${index}`,
        ppl: { allow: { or: [{ email: { is: `user${index}@example.com` } }] } },
      }),
    );
  }
  for (let index = 0; index < 10_000; index++) {
    await target.routes.create({
      namespaceId: namespace.id,
      name: `route-${index}`,
      from: `https://route-${index}.example.com`,
      to: ['http://upstream:8080'],
      policyIds: [policies[index % 1000]!.id],
      timeout: '30s',
    });
  }
  desired = await exportConfig(target, { includeSecrets: true });
}, 120_000);

describe('planSync', () => {
  bench(
    're-plan 10,000 routes and 1,000 policies with nothing to change',
    async () => {
      const plan = await planSync({ desired, target });
      if (plan.changes.length !== 0) throw new Error('expected no changes');
    },
    { iterations: 3, warmupIterations: 1 },
  );
});
