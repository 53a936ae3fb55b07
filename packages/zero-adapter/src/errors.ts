import { PomeriumError, type PomeriumErrorCode } from '@pomerium-unified/core';
import { isHTTPError, isTimeoutError } from 'ky';

const backend = 'zero';

/**
 * A failed HTTP exchange with the Zero API, stripped of the request (its
 * headers carry the id token): method, path, status and the response body.
 * It is the `cause` of every PomeriumError raised for an HTTP status.
 */
export class ZeroHttpError extends Error {
  /** HTTP method of the request. */
  readonly method: string;
  /** Path of the request below `/api/v0`, without the query string. */
  readonly path: string;
  /** HTTP status answered by Zero. */
  readonly status: number;
  /** The response body: parsed JSON when possible, otherwise the text. */
  readonly body: unknown;

  constructor(options: { method: string; path: string; status: number; body: unknown }) {
    super(`Zero API ${options.method} /api/v0/${options.path} answered ${options.status}`);
    this.name = 'ZeroHttpError';
    this.method = options.method;
    this.path = options.path;
    this.status = options.status;
    this.body = options.body;
  }

  /** The `error` string of a `{"error": "..."}` body, or undefined. */
  get errorText(): string | undefined {
    const body = this.body;
    if (typeof body === 'object' && body !== null && typeof (body as { error?: unknown }).error === 'string') {
      return (body as { error: string }).error;
    }
    if (typeof body === 'string' && body.trim() !== '') return body.trim().slice(0, 500);
    return undefined;
  }
}

/**
 * Reads the body of a ky HTTPError and returns a {@link ZeroHttpError} that
 * keeps the status and body but not the request.
 */
export async function readZeroHttpError(error: unknown, method: string, path: string): Promise<unknown> {
  if (!isHTTPError(error)) return error;
  let body: unknown;
  try {
    const text = await error.response.text();
    try {
      body = text === '' ? undefined : JSON.parse(text);
    } catch {
      body = text;
    }
  } catch {
    body = undefined;
  }
  return new ZeroHttpError({ method, path: path.split('?')[0] ?? path, status: error.response.status, body });
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

/**
 * Converts anything thrown while talking to Zero into a PomeriumError with
 * `backend: 'zero'` and the original error as `cause`. Messages never contain
 * tokens: they name the method, the path and Zero's `error` text only.
 */
export function toPomeriumError(error: unknown, context: { signal?: AbortSignal | undefined } = {}): PomeriumError {
  if (PomeriumError.isInstance(error)) return error;
  if (error instanceof ZeroHttpError) {
    const errorText = error.errorText;
    const code = codeForStatus(error.status, errorText);
    const field = code === 'invalid_argument' ? fieldFromErrorText(errorText) : undefined;
    const detail = errorText ? `: ${errorText}` : '';
    return new PomeriumError(`Zero API ${error.method} /api/v0/${error.path} failed with ${error.status}${detail}`, {
      code,
      cause: error,
      backend,
      ...(field ? { field } : {}),
    });
  }
  if (context.signal?.aborted) {
    return new PomeriumError('The call to Zero was aborted', {
      code: 'deadline_exceeded',
      retryable: false,
      cause: context.signal.reason,
      backend,
    });
  }
  if (isTimeoutError(error)) {
    // The TimeoutError holds the request (and its Authorization header): keep only what it says.
    return new PomeriumError(
      `Zero API call timed out: ${error.request.method} ${new URL(error.request.url).pathname}`,
      {
        code: 'deadline_exceeded',
        cause: new Error(error.message),
        backend,
      },
    );
  }
  if (
    error instanceof TypeError ||
    (error instanceof Error && /fetch failed|ECONNREFUSED|ECONNRESET|socket/i.test(error.message))
  ) {
    return new PomeriumError(`Zero API unreachable: ${error.message}`, { code: 'unavailable', cause: error, backend });
  }
  if (error instanceof SyntaxError) {
    return new PomeriumError(`Zero API sent an invalid response: ${error.message}`, {
      code: 'internal',
      cause: error,
      backend,
    });
  }
  const message = error instanceof Error ? error.message : String(error);
  return new PomeriumError(`Zero backend failed: ${message}`, { code: 'unknown', cause: error, backend });
}

/** Zero answered the token exchange with 2xx but without a usable `idToken` or `expiresInSeconds`. */
export class ZeroTokenResponseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ZeroTokenResponseError';
  }
}

/** The error raised when the token exchange fails: refused token, bad response, network. */
export function tokenExchangeError(error: unknown): PomeriumError {
  if (error instanceof ZeroTokenResponseError) {
    return new PomeriumError(error.message, { code: 'internal', cause: error, backend });
  }
  const converted = toPomeriumError(error);
  if (error instanceof ZeroHttpError && (error.status === 400 || error.status === 401 || error.status === 403)) {
    return new PomeriumError(
      `Zero refused the API user token (status ${error.status}): it may be revoked, expired or mistyped; create a new API user token in the Zero console`,
      { code: 'unauthenticated', cause: error, backend },
    );
  }
  return converted;
}

/** The error raised for a get, update or delete of an object Zero reports as deleted (a 403 that is confirmed). */
export function deletedObjectError(what: string, id: string, cause: unknown): PomeriumError {
  return new PomeriumError(`${what} ${id} not found (Zero answers 403 for deleted objects)`, {
    code: 'not_found',
    cause,
    backend,
  });
}

/** An error raised by the adapter itself, before or instead of a call to Zero. */
export function zeroAdapterError(code: PomeriumErrorCode, message: string, field?: string): PomeriumError {
  return new PomeriumError(message, { code, backend, ...(field ? { field } : {}) });
}
