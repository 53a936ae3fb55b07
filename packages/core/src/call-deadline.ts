import { PomeriumError } from './pomerium-error.js';

/** The default total deadline of one client call, retries and look-ups included: 2 minutes. */
export const defaultDeadlineMs = 120_000;

/** Why a call's signal fired. */
export type DeadlineReason = 'deadline' | 'caller';

/** The signal of one client call: the caller's signal combined with the call's total deadline. */
export interface CallDeadline {
  /** Aborts when the caller aborts or the deadline passes. Passed to the backend on each attempt. */
  readonly signal: AbortSignal;
  /** Epoch milliseconds at which the deadline passes. */
  readonly expiresAt: number;
  /** Why the signal fired, once it has. */
  reason(): DeadlineReason | undefined;
  /** Milliseconds left before the deadline. */
  remainingMs(): number;
  /**
   * Settles like `promise`, or rejects with the abort reason as soon as the
   * deadline passes or the caller aborts: a backend that ignores its signal
   * cannot hold the call. One race at a time (a call's attempts are sequential).
   */
  race<T>(promise: Promise<T>): Promise<T>;
  /** Releases the timer and the listener on the caller's signal. */
  dispose(): void;
}

/** Validates the client's `deadlineMs` option. */
export function resolveDeadlineMs(deadlineMs: unknown): number {
  if (deadlineMs === undefined) return defaultDeadlineMs;
  if (typeof deadlineMs !== 'number' || !Number.isFinite(deadlineMs) || deadlineMs <= 0) {
    throw new PomeriumError('deadlineMs must be a positive number of milliseconds', {
      code: 'invalid_argument',
      field: 'deadlineMs',
    });
  }
  return deadlineMs;
}

/** One call's deadline: one AbortController, one unref'd timer, one listener on the caller's signal (if any). */
class RunningDeadline implements CallDeadline {
  readonly signal: AbortSignal;
  readonly expiresAt: number;
  #reason: DeadlineReason | undefined;
  readonly #timer: ReturnType<typeof setTimeout>;
  readonly #callerSignal: AbortSignal | undefined;
  readonly #onCallerAbort: (() => void) | undefined;
  #pending: ((reason: unknown) => void) | undefined;

  constructor(deadlineMs: number, callerSignal: AbortSignal | undefined) {
    const controller = new AbortController();
    this.signal = controller.signal;
    this.expiresAt = Date.now() + deadlineMs;
    this.#timer = setTimeout(() => {
      this.#reason ??= 'deadline';
      controller.abort(new Error(`deadline of ${deadlineMs} ms exceeded`));
      this.#pending?.(controller.signal.reason);
    }, deadlineMs);
    this.#timer.unref?.();
    this.#callerSignal = callerSignal;
    if (callerSignal !== undefined) {
      const onCallerAbort = () => {
        this.#reason ??= 'caller';
        controller.abort(callerSignal.reason);
        this.#pending?.(controller.signal.reason);
      };
      if (callerSignal.aborted) onCallerAbort();
      else {
        this.#onCallerAbort = onCallerAbort;
        callerSignal.addEventListener('abort', onCallerAbort, { once: true });
      }
    }
  }

  reason(): DeadlineReason | undefined {
    return this.#reason;
  }

  remainingMs(): number {
    return Math.max(0, this.expiresAt - Date.now());
  }

  race<T>(promise: Promise<T>): Promise<T> {
    promise.catch(() => {});
    if (this.signal.aborted) return Promise.reject(this.signal.reason);
    return new Promise<T>((resolve, reject) => {
      this.#pending = reject;
      promise.then(
        (value) => {
          this.#pending = undefined;
          resolve(value);
        },
        (error: unknown) => {
          this.#pending = undefined;
          reject(error);
        },
      );
    });
  }

  dispose(): void {
    this.#pending = undefined;
    clearTimeout(this.#timer);
    if (this.#onCallerAbort) this.#callerSignal?.removeEventListener('abort', this.#onCallerAbort);
  }
}

/**
 * Starts the deadline of one call: `deadlineMs` from now, or earlier when
 * `callerSignal` aborts. One AbortController and one timer per call (cleared by
 * `dispose()`); the timer does not keep the process alive.
 */
export function startCallDeadline(deadlineMs: number, callerSignal: AbortSignal | undefined): CallDeadline {
  return new RunningDeadline(deadlineMs, callerSignal);
}

/** Waits `ms` milliseconds, or rejects when `signal` aborts first. */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.reject(signal.reason);
  if (ms <= 0) return Promise.resolve();
  return new Promise<void>((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
