import { type AddressInfo, createServer, type Server, Socket } from 'node:net';
import type { FakeZeroConsole } from '@pomerium-unified/testkit';
import { afterEach, describe, expect, it } from 'vitest';
import { defaultZeroMaxConnections } from '../src/index.js';
import { clientFor, clusterNamespaceId, sampleRoute, startFake } from './support/fake-zero-fixture.js';

const proxies: { server: Server; sockets: Set<Socket> }[] = [];
afterEach(async () => {
  for (const { server, sockets } of proxies.splice(0)) {
    for (const socket of sockets) socket.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
});

/** A TCP relay on 127.0.0.1 in front of the fake that counts the connections clients open. */
async function countingRelay(fake: FakeZeroConsole): Promise<{ url: string; connections: () => number }> {
  const target = new URL(fake.url);
  const sockets = new Set<Socket>();
  let connections = 0;
  const server = createServer((client) => {
    connections += 1;
    const upstream = new Socket();
    upstream.connect(Number(target.port), target.hostname);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => undefined);
    }
    client.pipe(upstream).pipe(client);
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  proxies.push({ server, sockets });
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, connections: () => connections };
}

describe('a bounded keep-alive pool', () => {
  it('serves 1,000 concurrent calls of a cold client on at most the default number of connections, with one token exchange', async () => {
    const fake = await startFake();
    const relay = await countingRelay(fake);
    const route = await clientFor(fake).routes.create(sampleRoute(clusterNamespaceId(fake)));
    fake.stats.reset();
    const client = clientFor(fake, { apiUrl: relay.url });
    const reads = await Promise.all(Array.from({ length: 1_000 }, () => client.routes.get(route.id)));
    expect(reads.every((read) => read.id === route.id)).toBe(true);
    expect(relay.connections()).toBeGreaterThan(0);
    expect(relay.connections()).toBeLessThanOrEqual(defaultZeroMaxConnections);
    expect(fake.stats.tokenExchanges).toBe(1);
  });

  it('honours maxConnections', async () => {
    const fake = await startFake();
    const relay = await countingRelay(fake);
    const client = clientFor(fake, { apiUrl: relay.url, maxConnections: 2 });
    await Promise.all(Array.from({ length: 200 }, () => client.routes.list().toArray()));
    expect(relay.connections()).toBeLessThanOrEqual(2);
    expect(fake.stats.tokenExchanges).toBe(1);
  });

  it('leaves a user-supplied fetch in control of its connections', async () => {
    const fake = await startFake();
    let calls = 0;
    const ownFetch: typeof fetch = (input, init) => {
      calls += 1;
      expect(init).not.toHaveProperty('dispatcher');
      return fetch(input, init);
    };
    await clientFor(fake, { fetch: ownFetch }).routes.list().toArray();
    expect(calls).toBe(fake.stats.log.length);
  });
});
