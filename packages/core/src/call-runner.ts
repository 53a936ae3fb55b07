import type { CallOptions, WireEvent } from './backend-specification.js';
import { type CallDeadline, sleep, startCallDeadline } from './call-deadline.js';
import type { CallObserver } from './client-observability.js';
import { PomeriumError } from './pomerium-error.js';
import { decideRetry, isSafeToRepeat, type OperationKind, type RetryPolicy, retryDelayMs } from './retry-policy.js';

/** What every call of one client shares. */
export interface CallEnvironment {
  /** The backend's name, for errors and events. */
  backendName: string;
  /** Whether re-sending an update after a lost answer is safe (`updatesAreResendable` of the backend's capabilities). */
  resendableUpdates: boolean;
  /** Retry settings. */
  policy: RetryPolicy;
  /** Total deadline of one call, in milliseconds. */
  deadlineMs: number;
  /** Logger and hooks. */
  observer: CallObserver;
  /** Random source of the backoff jitter (tests make it deterministic). */
  random?: () => number;
}

/** One client call, as the runner needs it. */
export interface CallSpecification<T> {
  /** `routes.create`, `policies.list`, … */
  operation: string;
  /** What retrying it could do. */
  kind: OperationKind;
  /** The caller's signal. */
  signal?: AbortSignal | undefined;
  /** True when an update carries `expectedUpdatedAt`. */
  guarded?: boolean;
  /** One attempt. */
  run: (options: CallOptions) => Promise<T>;
  /** Checks the backend's answer; throws `internal` when it has the wrong shape. */
  check?: (value: T) => void;
  /**
   * After a lost answer. Creates: looks for the object an earlier attempt may
   * have made (`sentAt`: when the first attempt was sent); returns it, or
   * undefined when there is none; throws when several match. Updates of a backend
   * whose updates are not safe to re-send: reads the object and returns it when the patch
   * is already applied, undefined otherwise (the update is then re-sent once).
   */
  recover?: (options: CallOptions, sentAt: number) => Promise<T | undefined>;
}

/** Turns anything a backend threw into a PomeriumError naming the backend and the operation. */
export function toPomeriumError(error: unknown, backendName: string, operation: string): PomeriumError {
  if (PomeriumError.isInstance(error)) {
    if (error.operation !== undefined || !(error instanceof PomeriumError)) return error;
    return withChanges(error, { operation });
  }
  let message: string;
  try {
    message = String((error as Error)?.message ?? error);
  } catch {
    message = 'an unreadable error';
  }
  return new PomeriumError(`${backendName} backend failed during ${operation}: ${message}`, {
    code: 'unknown',
    cause: error,
    backend: backendName,
    operation,
  });
}

function withChanges(
  error: PomeriumError,
  changes: { operation?: string; retryable?: boolean; mayHaveCommitted?: boolean },
): PomeriumError {
  const operation = changes.operation ?? error.operation;
  const retryable = changes.retryable ?? error.retryable;
  const mayHaveCommitted = changes.mayHaveCommitted ?? error.mayHaveCommitted;
  if (
    error instanceof PomeriumError &&
    operation === error.operation &&
    retryable === error.retryable &&
    mayHaveCommitted === error.mayHaveCommitted
  ) {
    return error;
  }
  const copy = new PomeriumError(error.message, {
    code: error.code,
    retryable,
    mayHaveCommitted,
    ...(error.cause === undefined ? {} : { cause: error.cause }),
    ...(error.field === undefined ? {} : { field: error.field }),
    ...(error.backend === undefined ? {} : { backend: error.backend }),
    ...(operation === undefined ? {} : { operation }),
    ...(error.retryAfterMs === undefined ? {} : { retryAfterMs: error.retryAfterMs }),
  });
  if (typeof error.stack === 'string') copy.stack = error.stack;
  return copy;
}

function abortError(
  deadline: CallDeadline,
  environment: CallEnvironment,
  specification: { operation: string; kind: OperationKind; guarded?: boolean },
  state: { attempts: number; mayHaveCommitted: boolean; lastError: PomeriumError | undefined },
): PomeriumError {
  const { operation, kind } = specification;
  const mayHaveCommitted = kind !== 'read' && state.mayHaveCommitted;
  const byCaller = deadline.reason() === 'caller';
  const message = byCaller
    ? `${operation} was aborted by the caller`
    : `${operation} did not complete within its deadline of ${environment.deadlineMs} ms (${state.attempts} attempt(s))`;
  const context = { resendableUpdates: environment.resendableUpdates, guarded: specification.guarded === true };
  return new PomeriumError(message, {
    code: 'deadline_exceeded',
    retryable: !byCaller && isSafeToRepeat(kind, mayHaveCommitted, context),
    mayHaveCommitted,
    backend: environment.backendName,
    operation,
    ...(state.lastError ? { cause: state.lastError } : byCaller ? { cause: deadline.signal.reason } : {}),
  });
}

/**
 * Runs one client call: one deadline (the caller's signal and `deadlineMs`)
 * over every attempt, backoff and look-up; retries as {@link decideRetry} allows;
 * create recovery after a lost answer; a delete retried after a lost answer that
 * finds nothing has succeeded; hooks and one log line per call. Surfaced errors
 * carry the operation, `mayHaveCommitted` and a final `retryable` that is true only
 * where repeating the call can neither duplicate nor corrupt.
 */
export async function runCall<T>(environment: CallEnvironment, specification: CallSpecification<T>): Promise<T> {
  const { backendName, observer, policy } = environment;
  const { operation, kind } = specification;
  const context = { resendableUpdates: environment.resendableUpdates, guarded: specification.guarded === true };
  const deadline = startCallDeadline(environment.deadlineMs, specification.signal);
  const { signal } = deadline;
  const startedAt = observer.finished ? Date.now() : 0;
  const state = { attempts: 0, mayHaveCommitted: false, lastError: undefined as PomeriumError | undefined };
  let outcome: 'ok' | PomeriumError['code'] = 'ok';
  let outcomeMessage: string | undefined;
  let sentAt: number | undefined;
  let recovering = false;
  let failedLookups = 0;
  // An update whose answer was lost and whose patch was not found applied is re-sent once, never more.
  let updateResent = false;
  // No listener, no callback: the adapters then skip their wire-event bookkeeping.
  const wire = observer.wire;
  const onWireEvent = wire && ((event: WireEvent) => wire({ ...event, layer: 'wire', backend: backendName }));
  const callOptions = (attempt: number): CallOptions =>
    onWireEvent ? { signal, attempt, onWireEvent } : { signal, attempt };
  const surface = (error: PomeriumError): PomeriumError => {
    const mayHaveCommitted = kind !== 'read' && (state.mayHaveCommitted || error.mayHaveCommitted);
    return withChanges(error, {
      operation,
      mayHaveCommitted,
      retryable: error.retryable && isSafeToRepeat(kind, mayHaveCommitted, context),
    });
  };
  const backoff = async (error: PomeriumError, attempt: number, delayMs: number, recovery: boolean) => {
    observer.retry?.({ backend: backendName, operation, attempt, errorCode: error.code, delayMs, recovery });
    await sleep(delayMs, signal);
  };

  try {
    for (;;) {
      if (signal.aborted) throw abortError(deadline, environment, specification, state);
      if (recovering && specification.recover && sentAt !== undefined) {
        let found: T | undefined;
        try {
          found = await deadline.race(specification.recover(callOptions(state.attempts), sentAt));
        } catch (caught) {
          if (signal.aborted) throw abortError(deadline, environment, specification, state);
          const error = toPomeriumError(caught, backendName, operation);
          const delayMs = retryDelayMs(policy, state.attempts + failedLookups, error.retryAfterMs, environment.random);
          failedLookups += 1;
          if (error.code === 'failed_precondition') throw surface(error);
          if (!error.retryable || failedLookups >= policy.maxAttempts || delayMs >= deadline.remainingMs()) {
            throw surface(state.lastError ?? error);
          }
          await backoff(error, state.attempts, delayMs, true);
          continue;
        }
        if (found !== undefined) return found;
        recovering = false;
        if (state.attempts >= policy.maxAttempts && state.lastError) throw surface(state.lastError);
        if (kind === 'update') {
          if (updateResent && state.lastError) throw surface(state.lastError);
          updateResent = true;
        }
      }
      state.attempts += 1;
      const attempt = state.attempts;
      if (kind === 'create' || kind === 'update') sentAt ??= Date.now();
      observer.request?.({ layer: 'call', backend: backendName, operation, attempt });
      const attemptStartedAt = observer.response ? Date.now() : 0;
      try {
        const value = await deadline.race(specification.run(callOptions(attempt)));
        specification.check?.(value);
        observer.response?.({
          layer: 'call',
          backend: backendName,
          operation,
          attempt,
          durationMs: Date.now() - attemptStartedAt,
          outcome: 'ok',
        });
        return value;
      } catch (caught) {
        const aborted = signal.aborted;
        const error = toPomeriumError(caught, backendName, operation);
        observer.response?.({
          layer: 'call',
          backend: backendName,
          operation,
          attempt,
          durationMs: Date.now() - attemptStartedAt,
          outcome: aborted ? 'deadline_exceeded' : error.code,
        });
        if (aborted) {
          // The attempt was cut off in flight: a write may have reached the server.
          state.mayHaveCommitted = true;
          throw abortError(deadline, environment, specification, state);
        }
        if (kind === 'delete' && error.code === 'not_found' && state.mayHaveCommitted) return undefined as T;
        state.lastError = error;
        if (error.mayHaveCommitted) state.mayHaveCommitted = true;
        let decision = decideRetry(kind, error, context);
        // A re-send the server refused unprocessed (429, RESOURCE_EXHAUSTED, …) does not use up the one re-send.
        if (kind === 'update' && updateResent && !error.mayHaveCommitted) updateResent = false;
        // Once an earlier create (or whole-object update) may have been applied, every further attempt looks for it first.
        const recoverable = kind === 'create' || (kind === 'update' && !context.resendableUpdates);
        if (recoverable && decision === 'retry' && state.mayHaveCommitted) decision = 'recover';
        const exhausted = attempt >= policy.maxAttempts && (decision !== 'recover' || policy.maxAttempts === 1);
        if (decision === 'surface' || exhausted) throw surface(error);
        if (decision === 'recover' && !specification.recover) throw surface(error);
        const delayMs = retryDelayMs(policy, attempt, error.retryAfterMs, environment.random);
        if (delayMs >= deadline.remainingMs()) throw surface(error);
        await backoff(error, attempt, delayMs, decision === 'recover');
        if (decision === 'recover') recovering = true;
      }
    }
  } catch (error) {
    if (signal.aborted && !(PomeriumError.isInstance(error) && error.code === 'deadline_exceeded')) {
      const aborted = abortError(deadline, environment, specification, state);
      outcome = aborted.code;
      outcomeMessage = aborted.message;
      throw aborted;
    }
    const surfaced = PomeriumError.isInstance(error) ? error : toPomeriumError(error, backendName, operation);
    outcome = surfaced.code;
    outcomeMessage = surfaced.message;
    throw surfaced;
  } finally {
    deadline.dispose();
    observer.finished?.({
      backend: backendName,
      operation,
      attempts: state.attempts,
      durationMs: Date.now() - startedAt,
      outcome,
      ...(outcomeMessage === undefined ? {} : { message: outcomeMessage }),
    });
  }
}
