import http2 from 'node:http2';
import type { FaultInjector } from '../shared/fault-injector.js';

/** How the fake Enterprise console answers a `rate_limited` fault. */
export type FakeEnterpriseRateLimitAnswer = 'grpc' | 'http' | 'mixed';

type NodeHandler = (request: http2.Http2ServerRequest, response: http2.Http2ServerResponse) => void;

/** A gRPC message frame whose content does not decode as protobuf (a varint that never ends). */
const undecodableFrame = Buffer.from([0, 0, 0, 0, 3, 0xff, 0xff, 0xff]);

type WriteCallback = (error?: Error | null) => void;

function callbackOf(encodingOrCallback: unknown, callback: unknown): WriteCallback | undefined {
  if (typeof encodingOrCallback === 'function') return encodingOrCallback as WriteCallback;
  return typeof callback === 'function' ? (callback as WriteCallback) : undefined;
}

/** Replaces the response's writing methods; the handler still runs to completion (the write is committed). */
function patchResponse(
  response: http2.Http2ServerResponse,
  methods: {
    writeHead?: () => void;
    write?: (chunk: Buffer, done: WriteCallback | undefined) => boolean;
    swallowRest?: boolean;
  },
): void {
  const target = response as unknown as Record<string, unknown>;
  const originalWriteHead = response.writeHead.bind(response);
  target.writeHead = (...args: unknown[]) => {
    if (methods.writeHead) {
      methods.writeHead();
      return response;
    }
    return (originalWriteHead as (...values: unknown[]) => unknown)(...args);
  };
  if (methods.write) {
    const write = methods.write;
    target.write = (chunk: unknown, encodingOrCallback?: unknown, callback?: unknown) =>
      write(Buffer.from(chunk as Uint8Array), callbackOf(encodingOrCallback, callback));
  }
  if (methods.swallowRest) {
    target.addTrailers = () => undefined;
    target.end = () => {
      queueMicrotask(() => response.emit('end'));
      return response;
    };
  }
}

/**
 * Wraps the gRPC handler of the fake Enterprise console with fault injection
 * (see `FaultKind`): errors and resets before the handler runs, or a reset, a
 * trickled body or an undecodable message after it has run. Each fault
 * happens on the HTTP/2 stream, as a real server or proxy would cause it.
 */
export function withFakeEnterpriseFaults(
  handler: NodeHandler,
  injector: FaultInjector,
  options: {
    rateLimitAnswer: FakeEnterpriseRateLimitAnswer;
    later: (milliseconds: number, action: () => void) => void;
  },
): NodeHandler {
  const { later } = options;
  const reset = (stream: http2.ServerHttp2Stream) => {
    if (!stream.destroyed && !stream.closed) stream.close(http2.constants.NGHTTP2_INTERNAL_ERROR);
  };
  const trailersOnly = (stream: http2.ServerHttp2Stream, status: number, message: string) => {
    stream.respond(
      {
        ':status': 200,
        'content-type': 'application/grpc+proto',
        'grpc-status': String(status),
        'grpc-message': encodeURIComponent(message),
      },
      { endStream: true },
    );
  };
  return (request, response) => {
    const operation = (request.url ?? '').split('?', 1)[0] ?? '';
    const fault = injector.draw(operation);
    const stream = request.stream;
    const settings = injector.options;
    switch (fault) {
      case undefined:
        handler(request, response);
        return;
      case 'unavailable':
        request.resume();
        trailersOnly(stream, 14, 'service unavailable (injected fault)');
        return;
      case 'rate_limited': {
        request.resume();
        const asHttp =
          options.rateLimitAnswer === 'http' || (options.rateLimitAnswer === 'mixed' && injector.next() < 0.5);
        if (asHttp) {
          stream.respond({
            ':status': 429,
            'retry-after': String(settings?.retryAfterSeconds ?? 1),
            'content-type': 'text/plain; charset=utf-8',
          });
          stream.end('rate limit exceeded (injected fault, as answered by a proxy)');
        } else {
          trailersOnly(stream, 8, 'resource exhausted: rate limit exceeded (injected fault)');
        }
        return;
      }
      case 'reset_before_commit':
        reset(stream);
        return;
      case 'stall':
        request.resume();
        later(settings?.stallMs ?? 30_000, () => reset(stream));
        return;
      case 'reset_after_commit':
        patchResponse(response, {
          writeHead: () => reset(stream),
          write: (_chunk, done) => {
            done?.();
            return true;
          },
          swallowRest: true,
        });
        handler(request, response);
        return;
      case 'wrong_shape': {
        let replaced = false;
        const originalWrite = response.write.bind(response) as (chunk: Buffer, done?: WriteCallback) => boolean;
        patchResponse(response, {
          write: (_chunk, done) => {
            if (replaced) {
              done?.();
              return true;
            }
            replaced = true;
            return originalWrite(undecodableFrame, done);
          },
        });
        handler(request, response);
        return;
      }
      case 'slow_body': {
        const originalWrite = response.write.bind(response) as (chunk: Buffer, done?: WriteCallback) => boolean;
        patchResponse(response, {
          write: (chunk, done) => {
            const pieces = Math.max(1, Math.min(10, chunk.length));
            const size = Math.ceil(chunk.length / pieces);
            const interval = (settings?.slowBodyMs ?? 2_000) / pieces;
            const writePiece = (index: number) => {
              if (stream.destroyed || stream.closed) return;
              originalWrite(chunk.subarray(index * size, (index + 1) * size));
              if ((index + 1) * size >= chunk.length) {
                done?.();
                response.emit('drain');
              } else later(interval, () => writePiece(index + 1));
            };
            later(interval, () => writePiece(0));
            return false;
          },
        });
        handler(request, response);
        return;
      }
    }
  };
}
