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
  'unknown',
];

const retryableByDefault: ReadonlySet<PomeriumErrorCode> = new Set([
  'unavailable',
  'deadline_exceeded',
  'resource_exhausted',
]);

const marker = Symbol.for('pomerium-unified.error');

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
  /** Brand checked by {@link PomeriumError.isInstance}; survives duplicate installs of core. */
  readonly [marker] = true;

  constructor(message: string, options: PomeriumErrorOptions) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'PomeriumError';
    this.code = options.code;
    this.retryable = options.retryable ?? retryableByDefault.has(options.code);
    this.field = options.field;
    this.backend = options.backend;
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
