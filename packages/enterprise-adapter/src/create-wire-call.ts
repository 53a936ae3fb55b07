import type { DescMethod } from '@bufbuild/protobuf';
import type { CallOptions as ConnectCallOptions } from '@connectrpc/connect';
import { type CallOptions, PomeriumError, type WireEvent } from '@pomerium-unified/core';
import { type EnterpriseErrorContext, enterpriseBackendName, toPomeriumError, wireStatusOf } from './errors.js';

/** One RPC as the adapter reports it: built once per method, never per call. */
export interface WireRpc {
  /** Core operation, e.g. `routes.get`. */
  readonly operation: string;
  /** gRPC method name, e.g. `pomerium.dashboard.RouteService/GetRoute`. */
  readonly method: string;
  /** RPC path, e.g. `/pomerium.dashboard.RouteService/GetRoute`. */
  readonly target: string;
  /** True when the RPC changes state (failures may set `mayHaveCommitted`). */
  readonly write: boolean;
}

/** Describes an RPC for {@link WireCall}. */
export function wireRpc(operation: string, method: DescMethod, write: boolean): WireRpc {
  const name = `${method.parent.typeName}/${method.name}`;
  return { operation, method: name, target: `/${name}`, write };
}

/**
 * Runs one RPC: checks the caller's signal first, bounds the call by the
 * attempt deadline, reports `onWireEvent` before and after, and converts every
 * failure into a `PomeriumError` (errors.ts).
 */
export type WireCall = <T>(
  rpc: WireRpc,
  options: CallOptions,
  run: (callOptions: ConnectCallOptions) => Promise<T>,
  deadline?: number,
) => Promise<T>;

/** The error of a call whose signal fired before or while it waited. */
export function abortedError(operation: string, signal: AbortSignal): PomeriumError {
  return new PomeriumError(`The call was aborted (${operation})`, {
    code: 'deadline_exceeded',
    retryable: false,
    backend: enterpriseBackendName,
    operation,
    cause: signal.reason,
  });
}

function report(listener: (event: WireEvent) => void, event: WireEvent): void {
  try {
    listener(event);
  } catch {
    // A failing observer must not change the outcome of the call.
  }
}

/**
 * Creates the {@link WireCall} of one backend. `timeoutMs` bounds each attempt
 * end to end (connection, headers, body); an operation of several RPCs passes
 * the attempt's absolute `deadline` so that they share it.
 */
export function createWireCall(timeoutMs: number, errorContext: EnterpriseErrorContext): WireCall {
  const plainOptions: ConnectCallOptions = { timeoutMs };
  return async (rpc, options, run, deadline) => {
    const { signal } = options;
    if (signal?.aborted) throw abortedError(rpc.operation, signal);
    let callOptions = plainOptions;
    if (deadline !== undefined) {
      const remaining = Math.ceil(deadline - Date.now());
      if (remaining <= 0) {
        throw new PomeriumError(`The Enterprise console call ${rpc.operation} ran out of time (timeoutMs)`, {
          code: 'deadline_exceeded',
          backend: enterpriseBackendName,
          operation: rpc.operation,
        });
      }
      callOptions = signal ? { timeoutMs: remaining, signal } : { timeoutMs: remaining };
    } else if (signal) {
      callOptions = { timeoutMs, signal };
    }
    const listener = options.onWireEvent;
    const attempt = options.attempt ?? 1;
    const started = listener ? performance.now() : 0;
    if (listener) {
      report(listener, { type: 'request', operation: rpc.operation, method: rpc.method, target: rpc.target, attempt });
    }
    try {
      const result = await run(callOptions);
      if (listener) {
        report(listener, {
          type: 'response',
          operation: rpc.operation,
          method: rpc.method,
          target: rpc.target,
          attempt,
          status: 'ok',
          durationMs: performance.now() - started,
        });
      }
      return result;
    } catch (error) {
      const mapped = toPomeriumError(error, {
        ...errorContext,
        operation: rpc.operation,
        write: rpc.write,
        callerAborted: signal?.aborted === true,
      });
      if (listener) {
        report(listener, {
          type: 'response',
          operation: rpc.operation,
          method: rpc.method,
          target: rpc.target,
          attempt,
          status: wireStatusOf(error),
          durationMs: performance.now() - started,
          errorCode: mapped.code,
        });
      }
      throw mapped;
    }
  };
}

/**
 * Checks that a wire answer carries the object it must carry; otherwise an
 * `internal` error naming the operation (a write's answer was lost after the
 * server accepted it, so `mayHaveCommitted` is set).
 */
export function required<T>(value: T | undefined, rpc: WireRpc, what: string): T {
  if (value === undefined || value === null) {
    throw new PomeriumError(`Enterprise console answered ${rpc.operation} without ${what}`, {
      code: 'internal',
      backend: enterpriseBackendName,
      operation: rpc.operation,
      mayHaveCommitted: rpc.write,
    });
  }
  const id = (value as { id?: unknown }).id;
  if (id !== undefined && (typeof id !== 'string' || id === '')) {
    throw new PomeriumError(`Enterprise console answered ${rpc.operation} with ${what} that has no id`, {
      code: 'internal',
      backend: enterpriseBackendName,
      operation: rpc.operation,
      mayHaveCommitted: rpc.write,
    });
  }
  return value;
}

/** Checks every object of a list answer with {@link required}; returns the list. */
export function requiredEach<T>(items: T[], rpc: WireRpc, what: string): T[] {
  for (const item of items) required(item, rpc, what);
  return items;
}
