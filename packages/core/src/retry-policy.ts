import type { BackendCapabilities } from './backend-specification.js';
import { PomeriumError } from './pomerium-error.js';

/** Retry settings of the client (`createPomeriumClient({ retry })`). */
export interface RetryOptions {
  /** Attempts per call, the first included. Default 3; 1 turns retries off. */
  maxAttempts?: number;
  /** Upper bound of the first backoff, in milliseconds. Default 200. */
  initialDelayMs?: number;
  /** Cap of any backoff, in milliseconds. Default 5000. */
  maxDelayMs?: number;
  /** Cap applied to a server's `Retry-After`, in milliseconds. Default 30000. */
  maxRetryAfterMs?: number;
  /**
   * Clock skew tolerated between this machine and the server when recovering a
   * create whose answer was lost: objects created up to this long before the
   * request was sent still count as candidates. Default 5000.
   */
  clockSkewMs?: number;
}

/** {@link RetryOptions} with every default applied. */
export type RetryPolicy = Required<RetryOptions>;

/** The defaults of {@link RetryOptions}. */
export const defaultRetryPolicy: RetryPolicy = {
  maxAttempts: 3,
  initialDelayMs: 200,
  maxDelayMs: 5000,
  maxRetryAfterMs: 30_000,
  clockSkewMs: 5000,
};

function checkNumber(value: unknown, field: string, minimum: number, integer = false): void {
  if (value === undefined) return;
  if (
    typeof value !== 'number' ||
    !Number.isFinite(value) ||
    value < minimum ||
    (integer && !Number.isInteger(value))
  ) {
    throw new PomeriumError(`retry.${field} must be ${integer ? 'an integer' : 'a number'} ≥ ${minimum}`, {
      code: 'invalid_argument',
      field: `retry.${field}`,
    });
  }
}

/** Validates the client's `retry` option and fills in the defaults; `false` means one attempt. */
export function resolveRetryPolicy(options: RetryOptions | false | undefined): RetryPolicy {
  if (options === false) return { ...defaultRetryPolicy, maxAttempts: 1 };
  if (options === undefined) return { ...defaultRetryPolicy };
  if (typeof options !== 'object' || options === null) {
    throw new PomeriumError('retry must be an object or false', { code: 'invalid_argument', field: 'retry' });
  }
  checkNumber(options.maxAttempts, 'maxAttempts', 1, true);
  checkNumber(options.initialDelayMs, 'initialDelayMs', 0);
  checkNumber(options.maxDelayMs, 'maxDelayMs', 0);
  checkNumber(options.maxRetryAfterMs, 'maxRetryAfterMs', 0);
  checkNumber(options.clockSkewMs, 'clockSkewMs', 0);
  return {
    maxAttempts: options.maxAttempts ?? defaultRetryPolicy.maxAttempts,
    initialDelayMs: options.initialDelayMs ?? defaultRetryPolicy.initialDelayMs,
    maxDelayMs: options.maxDelayMs ?? defaultRetryPolicy.maxDelayMs,
    maxRetryAfterMs: options.maxRetryAfterMs ?? defaultRetryPolicy.maxRetryAfterMs,
    clockSkewMs: options.clockSkewMs ?? defaultRetryPolicy.clockSkewMs,
  };
}

/**
 * The wait before retry number `retry` (1 = the first retry): the server's
 * `Retry-After` when it gave one (capped at `maxRetryAfterMs`), otherwise full
 * jitter, a random delay between 0 and `min(maxDelayMs, initialDelayMs · 2^(retry-1))`.
 */
export function retryDelayMs(
  policy: RetryPolicy,
  retry: number,
  retryAfterMs: number | undefined,
  random: () => number = Math.random,
): number {
  if (retryAfterMs !== undefined) return Math.min(retryAfterMs, policy.maxRetryAfterMs);
  const ceiling = Math.min(policy.maxDelayMs, policy.initialDelayMs * 2 ** Math.max(0, retry - 1));
  return Math.floor(random() * ceiling);
}

/**
 * Whether re-sending an update whose answer was lost cannot overwrite edits made
 * since: the backend writes field by field (`fieldLevelUpdates`), or each attempt
 * re-reads the object and applies only the patch (`patchReappliedOnRead`).
 */
export function updatesAreResendable(capabilities: BackendCapabilities | undefined): boolean {
  return capabilities?.fieldLevelUpdates === true || capabilities?.patchReappliedOnRead === true;
}

/** The kinds of operation, as far as retrying them is concerned. */
export type OperationKind = 'read' | 'create' | 'update' | 'delete';

/** What the client does after a failed attempt. */
export type RetryDecision = 'retry' | 'recover' | 'surface';

/**
 * Decides what follows a failed attempt. Only errors the backend marks
 * `retryable` are retried, and then: reads always; any request that provably
 * never reached the server; deletes; updates whose answer was lost are re-sent
 * when re-sending is safe ({@link updatesAreResendable}), and otherwise go through recovery (read
 * the object: the patch is there, or it is re-sent once); creates whose answer
 * was lost go through recovery instead of a blind retry. A guarded update
 * (`expectedUpdatedAt`) whose answer was lost is never repeated: a re-sent
 * guarded update would conflict with itself.
 */
export function decideRetry(
  kind: OperationKind,
  error: PomeriumError,
  context: { resendableUpdates: boolean; guarded: boolean },
): RetryDecision {
  if (!error.retryable) return 'surface';
  if (kind === 'read' || kind === 'delete' || !error.mayHaveCommitted) return 'retry';
  if (kind === 'create') return 'recover';
  if (context.guarded) return 'surface';
  return context.resendableUpdates ? 'retry' : 'recover';
}

/**
 * Whether repeating the whole call could neither duplicate nor corrupt anything,
 * given what is known about its last failure: the final `retryable` of a surfaced
 * error is the backend's transient flag and this.
 */
export function isSafeToRepeat(
  kind: OperationKind,
  mayHaveCommitted: boolean,
  context: { resendableUpdates: boolean; guarded: boolean },
): boolean {
  if (kind === 'read' || kind === 'delete' || !mayHaveCommitted) return true;
  if (kind === 'update') return context.resendableUpdates && !context.guarded;
  return false;
}
