import type { WireEvent } from './backend-specification.js';
import type { PomeriumErrorCode } from './pomerium-error.js';
import { redactSecrets } from './redact-secrets.js';

/** One log method, pino style: a structured object first, then an optional message. */
export type PomeriumLogMethod = (object: Record<string, unknown>, message?: string) => void;

/**
 * The logger the client accepts: pino, or anything with pino's
 * `debug/info/warn/error(object, message?)` methods (`trace` optional).
 */
export interface PomeriumLogger {
  /** Per-call summaries and retries. */
  debug: PomeriumLogMethod;
  /** Not used by the client today; part of the pino-compatible shape. */
  info: PomeriumLogMethod;
  /** Not used by the client today; part of the pino-compatible shape. */
  warn: PomeriumLogMethod;
  /** Not used by the client today; part of the pino-compatible shape. */
  error: PomeriumLogMethod;
  /** When present: one line per wire exchange reported by the adapter. */
  trace?: PomeriumLogMethod;
}

/** An attempt of a client call is about to start (`layer: 'call'`). */
export interface CallRequestEvent {
  layer: 'call';
  /** The backend's name. */
  backend: string;
  /** The client operation, e.g. `routes.create`. */
  operation: string;
  /** 1-based attempt number. */
  attempt: number;
}

/** An attempt of a client call ended (`layer: 'call'`). */
export interface CallResponseEvent {
  layer: 'call';
  /** The backend's name. */
  backend: string;
  /** The client operation, e.g. `routes.create`. */
  operation: string;
  /** 1-based attempt number. */
  attempt: number;
  /** Duration of the attempt in milliseconds. */
  durationMs: number;
  /** `ok`, or the code of the error the attempt failed with. */
  outcome: 'ok' | PomeriumErrorCode;
}

/** A wire exchange reported by the adapter (`layer: 'wire'`). */
export type WireLayerEvent = WireEvent & { layer: 'wire'; backend: string };

/** What `hooks.onRequest` receives: a call attempt starting, or a wire request being sent. */
export type PomeriumRequestEvent = CallRequestEvent | (WireLayerEvent & { type: 'request' });
/** What `hooks.onResponse` receives: a call attempt ending, or a wire answer or failure. */
export type PomeriumResponseEvent = CallResponseEvent | (WireLayerEvent & { type: 'response' });

/** What `hooks.onRetry` receives: the client is about to retry (or recover) a call. */
export interface RetryEvent {
  /** The backend's name. */
  backend: string;
  /** The client operation, e.g. `routes.create`. */
  operation: string;
  /** The attempt that failed. */
  attempt: number;
  /** The code of its error. */
  errorCode: PomeriumErrorCode;
  /** The wait before the next attempt, in milliseconds. */
  delayMs: number;
  /** True when a create's answer was lost and the client first looks for the object it may have made. */
  recovery: boolean;
}

/** Callbacks fed by the client's call path and by the adapters' wire events. Errors they throw are ignored. */
export interface PomeriumHooks {
  /** Before each attempt of a call (`layer: 'call'`) and each wire request (`layer: 'wire'`). */
  onRequest?: (event: PomeriumRequestEvent) => void;
  /** After each attempt of a call (`layer: 'call'`) and each wire answer or failure (`layer: 'wire'`). */
  onResponse?: (event: PomeriumResponseEvent) => void;
  /** Before each retry or create recovery. */
  onRetry?: (event: RetryEvent) => void;
}

/** The outcome of a whole call, for its single log line. */
export interface CallSummary {
  backend: string;
  operation: string;
  attempts: number;
  durationMs: number;
  outcome: 'ok' | PomeriumErrorCode;
  message?: string;
}

/**
 * The client's internal sink for observability events. A sink is absent when
 * nothing listens to it (no hook, no logger, no debug environment), so the call
 * path builds no event and the adapters get no `onWireEvent` callback at all.
 */
export interface CallObserver {
  request?: (event: CallRequestEvent) => void;
  response?: (event: CallResponseEvent) => void;
  retry?: (event: RetryEvent) => void;
  wire?: (event: WireLayerEvent) => void;
  finished?: (summary: CallSummary) => void;
}

function redactObject(object: object): Record<string, unknown> {
  const copy: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(object))
    copy[key] = typeof value === 'string' ? redactSecrets(value) : value;
  return copy;
}

function safely(callback: (() => void) | undefined): void {
  try {
    callback?.();
  } catch {
    // Observability never breaks a call.
  }
}

function writeToStderr(level: string): PomeriumLogMethod {
  return (object, message) => {
    const line = JSON.stringify({ level, time: new Date().toISOString(), msg: message, ...object });
    process.stderr.write(`[pomerium-unified] ${line}\n`);
  };
}

/** A logger writing JSON lines to stderr, used when `POMERIUM_UNIFIED_DEBUG=1` and no logger is given. */
export function createStderrLogger(): PomeriumLogger {
  return {
    trace: writeToStderr('trace'),
    debug: writeToStderr('debug'),
    info: writeToStderr('info'),
    warn: writeToStderr('warn'),
    error: writeToStderr('error'),
  };
}

/** True when the environment turns debug logging on (`POMERIUM_UNIFIED_DEBUG=1` or `true`). */
export function debugFromEnvironment(): boolean {
  const value = typeof process === 'undefined' ? undefined : process.env?.POMERIUM_UNIFIED_DEBUG;
  return value === '1' || value?.toLowerCase() === 'true';
}

/** Builds the observer of a client from its `logger` and `hooks` options; every sink is absent when neither is set. */
export function createCallObserver(logger: PomeriumLogger | undefined, hooks: PomeriumHooks | undefined): CallObserver {
  const log = logger ?? (debugFromEnvironment() ? createStderrLogger() : undefined);
  const onRequest = hooks?.onRequest;
  const onResponse = hooks?.onResponse;
  const onRetry = hooks?.onRetry;
  const trace = log?.trace;
  const observer: CallObserver = {};
  if (onRequest) observer.request = (event) => safely(() => onRequest.call(hooks, event));
  if (onResponse) observer.response = (event) => safely(() => onResponse.call(hooks, event));
  if (onRetry || log) {
    observer.retry = (event) => {
      safely(onRetry && (() => onRetry.call(hooks, event)));
      safely(
        log &&
          (() =>
            log.debug(
              redactObject({ ...event }),
              `pomerium-unified ${event.operation} attempt ${event.attempt} failed (${event.errorCode}); ${event.recovery ? 'recovering' : 'retrying'} in ${event.delayMs} ms`,
            )),
      );
    };
  }
  if (onRequest || onResponse || trace) {
    observer.wire = (event) => {
      const redacted = redactObject(event) as unknown as WireLayerEvent;
      if (event.type === 'request') safely(onRequest && (() => onRequest.call(hooks, redacted as never)));
      else safely(onResponse && (() => onResponse.call(hooks, redacted as never)));
      safely(
        trace &&
          (() =>
            trace.call(log, redacted as unknown as Record<string, unknown>, `pomerium-unified wire ${event.type}`)),
      );
    };
  }
  if (log) {
    observer.finished = (summary) =>
      safely(() =>
        log.debug(
          redactObject(summary),
          `pomerium-unified ${summary.operation} ${summary.outcome} in ${summary.durationMs} ms`,
        ),
      );
  }
  return observer;
}
