import {
  type BackendCapabilities,
  type CallOptions,
  createMemoryBackend,
  type MemoryBackendOptions,
  type PomeriumBackend,
  PomeriumError,
  type PomeriumErrorCode,
} from '@pomerium-unified/core';

/** One scripted outcome of a backend operation. */
export type ScriptStep =
  | 'pass'
  | { hang: true }
  | { value: unknown }
  | {
      code: PomeriumErrorCode;
      retryable?: boolean;
      mayHaveCommitted?: boolean;
      retryAfterMs?: number;
      /** Apply the operation for real, then lose the answer. */
      commit?: boolean;
    };

type Operation = `${'namespaces' | 'policies' | 'routes'}.${'list' | 'get' | 'create' | 'update' | 'delete'}`;

/** A memory backend whose operations fail as scripted, recording every call it receives. */
export function createScriptedBackend(
  capabilities: Partial<BackendCapabilities> = {},
  memoryOptions: MemoryBackendOptions = {},
) {
  const memory = createMemoryBackend(memoryOptions);
  const scripts = new Map<string, ScriptStep[]>();
  const calls: { operation: string; options: CallOptions }[] = [];
  const wrap = (resourceName: 'namespaces' | 'policies' | 'routes') => {
    const resource = memory[resourceName] as unknown as Record<string, (options: CallOptions) => Promise<unknown>>;
    const wrapped: Record<string, (options: CallOptions) => Promise<unknown>> = {};
    for (const name of ['list', 'get', 'create', 'update', 'delete']) {
      const operation = `${resourceName}.${name}`;
      wrapped[name] = async (options) => {
        calls.push({ operation, options });
        const step = scripts.get(operation)?.shift() ?? 'pass';
        if (step === 'pass') return (resource[name] as (options: CallOptions) => Promise<unknown>)(options);
        if ('hang' in step) return new Promise(() => {});
        if ('value' in step) return step.value;
        if (step.commit) await (resource[name] as (options: CallOptions) => Promise<unknown>)(options);
        throw new PomeriumError(`scripted ${step.code}`, {
          code: step.code,
          backend: 'scripted',
          ...(step.retryable === undefined ? {} : { retryable: step.retryable }),
          ...(step.mayHaveCommitted === undefined ? {} : { mayHaveCommitted: step.mayHaveCommitted }),
          ...(step.retryAfterMs === undefined ? {} : { retryAfterMs: step.retryAfterMs }),
        });
      };
    }
    return wrapped as never;
  };
  const backend: PomeriumBackend = {
    specificationVersion: 'v1',
    name: 'scripted',
    capabilities: { ...memory.capabilities, fieldLevelUpdates: false, ...capabilities },
    namespaces: wrap('namespaces'),
    policies: wrap('policies'),
    routes: wrap('routes'),
  };
  return {
    backend,
    memory,
    calls,
    /** Queues outcomes for the next calls of one operation (then it passes again). */
    script(operation: Operation, ...steps: ScriptStep[]) {
      scripts.set(operation, [...(scripts.get(operation) ?? []), ...steps]);
    },
    /** The operations called, in order. */
    operations: () => calls.map((call) => call.operation),
  };
}

/** The rejection of `promise` (fails the test when it resolves). */
export async function rejectionOf(promise: Promise<unknown>): Promise<PomeriumError> {
  const outcome = await promise.then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );
  if (!('error' in outcome)) throw new Error(`expected a rejection, got ${JSON.stringify(outcome.value)}`);
  if (!PomeriumError.isInstance(outcome.error))
    throw new Error(`expected a PomeriumError, got ${String(outcome.error)}`);
  return outcome.error;
}
