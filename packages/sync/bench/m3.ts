import { createMemoryBackend, createPomeriumClient } from '@pomerium-unified/core';
import { exportConfig, migrate, planSync } from '../src/index.js';

const from = createPomeriumClient({ backend: createMemoryBackend(), pageSize: 1000 });
const to = createPomeriumClient({ backend: createMemoryBackend(), pageSize: 1000 });
const ns = await from.namespaces.create({ name: 'S' });
const pol = [];
for (let i = 0; i < 1000; i++)
  pol.push(
    await from.policies.create({
      namespaceId: ns.id,
      name: `p${i}`,
      ppl: { allow: { or: [{ email: { is: `u${i}@x.com` } }] } },
    }),
  );
for (let i = 0; i < 10000; i++)
  await from.routes.create({
    namespaceId: ns.id,
    name: `r${i}`,
    from: `https://r${i}.x.com`,
    to: ['http://u'],
    policyIds: [pol[i % 1000]!.id],
  });
let t = performance.now();
const r = await migrate({ from, to });
console.log(
  'migrate memory→memory',
  r.result.created,
  (performance.now() - t).toFixed(0),
  'ms',
  (process.memoryUsage().rss / 2 ** 20).toFixed(0),
  'MiB',
);
t = performance.now();
const doc = await exportConfig(from, { includeSecrets: true });
console.log('export', (performance.now() - t).toFixed(0));
t = performance.now();
const p = await planSync({ desired: doc, target: to });
console.log('replan', p.changes.length, (performance.now() - t).toFixed(0), 'ms');
