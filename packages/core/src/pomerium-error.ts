import { causeShowsSecret, redactSecrets, sanitizeCause } from './redact-secrets.js';

/**
 * The small, gRPC-aligned set of error codes every backend maps into.
 * The string values are stable and safe to switch on.
 */
export type PomeriumErrorCode =
  | 'not_found'
  | 'already_exists'
  | 'invalid_argument'
  | 'failed_precondition'
  | 'permission_denied'
  | 'unauthenticated'
  | 'unavailable'
  | 'deadline_exceeded'
  | 'resource_exhausted'
  | 'unimplemented'
  | 'internal'
  | 'aborted'
  | 'unknown';

/** Every code, in a stable order (handy for exhaustive tests and documentation). */
export const pomeriumErrorCodes: readonly PomeriumErrorCode[] = [
  'not_found',
  'already_exists',
  'invalid_argument',
  'failed_precondition',
  'permission_denied',
  'unauthenticated',
  'unavailable',
  'deadline_exceeded',
  'resource_exhausted',
  'unimplemented',
  'internal',
  'aborted',
  'unknown',
];

const retryableByDefault: ReadonlySet<PomeriumErrorCode> = new Set([
  'unavailable',
  'deadline_exceeded',
  'resource_exhausted',
]);

const marker = Symbol.for('pomerium-unified.error');
const inspectSymbol = Symbol.for('nodejs.util.inspect.custom');

/** Options accepted by the {@link PomeriumError} constructor. */
export interface PomeriumErrorOptions {
  /** The machine-readable error code. */
  code: PomeriumErrorCode;
  /** Whether retrying the same call may succeed. Defaults to true for unavailable, deadline_exceeded and resource_exhausted. */
  retryable?: boolean;
  /** The original error (a ConnectError, an HTTP error, a zod error, …). */
  cause?: unknown;
  /** For invalid_argument: the path of the offending field, e.g. `to[0]` or `ppl[1].allow.or`. */
  field?: string;
  /** The backend that produced the error (`memory`, `zero`, `enterprise`, …). */
  backend?: string;
  /** The operation that failed, e.g. `routes.create`. */
  operation?: string;
  /** How long the server asked to wait before retrying (from `Retry-After`), in milliseconds. */
  retryAfterMs?: number;
  /**
   * True when the failed call was a write whose request may have reached the
   * server (the answer was lost: a reset or timeout after sending, a 502/504 from a
   * proxy). False when it provably never arrived (connection refused, DNS, TLS, 429).
   */
  mayHaveCommitted?: boolean;
  /**
   * Credentials to redact from the message and `cause` (in addition to those
   * registered with `registerSecret`). When given, the cause is replaced by a
   * sanitised copy (see `sanitizeCause`); otherwise the cause is kept as is unless
   * its message or stack shows a registered secret. They are not stored on the error.
   */
  secrets?: readonly (string | undefined)[];
}

/**
 * The one error class of pomerium-unified. Every adapter converts its native
 * errors into it in exactly one place, so callers handle failures the same way
 * whichever deployment they talk to.
 */
export class PomeriumError extends Error {
  /** The machine-readable error code. */
  readonly code: PomeriumErrorCode;
  /** Whether retrying the same call may succeed. */
  readonly retryable: boolean;
  /** For invalid_argument: the path of the offending field. */
  readonly field: string | undefined;
  /** The backend that produced the error, when known. */
  readonly backend: string | undefined;
  /** The operation that failed (`routes.create`, …), when known. */
  readonly operation: string | undefined;
  /** How long the server asked to wait before a retry, in milliseconds, when it said so. */
  readonly retryAfterMs: number | undefined;
  /** True when the request of a failed write may have reached the server and been applied. */
  readonly mayHaveCommitted: boolean;
  /** Brand checked by {@link PomeriumError.isInstance}; survives duplicate installs of core. */
  readonly [marker] = true;

  constructor(message: string, options: PomeriumErrorOptions) {
    const secrets = options.secrets ?? [];
    super(
      redactSecrets(String(message), secrets),
      options.cause === undefined
        ? undefined
        : {
            cause:
              secrets.length > 0 || causeShowsSecret(options.cause)
                ? sanitizeCause(options.cause, secrets)
                : options.cause,
          },
    );
    this.name = 'PomeriumError';
    this.code = options.code;
    this.retryable = options.retryable ?? retryableByDefault.has(options.code);
    this.field = options.field;
    this.backend = options.backend;
    this.operation = options.operation;
    this.retryAfterMs =
      typeof options.retryAfterMs === 'number' && Number.isFinite(options.retryAfterMs) && options.retryAfterMs >= 0
        ? options.retryAfterMs
        : undefined;
    this.mayHaveCommitted = options.mayHaveCommitted === true;
  }

  /** A JSON view without the stack; every string is redacted. */
  toJSON(): Record<string, unknown> {
    const cause = this.cause;
    const view: Record<string, unknown> = {
      name: this.name,
      code: this.code,
      message: redactSecrets(this.message),
      retryable: this.retryable,
      mayHaveCommitted: this.mayHaveCommitted,
    };
    if (this.field !== undefined) view.field = redactSecrets(this.field);
    if (this.backend !== undefined) view.backend = this.backend;
    if (this.operation !== undefined) view.operation = this.operation;
    if (this.retryAfterMs !== undefined) view.retryAfterMs = this.retryAfterMs;
    if (cause !== undefined) {
      view.cause = cause instanceof Error ? redactSecrets(`${cause.name}: ${cause.message}`) : sanitizeCause(cause);
    }
    return view;
  }

  /** What `util.inspect` and `console.log` show: the stack and the fields, redacted. */
  [inspectSymbol](_depth: number, options: object, inspect: (value: unknown, options?: object) => string): string {
    const { name: _name, message: _message, cause, ...fields } = this.toJSON();
    const stack = redactSecrets(this.stack ?? `${this.name}: ${this.message}`);
    const details = typeof inspect === 'function' ? inspect(fields, options) : JSON.stringify(fields);
    const causeText =
      this.cause instanceof Error && typeof this.cause.stack === 'string'
        ? `\n[cause]: ${redactSecrets(this.cause.stack)}`
        : cause === undefined
          ? ''
          : `\n[cause]: ${typeof inspect === 'function' ? inspect(cause, options) : JSON.stringify(cause)}`;
    return redactSecrets(`${stack} ${details}${causeText}`);
  }

  /**
   * True for any PomeriumError, including one created by another installed copy
   * of `@pomerium-unified/core` (where `instanceof` would fail).
   */
  static isInstance(value: unknown): value is PomeriumError {
    return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[marker] === true;
  }

  /** True when `value` is a PomeriumError with the given code. */
  static hasCode(value: unknown, code: PomeriumErrorCode): value is PomeriumError {
    return PomeriumError.isInstance(value) && value.code === code;
  }
}
