import type { Interceptor, Transport } from '@connectrpc/connect';
import { createGrpcTransport, Http2SessionManager } from '@connectrpc/connect-node';
import type { ResolvedEnterpriseOptions } from './enterprise-options.js';

/** The transport of a backend, and the HTTP/2 session it owns (none for a user-supplied transport). */
export interface EnterpriseTransport {
  /** Every call goes through it; it adds the authorization header and the configured headers. */
  transport: Transport;
  /** The HTTP/2 session manager of the built-in transport, to close. */
  sessionManager: Http2SessionManager | undefined;
}

function createHeaderInterceptor(headers: readonly [string, string][]): Interceptor {
  return (next) => (request) => {
    for (const [name, value] of headers) request.header.set(name, value);
    return next(request);
  };
}

/** Wraps a ready-made transport so that every call carries the configured headers. */
function withHeaders(transport: Transport, headers: readonly [string, string][]): Transport {
  const withAll = (init: ConstructorParameters<typeof Headers>[0]): Headers => {
    const result = new Headers(init);
    for (const [name, value] of headers) result.set(name, value);
    return result;
  };
  return {
    unary: (method, signal, timeoutMs, init, input, contextValues) =>
      transport.unary(method, signal, timeoutMs, withAll(init), input, contextValues),
    stream: (method, signal, timeoutMs, init, input, contextValues) =>
      transport.stream(method, signal, timeoutMs, withAll(init), input, contextValues),
  };
}

/**
 * Creates the transport once per backend: a gRPC transport over one HTTP/2
 * session (TLS, mTLS or h2c), or the user's transport wrapped to add headers.
 */
export function createEnterpriseTransport(resolved: ResolvedEnterpriseOptions): EnterpriseTransport {
  if (resolved.transport) {
    return { transport: withHeaders(resolved.transport, resolved.requestHeaders), sessionManager: undefined };
  }
  const { tls } = resolved;
  const nodeOptions = resolved.plaintext
    ? {}
    : {
        ...(tls.ca !== undefined ? { ca: tls.ca } : {}),
        ...(tls.cert !== undefined ? { cert: tls.cert } : {}),
        ...(tls.key !== undefined ? { key: tls.key } : {}),
        ...(tls.serverName !== undefined ? { servername: tls.serverName } : {}),
        ...(tls.insecureSkipVerify ? { rejectUnauthorized: false } : {}),
      };
  const sessionManager = new Http2SessionManager(resolved.baseUrl, undefined, nodeOptions);
  const transport = createGrpcTransport({
    baseUrl: resolved.baseUrl,
    sessionManager,
    defaultTimeoutMs: resolved.timeoutMs,
    interceptors: [createHeaderInterceptor(resolved.requestHeaders)],
  });
  return { transport, sessionManager };
}
