import { Code, ConnectError } from '@connectrpc/connect';
import { PomeriumError, type PomeriumErrorCode, redactSecrets } from '@pomerium-unified/core';

/** The backend name carried by every error of this adapter. */
export const enterpriseBackendName = 'enterprise';

/**
 * How each gRPC status code maps to a core error code.
 *
 * Judgement calls:
 * - `Canceled` → `deadline_exceeded` (not retryable) when the caller's
 *   `AbortSignal` fired, as the memory backend does; otherwise the stream was
 *   cancelled by the other side (a server or proxy that died mid-call) and
 *   {@link toPomeriumError} reports `unavailable` (retryable) instead.
 * - `Aborted` → `aborted`: a status the server sent means a concurrency
 *   conflict. connect-node also reports a reset or destroyed HTTP/2 stream
 *   (`ECONNRESET`) as `Aborted`; {@link toPomeriumError} recognises those by
 *   their Node.js cause and reports `unavailable` (retryable).
 * - `OutOfRange` → `invalid_argument`; `DataLoss` → `internal`.
 */
export const grpcCodeToPomeriumCode: Readonly<Record<Code, PomeriumErrorCode>> = {
  [Code.Canceled]: 'deadline_exceeded',
  [Code.Unknown]: 'unknown',
  [Code.InvalidArgument]: 'invalid_argument',
  [Code.DeadlineExceeded]: 'deadline_exceeded',
  [Code.NotFound]: 'not_found',
  [Code.AlreadyExists]: 'already_exists',
  [Code.PermissionDenied]: 'permission_denied',
  [Code.ResourceExhausted]: 'resource_exhausted',
  [Code.FailedPrecondition]: 'failed_precondition',
  [Code.Aborted]: 'aborted',
  [Code.OutOfRange]: 'invalid_argument',
  [Code.Unimplemented]: 'unimplemented',
  [Code.Internal]: 'internal',
  [Code.Unavailable]: 'unavailable',
  [Code.DataLoss]: 'internal',
  [Code.Unauthenticated]: 'unauthenticated',
};

/** Context that makes error messages useful without leaking secrets. */
export interface EnterpriseErrorContext {
  /** The console URL, named in connection and TLS errors. */
  url?: string;
  /** Strings that must never appear in a message, `cause`, stack or inspection (the service account token). */
  secrets?: readonly string[];
  /** The operation that failed, e.g. `routes.create`; set as `error.operation`. */
  operation?: string;
  /** True when the call writes: failures after the request may have reached the server set `mayHaveCommitted`. */
  write?: boolean;
  /** True when the caller's `AbortSignal` had fired when the call failed. */
  callerAborted?: boolean;
}

const tlsVerificationCodes = new Set([
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_DECRYPT_CERT_SIGNATURE',
  'CERT_SIGNATURE_FAILURE',
  'CERT_NOT_YET_VALID',
  'CERT_HAS_EXPIRED',
  'CERT_UNTRUSTED',
  'CERT_REJECTED',
  'INVALID_CA',
  'HOSTNAME_MISMATCH',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

const connectionCodes = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EPIPE',
  'ERR_HTTP2_ERROR',
  'ERR_HTTP2_SESSION_ERROR',
  'ERR_HTTP2_GOAWAY_SESSION',
  'ERR_HTTP2_STREAM_ERROR',
  'ERR_HTTP2_INVALID_SESSION',
  'ERR_STREAM_PREMATURE_CLOSE',
  'ERR_STREAM_DESTROYED',
  'ERR_STREAM_WRITE_AFTER_END',
  'ERR_HTTP2_INVALID_STREAM',
  'ERR_HTTP2_STREAM_CANCEL',
]);

/** Connection failures that prove the request never left this process. */
const neverSentCodes = new Set(['ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);

/**
 * gRPC statuses a server answers when it refused the call: the write did not
 * take effect. `ResourceExhausted` (a rate limit) is one: the server answered
 * it instead of processing the request, so a write is safe to retry.
 * `DeadlineExceeded`, `Unknown`, `Internal` and `DataLoss` are not in the
 * list: the server may have done part of the work.
 */
const refusedStatusCodes = new Set<Code>([
  Code.InvalidArgument,
  Code.NotFound,
  Code.AlreadyExists,
  Code.PermissionDenied,
  Code.Unauthenticated,
  Code.FailedPrecondition,
  Code.Aborted,
  Code.OutOfRange,
  Code.Unimplemented,
  Code.ResourceExhausted,
  Code.Unavailable,
]);

interface NodeErrorInfo {
  code: string;
  message: string;
}

function nodeErrorChain(error: unknown): NodeErrorInfo[] {
  const chain: NodeErrorInfo[] = [];
  const seen = new Set<unknown>();
  let current: unknown = error;
  while (current instanceof Error && !seen.has(current)) {
    seen.add(current);
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') chain.push({ code, message: current.message });
    current = (current as { cause?: unknown }).cause;
  }
  return chain;
}

/**
 * What a rate-limited gRPC answer asks for: a wait in milliseconds from gRPC's
 * server pushback trailer (`grpc-retry-pushback-ms`), else from a
 * `Retry-After` header or trailer; `'never'` when the pushback is negative or
 * unreadable (gRPC's "do not retry"); undefined when neither is given.
 */
export function grpcRetryAfterMs(metadata: Headers | undefined): number | 'never' | undefined {
  const pushback = metadata?.get('grpc-retry-pushback-ms')?.trim();
  if (pushback !== undefined) return /^\d+$/.test(pushback) ? Number(pushback) : 'never';
  return retryAfterMsFrom(metadata);
}

/** The `Retry-After` of a proxy's HTTP answer in milliseconds (delta-seconds or an HTTP date), if any. */
export function retryAfterMsFrom(headers: Headers | undefined, now = Date.now()): number | undefined {
  const value = headers?.get('retry-after')?.trim();
  if (!value) return undefined;
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

function camelCase(segment: string): string {
  return segment.replace(/_([a-z0-9])/g, (_match, letter: string) => letter.toUpperCase());
}

const fieldPrefixPattern = /^([a-z_][a-z0-9_]*(?:\[\d+\])?(?:\.[a-z_][a-z0-9_]*(?:\[\d+\])?)*): /;

/**
 * The core field path named at the start of a server message in the
 * `field_name[0].sub_field: problem` form (protovalidate style), converted to
 * the core model's camelCase (`policyIds[0]`), or undefined.
 */
export function fieldFromMessage(message: string): string | undefined {
  const match = fieldPrefixPattern.exec(message);
  return match ? (match[1] as string).split('.').map(camelCase).join('.') : undefined;
}

const httpStatusPattern = /^HTTP (\d{3})$/;
const streamResetPattern = /^http\/2 stream closed with error code ([A-Z_0-9]+)/;

/**
 * Converts anything thrown by a call to the Enterprise console into a
 * `PomeriumError` with `backend: 'enterprise'` and the original as `cause`
 * (core's redacted copy when secrets are given or it shows one: a server
 * that echoes the token in `grpc-message` or a trailer leaks it nowhere). TLS and connection failures become
 * `unavailable` with a message that says what went wrong. For writes,
 * `mayHaveCommitted` is true unless the request provably never reached the
 * server or the server refused it with a status. Secrets listed in the
 * context never appear in the error, its stack, its `cause` or an inspection.
 */
export function toPomeriumError(error: unknown, context: EnterpriseErrorContext = {}): PomeriumError {
  if (PomeriumError.isInstance(error)) return error;
  const { secrets, write = false } = context;
  const where = context.url ? ` at ${context.url}` : '';
  const base = {
    backend: enterpriseBackendName,
    cause: error,
    ...(secrets !== undefined ? { secrets } : {}),
    ...(context.operation !== undefined ? { operation: context.operation } : {}),
  };
  const chain = nodeErrorChain(error);
  const tlsFailure = chain.find((entry) => tlsVerificationCodes.has(entry.code));
  if (tlsFailure) {
    return new PomeriumError(
      redactSecrets(
        `TLS connection to the Enterprise console${where} failed: certificate verification failed: ${tlsFailure.message} (${tlsFailure.code}). Pass the console's CA in tls.ca, or tls.insecureSkipVerify for tests only.`,
        secrets,
      ),
      // Retrying cannot fix a certificate that does not verify.
      { ...base, code: 'unavailable', retryable: false, mayHaveCommitted: false },
    );
  }
  const sslFailure = chain.find((entry) => entry.code.startsWith('ERR_SSL_') || entry.code.startsWith('ERR_TLS_'));
  if (sslFailure) {
    return new PomeriumError(
      redactSecrets(
        `TLS connection to the Enterprise console${where} failed: ${sslFailure.message} (${sslFailure.code})`,
        secrets,
      ),
      { ...base, code: 'unavailable', mayHaveCommitted: false },
    );
  }
  const connectionFailure = chain.find((entry) => connectionCodes.has(entry.code));
  if (connectionFailure) {
    const neverSent = neverSentCodes.has(connectionFailure.code);
    return new PomeriumError(
      redactSecrets(
        `${neverSent ? 'Cannot reach' : 'Lost the connection to'} the Enterprise console${where}: ${connectionFailure.message} (${connectionFailure.code})`,
        secrets,
      ),
      { ...base, code: 'unavailable', mayHaveCommitted: write && !neverSent },
    );
  }
  const connectError = ConnectError.from(error);
  const rawMessage = redactSecrets(connectError.rawMessage, secrets);
  const httpStatus = httpStatusPattern.exec(connectError.rawMessage);
  if (httpStatus) {
    // Not a gRPC answer: a proxy (or a server that is not the console) answered with a plain HTTP status.
    const status = Number(httpStatus[1]);
    const retryAfterMs = retryAfterMsFrom(connectError.metadata);
    const code: PomeriumErrorCode =
      status === 429 ? 'resource_exhausted' : (grpcCodeToPomeriumCode[connectError.code] ?? 'unknown');
    return new PomeriumError(`Enterprise console${where} answered HTTP ${status} instead of gRPC`, {
      ...base,
      code,
      // 429 provably did nothing; a 502/503/504 may come after the proxy forwarded the request.
      mayHaveCommitted: write && status !== 429 && status >= 500,
      ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
    });
  }
  const resetCode = streamResetPattern.exec(connectError.rawMessage)?.[1];
  if (resetCode !== undefined && !(connectError.code === Code.Canceled && context.callerAborted)) {
    // The server or a proxy reset the HTTP/2 stream (connect-node maps RST_STREAM codes to Internal, Canceled, …):
    // a transport failure, not an answer. REFUSED_STREAM means the server never processed the request.
    const refused = resetCode === 'REFUSED_STREAM';
    return new PomeriumError(
      `The Enterprise console${where} reset the call before answering (HTTP/2 ${resetCode}, ${context.operation ?? 'call'})`,
      { ...base, code: 'unavailable', mayHaveCommitted: write && !refused },
    );
  }
  if (connectError.code === Code.Canceled && !context.callerAborted) {
    // Not our signal: the server or a proxy reset the stream mid-call.
    return new PomeriumError(`The Enterprise console${where} closed the call before answering: ${rawMessage}`, {
      ...base,
      code: 'unavailable',
      mayHaveCommitted: write,
    });
  }
  const code = grpcCodeToPomeriumCode[connectError.code] ?? 'unknown';
  const field = code === 'invalid_argument' ? fieldFromMessage(rawMessage) : undefined;
  const refusedByServer = refusedStatusCodes.has(connectError.code);
  // A rate limit the server answered: nothing was done, so it is retryable (after the pushback it asks for).
  const pushback = connectError.code === Code.ResourceExhausted ? grpcRetryAfterMs(connectError.metadata) : undefined;
  return new PomeriumError(`Enterprise console: ${rawMessage} (${Code[connectError.code]})`, {
    ...base,
    code,
    mayHaveCommitted: write && !refusedByServer,
    ...(connectError.code === Code.Canceled ? { retryable: false } : {}),
    ...(connectError.code === Code.ResourceExhausted ? { retryable: pushback !== 'never' } : {}),
    ...(typeof pushback === 'number' ? { retryAfterMs: pushback } : {}),
    ...(field ? { field } : {}),
  });
}

/**
 * The status of a failed call as a wire event reports it: the HTTP status of
 * a proxy's answer, the Node.js code of a connection failure, or the gRPC
 * status in snake case (`not_found`, `unavailable`).
 */
export function wireStatusOf(error: unknown): number | string {
  if (PomeriumError.isInstance(error)) return error.code;
  const connectError = ConnectError.from(error);
  const httpStatus = httpStatusPattern.exec(connectError.rawMessage);
  if (httpStatus) return Number(httpStatus[1]);
  const nodeCode = nodeErrorChain(error)[0]?.code;
  if (nodeCode !== undefined) return nodeCode;
  return (Code[connectError.code] ?? 'Unknown').replace(/(?<!^)([A-Z])/g, '_$1').toLowerCase();
}

/**
 * The error of a wire answer that fails validation (e.g. certificate bytes that
 * are not UTF-8): `internal`, naming the operation and what was wrong, never
 * the value. A write's answer arrived after the server accepted it, so
 * `mayHaveCommitted` follows `write`.
 */
export function badAnswerError(operation: string, what: string, write: boolean): PomeriumError {
  return new PomeriumError(`Enterprise console answered ${operation} with ${what}`, {
    code: 'internal',
    backend: enterpriseBackendName,
    operation,
    mayHaveCommitted: write,
  });
}
