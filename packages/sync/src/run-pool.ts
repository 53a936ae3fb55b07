import { PomeriumError } from '@pomerium-unified/core';

/** Runs `work` over `items` with at most `limit` in flight; stops starting new items once `signal` aborts. */
export async function runPool<Item>(
  items: readonly Item[],
  limit: number,
  work: (item: Item) => Promise<void>,
  signal?: AbortSignal,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      if (signal?.aborted) return;
      const item = items[next++]!;
      await work(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

/** Throws the abort reason as a `PomeriumError` when `signal` has aborted. */
export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (!signal?.aborted) return;
  throw new PomeriumError('The operation was aborted', { code: 'deadline_exceeded', cause: signal.reason });
}
