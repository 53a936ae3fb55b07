import {
  PomeriumError,
  type PomeriumErrorCode,
  type PomeriumErrorOptions,
  redactedPlaceholder,
  redactSecrets,
} from '@pomerium-unified/core';

const backend = 'zero';

/** Zero's own credential shapes, redacted even when never registered: the `Pomerium` scheme and token-valued JSON members. */
const zeroSecretPatterns: readonly RegExp[] = [
  /(\bpomerium\s+)[A-Za-z0-9\-._~+/]+=*/gi,
  /("(?:refreshToken|idToken|token|authorization)"\s*:\s*")(?:[^"\\]|\\.)*"/gi,
];

/**
 * Replaces every occurrence of `secrets` (the API user token, id tokens) and
 * of every secret registered with the core's `registerSecret` in `text`, and
 * anything shaped like a credential (`Bearer …`, `Pomerium …`, a JWT, a
 * `"refreshToken": "…"` member), with `[REDACTED]` (the core's
 * `redactSecrets` plus Zero's shapes).
 */
export function redactZeroSecrets(text: string, secrets: readonly string[]): string {
  let result = redactSecrets(text, secrets);
  for (const pattern of zeroSecretPatterns) {
    result = result.replace(pattern, (_match, prefix: string) =>
      prefix.endsWith('"') ? `${prefix}${redactedPlaceholder}"` : `${prefix}${redactedPlaceholder}`,
    );
  }
  return result;
}

/**
 * A failed HTTP exchange with the Zero API, stripped of the request (its
 * headers carry the id token): method, path, status and the response body,
 * with every credential redacted. It is the `cause` of every PomeriumError
 * raised for an HTTP status.
 */
export class ZeroHttpError extends Error {
  /** HTTP method of the request. */
  readonly method: string;
  /** Path of the request below `/api/v0`, without the query string. */
  readonly path: string;
  /** HTTP status answered by Zero. */
  readonly status: number;
  /** The response body (redacted): parsed JSON when possible, otherwise the text. */
  readonly body: unknown;
  /** What the `Retry-After` header asked for, in milliseconds, when present. */
  readonly retryAfterMs: number | undefined;

  constructor(options: { method: string; path: string; status: number; body: unknown; retryAfterMs?: number }) {
    super(`Zero API ${options.method} /api/v0/${options.path} answered ${options.status}`);
    this.name = 'ZeroHttpError';
    this.method = options.method;
    this.path = options.path;
    this.status = options.status;
    this.body = options.body;
    this.retryAfterMs = options.retryAfterMs;
  }

  /** The `error` string of a `{"error": "..."}` body, or undefined. */
  get errorText(): string | undefined {
    const body = this.body;
    if (typeof body === 'object' && body !== null && typeof (body as { error?: unknown }).error === 'string') {
      return (body as { error: string }).error.slice(0, 500);
    }
    if (typeof body === 'string' && body.trim() !== '') return body.trim().slice(0, 500);
    return undefined;
  }
}

/**
 * Parses a `Retry-After` header (delay in seconds, or an HTTP date) into
 * milliseconds from `now`; undefined when absent or unreadable.
 */
export function parseRetryAfter(value: string | null | undefined, now: number = Date.now()): number | undefined {
  if (value === null || value === undefined) return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number.parseInt(text, 10) * 1000;
  const date = Date.parse(text);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}

/**
 * Builds the {@link ZeroHttpError} for an answer: the body text is redacted
 * before it is parsed, so no credential the server echoed is kept.
 */
export function zeroHttpError(
  request: { method: string; path: string },
  response: { status: number; text: string; retryAfter?: string | null },
  secrets: readonly string[],
): ZeroHttpError {
  const text = redactZeroSecrets(response.text, secrets);
  let body: unknown;
  try {
    body = text === '' ? undefined : JSON.parse(text);
  } catch {
    body = text.slice(0, 2000);
  }
  const retryAfterMs = parseRetryAfter(response.retryAfter);
  return new ZeroHttpError({
    method: request.method,
    path: request.path.split('?')[0] ?? request.path,
    status: response.status,
    body,
    ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
  });
}

/** The PomeriumError code for an HTTP status answered by Zero. */
export function codeForStatus(status: number, errorText = ''): PomeriumErrorCode {
  switch (status) {
    case 400:
    case 413:
    case 422:
      return 'invalid_argument';
    case 401:
      return 'unauthenticated';
    case 403:
      return 'permission_denied';
    case 404:
    case 410:
      return 'not_found';
    case 405:
    case 501:
      return 'unimplemented';
    case 408:
    case 504:
      return 'deadline_exceeded';
    case 409:
      return /already exists|duplicate|conflict.*name/i.test(errorText) ? 'already_exists' : 'failed_precondition';
    case 412:
      return 'failed_precondition';
    case 429:
      return 'resource_exhausted';
    case 500:
      return 'internal';
    case 502:
    case 503:
      return 'unavailable';
    default:
      if (status >= 500) return 'unavailable';
      return 'unknown';
  }
}

const fieldPattern =
  /^((?:namespaceId|policyIds|name|from|to|ppl|enforced|description|explanation|remediation|healthCheck|redirect|response|mcp)(?:\[\d+\])?(?:\.[A-Za-z]+)*)\s*:/;

/**
 * The offending field named at the start of a 400 message such as
 * `policyIds[0]: policy abc not found`, translated to the core model's name
 * (`healthCheck` becomes `healthChecks[0]`).
 */
export function fieldFromErrorText(errorText: string | undefined): string | undefined {
  const match = errorText ? fieldPattern.exec(errorText) : null;
  const field = match?.[1];
  if (!field) return undefined;
  return field.startsWith('healthCheck') ? field.replace(/^healthCheck/, 'healthChecks[0]') : field;
}

/** What a failed request was, for {@link toPomeriumError}. */
export interface ZeroFailureContext {
  /** The client operation, e.g. `routes.create`. */
  operation?: string | undefined;
  /** The caller's signal: when aborted, the failure is the caller's abort. */
  signal?: AbortSignal | undefined;
  /** The request may change state on the server (POST, PUT, PATCH, DELETE). */
  write?: boolean;
  /** The attempt's `timeoutMs` fired. */
  timedOut?: boolean;
  /** Method and path (below `/api/v0`, no query) of the request, for messages. */
  request?: { method: string; path: string };
  /** Credentials to redact from messages and causes. */
  secrets?: readonly string[];
  /** True for a PATCH carrying `test` operations: a conflict answer means the precondition failed. */
  guarded?: boolean;
}

/** Error codes of Node and undici that prove the request never left the client. */
const neverSentCodes = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
  'CERT_HAS_EXPIRED',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'ERR_INVALID_URL',
]);

function errorCodeOf(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current instanceof Error; depth += 1) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    current = current.cause;
  }
  return undefined;
}

/** Builds a PomeriumError of the Zero adapter (the options the core defines, `backend: 'zero'`). */
export function zeroError(message: string, options: Omit<PomeriumErrorOptions, 'backend'>): PomeriumError {
  return new PomeriumError(message, { ...options, backend } as PomeriumErrorOptions);
}

function safeMessage(error: Error, secrets: readonly string[]): string {
  return redactZeroSecrets(String(error.message), secrets).slice(0, 500);
}

/** A copy of `error` that keeps its name, message and `code` (redacted), and nothing it might hold (requests, headers, bodies). */
function safeCause(error: Error, secrets: readonly string[]): Error {
  const copy = new Error(safeMessage(error, secrets));
  copy.name = error.name;
  copy.stack = `${copy.name}: ${copy.message}`;
  const code = errorCodeOf(error);
  if (code) (copy as Error & { code?: string }).code = code;
  return copy;
}

/**
 * Converts anything thrown while talking to Zero into a PomeriumError with
 * `backend: 'zero'`, the operation, `mayHaveCommitted` for writes whose
 * request may have reached the server, `retryAfterMs` from `Retry-After`, and
 * a `cause` stripped of requests and credentials. Messages name the method,
 * the path and Zero's `error` text (redacted) only.
 */
export function toPomeriumError(error: unknown, context: ZeroFailureContext = {}): PomeriumError {
  if (PomeriumError.isInstance(error)) return error;
  const secrets = context.secrets ?? [];
  const operation = context.operation;
  const write = context.write === true;
  const common = operation ? { operation } : {};
  const where = context.request ? `${context.request.method} /api/v0/${context.request.path}` : undefined;
  if (error instanceof ZeroHttpError) {
    const errorText = error.errorText === undefined ? undefined : redactZeroSecrets(error.errorText, secrets);
    let code = codeForStatus(error.status, errorText);
    if (context.guarded && (error.status === 409 || error.status === 412)) code = 'aborted';
    const field = code === 'invalid_argument' ? fieldFromErrorText(errorText) : undefined;
    const detail = errorText ? `: ${errorText}` : '';
    const mayHaveCommitted = write && error.status >= 500 && error.status !== 501;
    return zeroError(`Zero API ${error.method} /api/v0/${error.path} failed with ${error.status}${detail}`, {
      code,
      cause: error,
      ...common,
      mayHaveCommitted,
      ...(error.retryAfterMs !== undefined ? { retryAfterMs: error.retryAfterMs } : {}),
      ...(field ? { field } : {}),
    });
  }
  if (context.signal?.aborted && !context.timedOut) {
    const reason = context.signal.reason;
    return zeroError(`The call to Zero was aborted${where ? ` (${where})` : ''}`, {
      code: 'deadline_exceeded',
      retryable: false,
      ...(reason instanceof Error ? { cause: safeCause(reason, secrets) } : {}),
      ...common,
      mayHaveCommitted: write,
    });
  }
  if (context.timedOut) {
    return zeroError(`Zero API call timed out${where ? `: ${where}` : ''}`, {
      code: 'deadline_exceeded',
      ...common,
      mayHaveCommitted: write,
    });
  }
  if (error instanceof ZeroResponseShapeError) {
    return zeroError(`Zero API sent an invalid response to ${operation ?? 'a call'}: ${error.message}`, {
      code: 'internal',
      retryable: false,
      ...common,
      mayHaveCommitted: write,
    });
  }
  if (error instanceof Error && (error instanceof TypeError || errorCodeOf(error) !== undefined)) {
    const code = errorCodeOf(error);
    const neverSent = code !== undefined && neverSentCodes.has(code);
    const reason =
      code ?? (error.cause instanceof Error ? safeMessage(error.cause, secrets) : safeMessage(error, secrets));
    return zeroError(`Zero API unreachable${where ? ` (${where})` : ''}: ${reason}`, {
      code: 'unavailable',
      cause: safeCause(error, secrets),
      ...common,
      mayHaveCommitted: write && !neverSent,
    });
  }
  const message = error instanceof Error ? safeMessage(error, secrets) : redactZeroSecrets(String(error), secrets);
  return zeroError(`Zero backend failed: ${message}`, {
    code: 'unknown',
    ...(error instanceof Error ? { cause: safeCause(error, secrets) } : {}),
    ...common,
    mayHaveCommitted: write,
  });
}

/** A 2xx answer whose body is not the shape the reference declares (never carries the body). */
export class ZeroResponseShapeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ZeroResponseShapeError';
  }
}

/** Zero answered the token exchange with 2xx but without a usable `idToken` or `expiresInSeconds`. */
export class ZeroTokenResponseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ZeroTokenResponseError';
  }
}

/** The error raised when the token exchange fails: refused token, bad response, network, timeout. */
export function tokenExchangeError(error: unknown, context: ZeroFailureContext = {}): PomeriumError {
  const common = context.operation ? { operation: context.operation } : {};
  if (error instanceof ZeroTokenResponseError) {
    return zeroError(error.message, { code: 'internal', cause: new ZeroTokenResponseError(error.message), ...common });
  }
  if (error instanceof ZeroHttpError && (error.status === 400 || error.status === 401 || error.status === 403)) {
    return zeroError(
      `Zero refused the API user token (status ${error.status}): it may be revoked, expired or mistyped; create a new API user token in the Zero console`,
      { code: 'unauthenticated', cause: error, ...common },
    );
  }
  return toPomeriumError(error, { ...context, write: false });
}

/** True for the error {@link tokenExchangeError} gives when Zero refused the API user token. */
export function isRefusedApiUserToken(error: unknown): boolean {
  return PomeriumError.hasCode(error, 'unauthenticated') && error.cause instanceof ZeroHttpError;
}

/** The error raised for a get, update or delete of an object Zero reports as deleted (a 403 that is confirmed). */
export function deletedObjectError(what: string, id: string, cause: PomeriumError): PomeriumError {
  return zeroError(`${what} ${id} not found (Zero answers 403 for deleted objects)`, {
    code: 'not_found',
    cause,
    ...(cause.operation ? { operation: cause.operation } : {}),
  });
}

/** An error raised by the adapter itself, before or instead of a call to Zero. */
export function zeroAdapterError(
  code: PomeriumErrorCode,
  message: string,
  field?: string,
  operation?: string,
): PomeriumError {
  return zeroError(message, { code, ...(field ? { field } : {}), ...(operation ? { operation } : {}) });
}
