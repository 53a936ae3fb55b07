import http2 from 'node:http2';
import type { AddressInfo } from 'node:net';

/** What the scripted server does with each request. */
export type ScriptedBehaviour =
  /** Reads the request, then destroys the connection without answering. */
  | { kind: 'die' }
  /** Reads the request and never answers. */
  | { kind: 'stall' }
  /** Answers with a gRPC status whose message (and a trailer) echo the request's authorization header. */
  | { kind: 'echo'; status: number }
  /** Answers with a plain HTTP status (as a proxy would), with optional headers. */
  | { kind: 'http'; status: number; headers?: Record<string, string> }
  /** Answers OK with an empty protobuf message (every field unset). */
  | { kind: 'empty' };

/** A running scripted server. */
export interface ScriptedGrpcServer {
  /** `http://127.0.0.1:<port>` (h2c). */
  url: string;
  /** The requests received, in order: path and headers. */
  requests: { path: string; headers: http2.IncomingHttpHeaders }[];
  /** Resolves when the server has received `count` requests in all. */
  received(count: number): Promise<void>;
  /** Changes what the server does from now on. */
  behave(behaviour: ScriptedBehaviour): void;
  /** Stops the server and every session. */
  close(): Promise<void>;
}

function frame(message: Uint8Array): Buffer {
  const header = Buffer.alloc(5);
  header.writeUInt32BE(message.length, 1);
  return Buffer.concat([header, message]);
}

/**
 * Starts a tiny h2c server on 127.0.0.1 that misbehaves on purpose: it dies
 * mid-call, stalls, echoes secrets or answers like a proxy. Purpose-built for
 * the Enterprise adapter's fault tests; the fake console stays well-behaved.
 */
export async function startScriptedGrpcServer(initial: ScriptedBehaviour): Promise<ScriptedGrpcServer> {
  let behaviour = initial;
  const requests: { path: string; headers: http2.IncomingHttpHeaders }[] = [];
  const waiters: { count: number; resolve: () => void }[] = [];
  const server = http2.createServer();
  const sessions = new Set<http2.ServerHttp2Session>();
  server.on('session', (session) => {
    sessions.add(session);
    session.once('close', () => sessions.delete(session));
  });
  server.on('stream', (stream, headers) => {
    requests.push({ path: String(headers[':path']), headers });
    for (const waiter of waiters.filter((entry) => entry.count <= requests.length)) {
      waiters.splice(waiters.indexOf(waiter), 1);
      waiter.resolve();
    }
    const current = behaviour;
    stream.on('error', () => {});
    stream.resume();
    stream.once('end', () => {
      if (current.kind === 'die') {
        stream.session?.destroy();
        return;
      }
      if (current.kind === 'stall') return;
      if (current.kind === 'http') {
        stream.respond({ ':status': current.status, 'content-type': 'text/plain', ...current.headers });
        stream.end('proxy answer');
        return;
      }
      if (current.kind === 'echo') {
        const echoed = encodeURIComponent(`bad credentials: ${String(headers.authorization)}`);
        stream.respond(
          {
            ':status': 200,
            'content-type': 'application/grpc+proto',
            'grpc-status': String(current.status),
            'grpc-message': echoed,
            'x-echo': String(headers.authorization),
          },
          { endStream: true },
        );
        return;
      }
      stream.respond({ ':status': 200, 'content-type': 'application/grpc+proto' }, { waitForTrailers: true });
      stream.once('wantTrailers', () => stream.sendTrailers({ 'grpc-status': '0' }));
      stream.end(frame(new Uint8Array()));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    received: (count) =>
      count <= requests.length ? Promise.resolve() : new Promise((resolve) => waiters.push({ count, resolve })),
    behave(next) {
      behaviour = next;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const session of sessions) session.destroy();
        server.close(() => resolve());
      }),
  };
}
