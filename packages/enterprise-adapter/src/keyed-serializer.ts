import { abortedError } from './create-wire-call.js';

/**
 * Runs functions one after the other per key (an object id), in call order;
 * different keys run concurrently. A caller whose signal fires while it waits
 * leaves the queue at once with `deadline_exceeded`.
 */
export type KeyedSerializer = <T>(
  key: string,
  operation: string,
  signal: AbortSignal | undefined,
  run: () => Promise<T>,
) => Promise<T>;

function waitFor(previous: Promise<void>, operation: string, signal: AbortSignal | undefined): Promise<void> {
  if (!signal) return previous;
  if (signal.aborted) return Promise.reject(abortedError(operation, signal));
  return new Promise<void>((resolve, reject) => {
    const onAbort = () => reject(abortedError(operation, signal));
    signal.addEventListener('abort', onAbort, { once: true });
    void previous.then(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    });
  });
}

/** Creates a {@link KeyedSerializer}; its memory is one entry per key with work in flight. */
export function createKeyedSerializer(): KeyedSerializer {
  const tails = new Map<string, Promise<void>>();
  return async (key, operation, signal, run) => {
    const previous = tails.get(key);
    let release: () => void = () => {};
    const mine = new Promise<void>((resolve) => {
      release = resolve;
    });
    const tail = previous ? previous.then(() => mine) : mine;
    tails.set(key, tail);
    try {
      if (previous) await waitFor(previous, operation, signal);
      return await run();
    } finally {
      release();
      if (tails.get(key) === tail) tails.delete(key);
    }
  };
}
