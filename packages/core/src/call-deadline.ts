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

/**
 * Starts the deadline of one call: `deadlineMs` from now, or earlier when
 * `callerSignal` aborts. The timer does not keep the process alive.
 */
export function startCallDeadline(deadlineMs: number, callerSignal: AbortSignal | undefined): CallDeadline {
  const controller = new AbortController();
  const expiresAt = Date.now() + deadlineMs;
  let reason: DeadlineReason | undefined;
  const onCallerAbort = () => {
    if (reason === undefined) reason = 'caller';
    controller.abort(callerSignal?.reason);
  };
  const timer = setTimeout(() => {
    if (reason === undefined) reason = 'deadline';
    controller.abort(new Error(`deadline of ${deadlineMs} ms exceeded`));
  }, deadlineMs);
  timer.unref?.();
  if (callerSignal?.aborted) onCallerAbort();
  else callerSignal?.addEventListener('abort', onCallerAbort, { once: true });
  return {
    signal: controller.signal,
    expiresAt,
    reason: () => reason,
    remainingMs: () => Math.max(0, expiresAt - Date.now()),
    dispose() {
      clearTimeout(timer);
      callerSignal?.removeEventListener('abort', onCallerAbort);
    },
  };
}

/**
 * Settles like `promise`, or rejects as soon as `signal` aborts, whichever comes
 * first, so a backend that ignores its signal cannot hold a call past its
 * deadline. A late rejection of `promise` is swallowed.
 */
export function raceWithSignal<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  promise.catch(() => {});
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
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
