import type { ListPage } from './backend-specification.js';

/** The result of a list call: an async iterable of items that fetches pages as it goes. */
export interface PageIterable<Item> extends AsyncIterable<Item> {
  /** Iterates page by page instead of item by item. */
  pages(): AsyncIterable<Item[]>;
  /** Collects every item into an array. */
  toArray(): Promise<Item[]>;
}

/**
 * Builds a {@link PageIterable} over an offset/limit page fetcher. Paging stops
 * at the reported total count, or at the first page shorter than `pageSize`
 * when the backend reports no total.
 */
export function createPageIterable<Item>(
  fetchPage: (offset: number, limit: number) => Promise<ListPage<Item>>,
  pageSize: number,
): PageIterable<Item> {
  async function* pages(): AsyncGenerator<Item[]> {
    let offset = 0;
    for (;;) {
      const page = await fetchPage(offset, pageSize);
      if (page.items.length > 0) yield page.items;
      offset += page.items.length;
      const done =
        page.items.length === 0 ||
        (page.totalCount !== undefined ? offset >= page.totalCount : page.items.length < pageSize);
      if (done) return;
    }
  }
  return {
    pages,
    async *[Symbol.asyncIterator]() {
      for await (const page of pages()) yield* page;
    },
    async toArray() {
      const all: Item[] = [];
      for await (const page of pages()) all.push(...page);
      return all;
    },
  };
}
