import http2 from 'node:http2';
import { create, toBinary } from '@bufbuild/protobuf';
import { Code, ConnectError, createClient } from '@connectrpc/connect';
import { createGrpcTransport } from '@connectrpc/connect-node';
import { ListRoutesRequestSchema, RouteService } from '@pomerium-unified/enterprise-protos';
import { afterEach, describe, expect, it } from 'vitest';
import { type FakeEnterpriseConsole, type FaultKind, startFakeEnterpriseConsole } from '../src/index.js';

const opened: FakeEnterpriseConsole[] = [];

afterEach(async () => {
  await Promise.all(opened.splice(0).map((fake) => fake.close()));
});

async function setup(kind: FaultKind, rateLimitAnswer?: 'grpc' | 'http') {
  const fake = await startFakeEnterpriseConsole({
    faults: { rate: 1, kinds: [kind], seed: 3, stallMs: 1, slowBodyMs: 50 },
    ...(rateLimitAnswer ? { rateLimitAnswer } : {}),
  });
  opened.push(fake);
  const transport = createGrpcTransport({ baseUrl: fake.url, nodeOptions: { ca: fake.ca as string } });
  const routes = createClient(RouteService, transport);
  const headers = { authorization: `Pomerium ${fake.serviceAccountToken}` };
  const setRoute = () =>
    routes.setRoute(
      {
        route: {
          namespaceId: fake.rootNamespaceId,
          name: 'faulty',
          from: 'https://faulty.example.com',
          to: ['http://upstream:8080'],
        },
      },
      { headers },
    );
  return { fake, routes, headers, setRoute };
}

async function codeOf(promise: Promise<unknown>): Promise<Code> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(ConnectError);
  return (error as ConnectError).code;
}

/** One raw gRPC call over HTTP/2: status, headers and the DATA chunks as they arrived. */
async function rawListRoutes(fake: FakeEnterpriseConsole) {
  const session = http2.connect(fake.url, { ca: fake.ca as string });
  try {
    const message = toBinary(ListRoutesRequestSchema, create(ListRoutesRequestSchema, { namespace: '' }));
    const frame = Buffer.alloc(5 + message.length);
    frame.writeUInt32BE(message.length, 1);
    frame.set(message, 5);
    const stream = session.request({
      ':method': 'POST',
      ':path': '/pomerium.dashboard.RouteService/ListRoutes',
      'content-type': 'application/grpc',
      te: 'trailers',
      authorization: `Pomerium ${fake.serviceAccountToken}`,
    });
    stream.end(frame);
    const chunks: Buffer[] = [];
    const headers = await new Promise<http2.IncomingHttpHeaders>((resolve, reject) => {
      stream.once('response', resolve);
      stream.once('error', reject);
    });
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    await new Promise((resolve) => stream.once('close', resolve));
    return { headers, chunks };
  } finally {
    session.close();
  }
}

describe('fake Enterprise console fault injection', () => {
  it('unavailable: answers UNAVAILABLE and stores nothing', async () => {
    const { fake, setRoute } = await setup('unavailable');
    expect(await codeOf(setRoute())).toBe(Code.Unavailable);
    expect(fake.state.routes.size).toBe(0);
    expect(fake.faults.recent).toEqual([
      { kind: 'unavailable', operation: '/pomerium.dashboard.RouteService/SetRoute' },
    ]);
  });

  it('rate_limited (grpc): answers RESOURCE_EXHAUSTED and stores nothing', async () => {
    const { fake, setRoute } = await setup('rate_limited', 'grpc');
    expect(await codeOf(setRoute())).toBe(Code.ResourceExhausted);
    expect(fake.state.routes.size).toBe(0);
  });

  it('rate_limited (http): answers HTTP 429 with Retry-After, as a proxy would', async () => {
    const { fake, setRoute } = await setup('rate_limited', 'http');
    const raw = await rawListRoutes(fake);
    expect(raw.headers[':status']).toBe(429);
    expect(raw.headers['retry-after']).toBe('1');
    expect(await codeOf(setRoute())).toBe(Code.Unavailable);
    expect(fake.state.routes.size).toBe(0);
  });

  it('reset_before_commit: resets the stream and stores nothing', async () => {
    const { fake, setRoute } = await setup('reset_before_commit');
    expect(await codeOf(setRoute())).toBe(Code.Internal);
    expect(fake.state.routes.size).toBe(0);
  });

  it('reset_after_commit: stores the route, then resets the stream', async () => {
    const { fake, setRoute } = await setup('reset_after_commit');
    expect(await codeOf(setRoute())).toBe(Code.Internal);
    expect([...fake.state.routes.values()].map((route) => route.name)).toEqual(['faulty']);
  });

  it('stall: holds the call, then resets it, storing nothing', async () => {
    const { fake, setRoute } = await setup('stall');
    expect(await codeOf(setRoute())).toBe(Code.Internal);
    expect(fake.state.routes.size).toBe(0);
  });

  it('stall: no answer while held', async () => {
    const { fake, setRoute } = await setup('stall');
    fake.faults.configure({ rate: 1, kinds: ['stall'], stallMs: 60_000 });
    let settled = false;
    const pending = setRoute().finally(() => {
      settled = true;
    });
    while (fake.faults.injected === 0) await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setImmediate(resolve));
    expect(settled).toBe(false);
    expect(fake.state.routes.size).toBe(0);
    await fake.close();
    expect(await codeOf(pending)).toBeGreaterThan(0);
  });

  it('slow_body: stores the route and sends the message in several pieces', async () => {
    const { fake, setRoute } = await setup('slow_body');
    const created = await setRoute();
    expect(created.route?.name).toBe('faulty');
    const raw = await rawListRoutes(fake);
    expect(raw.headers[':status']).toBe(200);
    expect(raw.chunks.length).toBeGreaterThan(1);
  });

  it('wrong_shape: stores the route and answers a message that does not decode', async () => {
    const { fake, setRoute } = await setup('wrong_shape');
    expect(await codeOf(setRoute())).toBe(Code.Internal);
    expect(fake.state.routes.size).toBe(1);
    expect(fake.faults.byKind.wrong_shape).toBe(1);
  });
});
