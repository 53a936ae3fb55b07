/**
 * CPU cost of the route conversions alone, per call. Run:
 *
 *   pnpm exec tsx packages/enterprise-adapter/bench/convert-route-cost.ts
 */
import { clone, create } from '@bufbuild/protobuf';
import { RouteSchema } from '@pomerium-unified/enterprise-protos';
import { routeFromProto, routeToProto, writeRouteOnto } from '../src/convert-route.js';

const route = create(RouteSchema, {
  id: 'r1',
  namespaceId: 'n',
  name: 'x',
  from: 'https://x.example.com',
  to: ['http://a', 'http://b'],
  createdAt: { seconds: 1n },
  modifiedAt: { seconds: 2n },
  timeout: { seconds: 30n },
  passIdentityHeaders: true,
  setRequestHeaders: { 'X-A': 'a' },
  statName: 'x',
  policyNames: ['p'],
  namespaceName: 'ns',
});
const model = routeFromProto(route);
const target = clone(RouteSchema, route);
const updated = { ...model, description: 'changed' };
const calls = 100_000;
const cases: [string, () => unknown][] = [
  ['routeFromProto', () => routeFromProto(route)],
  ['routeToProto (create)', () => routeToProto(model)],
  ['routeToProto (update, base converted again)', () => routeToProto(model, route)],
  ['routeToProto (update, base model given)', () => routeToProto(model, route, model)],
  // What an update does since it owns the message it just read: the patch is written onto it, no clone.
  ['writeRouteOnto (update, onto the read message)', () => writeRouteOnto(target, updated, model)],
];
for (const [name, run] of cases) {
  for (let index = 0; index < 10_000; index += 1) run();
  const before = process.cpuUsage();
  for (let index = 0; index < calls; index += 1) run();
  const used = process.cpuUsage(before);
  console.log(`${name}: ${((used.user + used.system) / calls).toFixed(2)} µs`);
}
