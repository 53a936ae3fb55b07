import http from 'node:http';
import https from 'node:https';
import zlib from 'node:zlib';
import { ZeroAttemptTimeoutError, type ZeroTransport, type ZeroWireResponse } from './zero-transport.js';

/** Idle keep-alive connections are closed after this long (or sooner when the server's `Keep-Alive` hint says so). */
const idleTimeoutMs = 30_000;

/** Errors carrying a Node error code, as `node:http` raises them. */
function codedError(message: string, code: string): Error {
  return Object.assign(new Error(message), { code });
}

function decompress(body: Buffer, encoding: string | undefined, done: (error: Error | null, text?: string) => void) {
  const coding = encoding?.trim().toLowerCase();
  const finish = (error: Error | null, result?: Buffer) =>
    error
      ? done(codedError(`could not decode the ${coding} body`, 'ERR_ZERO_BODY_DECODING'))
      : done(null, String(result));
  if (coding === 'gzip' || coding === 'x-gzip') zlib.gunzip(body, finish);
  // Servers send "deflate" with or without the zlib wrapper: unzip detects which.
  else if (coding === 'deflate') zlib.unzip(body, finish);
  else if (coding === 'br') zlib.brotliDecompress(body, finish);
  else done(null, body.toString('utf8'));
}

/**
 * The adapter's default {@link ZeroTransport}: `node:http`/`node:https` on a
 * keep-alive `Agent` of at most `maxConnections` sockets (one origin, so that
 * is the pool's bound; requests beyond it queue). No fetch machinery (no
 * WHATWG streams, no `Request`/`Response` objects, no AbortSignal per request):
 * one timer bounds the whole exchange and destroys the request when it fires,
 * and the caller's signal does the same. Bodies compressed with gzip, deflate
 * or br are decoded, as fetch does (the transport asks for them through its
 * `headers`).
 */
export function createNodeHttpTransport(prefixUrl: string, maxConnections: number): ZeroTransport {
  const base = new URL(prefixUrl);
  const secure = base.protocol === 'https:';
  const agentOptions = {
    keepAlive: true,
    maxSockets: maxConnections,
    timeout: idleTimeoutMs,
    scheduling: 'lifo' as const,
  };
  const agent = secure ? new https.Agent(agentOptions) : new http.Agent(agentOptions);
  const requestFunction = secure ? https.request : http.request;
  const hostname = base.hostname.startsWith('[') ? base.hostname.slice(1, -1) : base.hostname;
  const port = base.port === '' ? (secure ? 443 : 80) : Number(base.port);
  const basePath = base.pathname;
  return {
    headers: { 'accept-encoding': 'gzip, deflate, br' },
    send(request, signal, timeoutMs) {
      return new Promise<ZeroWireResponse>((resolve, reject) => {
        if (signal?.aborted) {
          reject(codedError('the request was aborted', 'ABORT_ERR'));
          return;
        }
        // node:http copies the headers it is given, so the adapter's (cached) object is passed as it is.
        const headers =
          request.body === undefined
            ? request.headers
            : { ...request.headers, 'content-length': String(Buffer.byteLength(request.body)) };
        const path = request.search ? `${basePath}${request.path}?${request.search}` : `${basePath}${request.path}`;
        let settled = false;
        let outgoing: http.ClientRequest | undefined;
        const settle = () => {
          settled = true;
          clearTimeout(timer);
          signal?.removeEventListener('abort', onAbort);
        };
        const fail = (error: Error) => {
          if (settled) return;
          settle();
          outgoing?.destroy();
          reject(error);
        };
        const onAbort = () => fail(codedError('the request was aborted', 'ABORT_ERR'));
        const timer = setTimeout(() => fail(new ZeroAttemptTimeoutError()), timeoutMs);
        signal?.addEventListener('abort', onAbort, { once: true });
        try {
          // Throws at once for a header value node:http refuses (a control character in a token or header).
          outgoing = requestFunction({ agent, hostname, port, path, method: request.method, headers }, (incoming) => {
            const chunks: Buffer[] = [];
            incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
            incoming.on('error', fail);
            incoming.on('close', () => {
              if (!incoming.complete)
                fail(codedError('the connection closed before the whole answer arrived', 'ECONNRESET'));
            });
            incoming.on('end', () => {
              if (settled) return;
              const body = chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks);
              decompress(body, incoming.headers['content-encoding'], (error, text) => {
                if (error) return fail(error);
                if (settled) return;
                settle();
                const retryAfter = incoming.headers['retry-after'];
                resolve({ status: incoming.statusCode ?? 0, text: text ?? '', retryAfter: retryAfter ?? null });
              });
            });
          });
        } catch (error) {
          fail(error instanceof Error ? error : new Error(String(error)));
          return;
        }
        outgoing.on('error', fail);
        outgoing.end(request.body);
      });
    },
    async close() {
      agent.destroy();
    },
  };
}
