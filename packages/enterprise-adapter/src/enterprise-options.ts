import type { Transport } from '@connectrpc/connect';
import { PomeriumError } from '@pomerium-unified/core';
import { enterpriseBackendName } from './errors.js';

/** TLS settings of the connection to the Enterprise console API. */
export interface EnterpriseTlsOptions {
  /** PEM CA certificate(s) trusted for the console's certificate. Default: Node's system roots. */
  ca?: string | Buffer | Array<string | Buffer>;
  /** PEM client certificate for mutual TLS. Default: none. Needs `key`. */
  cert?: string | Buffer;
  /** PEM private key of the client certificate. Default: none. Needs `cert`. */
  key?: string | Buffer;
  /** Accept any server certificate. Default false. For tests only: it removes the protection TLS gives. */
  insecureSkipVerify?: boolean;
  /** Server name (SNI) to send and verify. Default: the host of `url`. */
  serverName?: string;
}

/** Options of `createEnterpriseBackend()`. */
export interface EnterpriseBackendOptions {
  /**
   * Where the console API is reachable: `https://console-api.example.com`,
   * `https://host:port` or a bare `host:port` (gRPC-style target). The port
   * defaults to 443 (80 with `plaintext`). Required.
   */
  url: string;
  /** A Pomerium service account token; sent as `authorization: Pomerium <token>`. Required. Never logged. */
  serviceAccountToken: string;
  /** TLS settings. Default: verify the console against the system roots. */
  tls?: EnterpriseTlsOptions;
  /**
   * Talk HTTP/2 without TLS (h2c), e.g. to a console behind a local sidecar.
   * Default false. Only used when set explicitly; `http://` URLs need it.
   */
  plaintext?: boolean;
  /**
   * Deadline of each attempt in milliseconds, end to end (connection, TLS,
   * headers and body; an update's read and write share it). Default 30000.
   * The client's `deadlineMs` and the caller's `signal` bound the whole call.
   */
  timeoutMs?: number;
  /**
   * Extra gRPC metadata sent with every call, e.g. `{ 'x-request-source': 'ci' }`.
   * Default none. `authorization` is refused: the service account token sets it.
   */
  headers?: Record<string, string>;
  /** The `user-agent` sent with every call. Default: connect's own (`connect-es/<version>`). */
  userAgent?: string;
  /** Restrict list calls to this cluster (`cluster_id`). Default: the console's default cluster. */
  clusterId?: string;
  /**
   * A ready-made connect transport (tests, in-memory transports, custom
   * interceptors). When given, `url`, `tls` and `plaintext` only feed error
   * messages; the authorization header, `headers` and `userAgent` are still
   * added to every call. Default: a gRPC transport over HTTP/2.
   */
  transport?: Transport;
}

/** Options after validation, with defaults applied. */
export interface ResolvedEnterpriseOptions {
  /** The base URL of the gRPC transport (`https://host:port` or `http://host:port`). */
  baseUrl: string;
  /** The service account token. */
  serviceAccountToken: string;
  /** TLS settings. */
  tls: EnterpriseTlsOptions;
  /** Whether h2c is used. */
  plaintext: boolean;
  /** Deadline of each call in milliseconds. */
  timeoutMs: number;
  /** Cluster of list calls, if any. */
  clusterId: string | undefined;
  /** A ready-made transport, if any. */
  transport: Transport | undefined;
  /** Every header sent with each call: `authorization`, `headers` and `user-agent`. */
  requestHeaders: [name: string, value: string][];
}

/** The default deadline of each call. */
export const defaultTimeoutMs = 30_000;

function invalid(message: string, field: string): never {
  throw new PomeriumError(`Invalid Enterprise backend options: ${message}`, {
    code: 'invalid_argument',
    field,
    backend: enterpriseBackendName,
  });
}

const headerNamePattern = /^[!#$%&'*+.^_`|~0-9a-z-]+$/i;
const headerValuePattern = /^[\t\x20-\x7e\x80-\xff]*$/;

function resolveRequestHeaders(options: EnterpriseBackendOptions, token: string): [string, string][] {
  const result: [string, string][] = [['authorization', `Pomerium ${token}`]];
  const { headers, userAgent } = options;
  if (headers !== undefined) {
    if (typeof headers !== 'object' || headers === null || Array.isArray(headers)) {
      invalid('headers must be an object of header names to string values', 'headers');
    }
    for (const [name, value] of Object.entries(headers)) {
      if (!headerNamePattern.test(name)) invalid(`headers has an invalid header name`, `headers.${name}`);
      const lower = name.toLowerCase();
      if (lower === 'authorization') {
        invalid('headers must not set authorization: serviceAccountToken does', `headers.${name}`);
      }
      if (lower.startsWith('grpc-') || lower === 'content-type' || lower === 'te') {
        invalid('headers must not set gRPC protocol headers', `headers.${name}`);
      }
      if (typeof value !== 'string' || !headerValuePattern.test(value)) {
        invalid('header values must be strings without line breaks', `headers.${name}`);
      }
      result.push([lower, value]);
    }
  }
  if (userAgent !== undefined) {
    if (typeof userAgent !== 'string' || userAgent.trim() === '' || !headerValuePattern.test(userAgent)) {
      invalid('userAgent must be a non-empty string without line breaks', 'userAgent');
    }
    result.push(['user-agent', userAgent]);
  }
  return result;
}

/**
 * Validates the options and applies defaults. Throws `invalid_argument` naming
 * the offending option; the token is never part of a message.
 */
export function resolveEnterpriseOptions(options: EnterpriseBackendOptions): ResolvedEnterpriseOptions {
  if (typeof options !== 'object' || options === null) invalid('an options object is required', 'options');
  const { url, serviceAccountToken, tls = {}, plaintext = false, timeoutMs = defaultTimeoutMs } = options;
  if (typeof serviceAccountToken !== 'string' || serviceAccountToken.trim() === '') {
    invalid('serviceAccountToken is required (a Pomerium service account token)', 'serviceAccountToken');
  }
  if (/\s/.test(serviceAccountToken)) invalid('serviceAccountToken must not contain whitespace', 'serviceAccountToken');
  if (typeof url !== 'string' || url.trim() === '') {
    invalid('url is required, e.g. https://console-api.example.com or host:port', 'url');
  }
  if (!Number.isInteger(timeoutMs) || timeoutMs <= 0 || timeoutMs > 2_147_483_647) {
    invalid('timeoutMs must be a positive integer of milliseconds (at most 2147483647)', 'timeoutMs');
  }
  if ((tls.cert === undefined) !== (tls.key === undefined)) {
    invalid(
      'tls.cert and tls.key must be given together for mutual TLS',
      tls.cert === undefined ? 'tls.cert' : 'tls.key',
    );
  }
  if (plaintext && (tls.ca !== undefined || tls.cert !== undefined || tls.insecureSkipVerify !== undefined)) {
    invalid('tls options cannot be combined with plaintext', 'plaintext');
  }
  const trimmed = url.trim();
  const hasScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed);
  let parsed: URL;
  try {
    parsed = new URL(hasScheme ? trimmed : `${plaintext ? 'http' : 'https'}://${trimmed}`);
  } catch {
    invalid('url must be https://host[:port] or host:port', 'url');
  }
  if (parsed.protocol === 'http:' && !plaintext) {
    invalid('an http:// url needs plaintext: true (h2c without TLS); use https:// otherwise', 'url');
  }
  if (parsed.protocol === 'https:' && plaintext) invalid('plaintext: true needs an http:// url or host:port', 'url');
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')
    invalid('url must use https:// (or http:// with plaintext)', 'url');
  if (parsed.username !== '' || parsed.password !== '') invalid('url must not contain credentials', 'url');
  if ((parsed.pathname !== '/' && parsed.pathname !== '') || parsed.search !== '' || parsed.hash !== '') {
    invalid('url must not have a path, query or fragment', 'url');
  }
  const requestHeaders = resolveRequestHeaders(options, serviceAccountToken);
  const port = parsed.port || (plaintext ? '80' : '443');
  return {
    baseUrl: `${parsed.protocol}//${parsed.hostname.includes(':') && !parsed.hostname.startsWith('[') ? `[${parsed.hostname}]` : parsed.hostname}:${port}`,
    serviceAccountToken,
    tls,
    plaintext,
    timeoutMs,
    clusterId: options.clusterId,
    transport: options.transport,
    requestHeaders,
  };
}
