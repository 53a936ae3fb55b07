// Lost-update rate for concurrent disjoint-field updates of one route from two clients, through the Zero
// adapter (JSON Patch) against the fake Zero console, beside the whole-object read-modify-write (GET then PUT)
// that the adapter used before. Run: node --import tsx packages/zero-adapter/bench/measure-lost-updates.ts [--trials 200]
import { parseArgs } from 'node:util';
import { createPomeriumClient } from '@pomerium-unified/core';
import { startFakeZeroConsole } from '@pomerium-unified/testkit';
import { createZeroBackend } from '../src/index.js';

const { values } = parseArgs({ options: { trials: { type: 'string', default: '200' } } });
const trials = Number(values.trials);
let clock = Date.now();
const fake = await startFakeZeroConsole({ now: () => (clock += 1) });
const [cluster] = fake.state.clusters.values();
const namespaceId = String(cluster?.json.namespaceId);
const organizationId = String(cluster?.organizationId);
const backends = [0, 1].map(() => createZeroBackend({ apiUrl: fake.url, apiUserToken: fake.apiUserToken }));
const [first, second] = backends.map((backend) => createPomeriumClient({ backend })) as [
  ReturnType<typeof createPomeriumClient>,
  ReturnType<typeof createPomeriumClient>,
];

const { idToken } = (await fetch(`${fake.url}/api/v0/token`, {
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ refreshToken: fake.apiUserToken }),
}).then((response) => response.json())) as { idToken: string };
/** The previous approach: read the whole route, change one field, PUT the whole object back. */
async function readModifyWrite(id: string, change: Record<string, unknown>) {
  const url = `${fake.url}/api/v0/organizations/${organizationId}/routes/${id}`;
  const headers = { authorization: `Bearer ${idToken}`, 'content-type': 'application/json' };
  const current = (await fetch(url, { headers }).then((response) => response.json())) as Record<string, unknown>;
  for (const key of ['id', 'createdAt', 'updatedAt', 'policies', 'enforcedPolicies', 'enforcedPolicyIds']) {
    delete current[key];
  }
  await fetch(url, { method: 'PUT', headers, body: JSON.stringify({ ...current, ...change }) });
}

let lostWithPatch = 0;
let lostWithPut = 0;
for (let trial = 0; trial < trials; trial += 1) {
  const route = await first.routes.create({ namespaceId, name: `t${trial}`, from: `https://t${trial}.example.com` });
  await Promise.all([
    first.routes.update(route.id, { name: `renamed-${trial}` }),
    second.routes.update(route.id, { allowWebsockets: true }),
  ]);
  const patched = await first.routes.get(route.id);
  if (patched.name !== `renamed-${trial}` || patched.allowWebsockets !== true) lostWithPatch += 1;

  const other = await first.routes.create({ namespaceId, name: `u${trial}`, from: `https://u${trial}.example.com` });
  await Promise.all([
    readModifyWrite(other.id, { name: `renamed-${trial}` }),
    readModifyWrite(other.id, { allowWebsockets: true }),
  ]);
  const put = await first.routes.get(other.id);
  if (put.name !== `renamed-${trial}` || put.allowWebsockets !== true) lostWithPut += 1;
}
console.log(
  JSON.stringify({ trials, lostWithJsonPatch: lostWithPatch, lostWithReadModifyWritePut: lostWithPut }, null, 2),
);
await Promise.all(backends.map((backend) => backend.close?.()));
await fake.close();
