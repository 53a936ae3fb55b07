import { Code, ConnectError } from '@connectrpc/connect';
import { PomeriumError, type PomeriumErrorCode } from '@pomerium-unified/core';

/** The backend name carried by every error of this adapter. */
export const enterpriseBackendName = 'enterprise';

/**
 * How each gRPC status code maps to a core error code.
 *
 * Judgement calls:
 * - `Canceled` → `deadline_exceeded` (not retryable): in this client a
 *   cancellation comes from the caller's `AbortSignal`, which core documents
 *   as `deadline_exceeded`, as the memory backend does.
 * - `Aborted` → `unavailable` (retryable): connect-node reports a reset or
 *   destroyed HTTP/2 stream (`ECONNRESET`) as `Aborted`, and a server that
 *   aborts on a concurrent change also asks for a retry; updates are a
 *   read-modify-write, so repeating the call is correct in both cases.
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
  [Code.Aborted]: 'unavailable',
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
  /** Strings that must never appear in a message (the service account token). */
  secrets?: readonly string[];
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

function redact(message: string, secrets: readonly string[] | undefined): string {
  let result = message;
  for (const secret of secrets ?? []) {
    if (secret.length > 0) result = result.split(secret).join('[redacted]');
  }
  return result;
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

/**
 * Converts anything thrown by a call to the Enterprise console into a
 * `PomeriumError` with `backend: 'enterprise'` and the original as `cause`.
 * TLS and connection failures become `unavailable` with a message that says
 * what went wrong; secrets listed in the context are never part of a message.
 */
export function toPomeriumError(error: unknown, context: EnterpriseErrorContext = {}): PomeriumError {
  if (PomeriumError.isInstance(error)) return error;
  const where = context.url ? ` at ${context.url}` : '';
  const chain = nodeErrorChain(error);
  const tlsFailure = chain.find((entry) => tlsVerificationCodes.has(entry.code));
  if (tlsFailure) {
    return new PomeriumError(
      redact(
        `TLS connection to the Enterprise console${where} failed: certificate verification failed: ${tlsFailure.message} (${tlsFailure.code}). Pass the console's CA in tls.ca, or tls.insecureSkipVerify for tests only.`,
        context.secrets,
      ),
      // Retrying cannot fix a certificate that does not verify.
      { code: 'unavailable', retryable: false, cause: error, backend: enterpriseBackendName },
    );
  }
  const sslFailure = chain.find((entry) => entry.code.startsWith('ERR_SSL_') || entry.code.startsWith('ERR_TLS_'));
  if (sslFailure) {
    return new PomeriumError(
      redact(
        `TLS connection to the Enterprise console${where} failed: ${sslFailure.message} (${sslFailure.code})`,
        context.secrets,
      ),
      { code: 'unavailable', cause: error, backend: enterpriseBackendName },
    );
  }
  const connectionFailure = chain.find((entry) => connectionCodes.has(entry.code));
  if (connectionFailure) {
    return new PomeriumError(
      redact(
        `Cannot reach the Enterprise console${where}: ${connectionFailure.message} (${connectionFailure.code})`,
        context.secrets,
      ),
      { code: 'unavailable', cause: error, backend: enterpriseBackendName },
    );
  }
  const connectError = ConnectError.from(error);
  const code = grpcCodeToPomeriumCode[connectError.code] ?? 'unknown';
  const rawMessage = redact(connectError.rawMessage, context.secrets);
  const field = code === 'invalid_argument' ? fieldFromMessage(rawMessage) : undefined;
  return new PomeriumError(`Enterprise console: ${rawMessage} (${Code[connectError.code]})`, {
    code,
    cause: error,
    backend: enterpriseBackendName,
    ...(connectError.code === Code.Canceled ? { retryable: false } : {}),
    ...(field ? { field } : {}),
  });
}
