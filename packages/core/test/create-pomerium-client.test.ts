import {
  createMemoryBackend,
  createPomeriumClient,
  type PomeriumBackend,
  PomeriumError,
  type RouteBackend,
} from '@pomerium-unified/core';
import { describe, expect, it } from 'vitest';

function withoutTotalCount(backend: PomeriumBackend, pageCalls: number[]): PomeriumBackend {
  const routes: RouteBackend = {
    ...backend.routes,
    async list(options) {
      pageCalls.push(options.offset);
      const { items } = await backend.routes.list(options);
      return { items };
    },
  };
  return { ...backend, routes };
}

async function setup(count: number) {
  const backend = createMemoryBackend();
  const client = createPomeriumClient({ backend });
  const namespace = await client.namespaces.create({ name: 'paging' });
  for (let index = 0; index < count; index++) {
    await client.routes.create({
      namespaceId: namespace.id,
      name: `route-${index}`,
      from: `https://r${index}.example.com`,
    });
  }
  return { backend, namespaceId: namespace.id };
}

describe('createPomeriumClient', () => {
  it('refuses a missing or foreign backend', () => {
    expect(() => createPomeriumClient({} as never)).toThrow(PomeriumError);
    expect(() => createPomeriumClient({ backend: { specificationVersion: 'v2' } as never })).toThrow(
      /specification v1/,
    );
    expect(() => createPomeriumClient({ backend: createMemoryBackend(), pageSize: 0 })).toThrow(/pageSize/);
  });

  it('pages with totalCount and stops without an extra request', async () => {
    const { backend, namespaceId } = await setup(6);
    const offsets: number[] = [];
    const counting: PomeriumBackend = {
      ...backend,
      routes: {
        ...backend.routes,
        list: (options) => {
          offsets.push(options.offset);
          return backend.routes.list(options);
        },
      },
    };
    const client = createPomeriumClient({ backend: counting, pageSize: 3 });
    const routes = await client.routes.list({ namespaceId }).toArray();
    expect(routes).toHaveLength(6);
    expect(offsets).toEqual([0, 3]);
  });

  it('pages without totalCount until a short page', async () => {
    const { backend, namespaceId } = await setup(7);
    const offsets: number[] = [];
    const client = createPomeriumClient({ backend: withoutTotalCount(backend, offsets), pageSize: 3 });
    const names = [];
    for await (const route of client.routes.list({ namespaceId })) names.push(route.name);
    expect(names).toHaveLength(7);
    expect(new Set(names).size).toBe(7);
    expect(offsets).toEqual([0, 3, 6]);
  });

  it('pages without totalCount when the last page is exactly full', async () => {
    const { backend, namespaceId } = await setup(6);
    const offsets: number[] = [];
    const client = createPomeriumClient({ backend: withoutTotalCount(backend, offsets) });
    const routes = await client.routes.list({ namespaceId, pageSize: 3 }).toArray();
    expect(routes).toHaveLength(6);
    expect(offsets).toEqual([0, 3, 6]);
  });

  it('lets a list call override the page size', async () => {
    const { backend, namespaceId } = await setup(4);
    const client = createPomeriumClient({ backend });
    const pages = [];
    for await (const page of client.routes.list({ namespaceId, pageSize: 1 }).pages()) pages.push(page.length);
    expect(pages).toEqual([1, 1, 1, 1]);
  });

  it('wraps foreign errors from a backend into PomeriumError unknown with the cause', async () => {
    const backend = createMemoryBackend();
    const cause = new TypeError('socket hang up');
    const broken: PomeriumBackend = {
      ...backend,
      routes: {
        ...backend.routes,
        get: async () => {
          throw cause;
        },
      },
    };
    const error = await createPomeriumClient({ backend: broken })
      .routes.get('r1')
      .catch((reason: unknown) => reason);
    expect(PomeriumError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ code: 'unknown', backend: 'memory' });
    expect((error as PomeriumError).cause).toBe(cause);
  });

  it('passes validated and normalised input to the backend', async () => {
    const backend = createMemoryBackend();
    const seen: unknown[] = [];
    const spying: PomeriumBackend = {
      ...backend,
      policies: {
        ...backend.policies,
        create: (options) => {
          seen.push(options.input);
          return backend.policies.create(options);
        },
      },
      routes: {
        ...backend.routes,
        update: (options) => {
          seen.push(options.patch);
          return backend.routes.update(options);
        },
      },
    };
    const client = createPomeriumClient({ backend: spying });
    const namespace = await client.namespaces.create({ name: 'n' });
    const rule = { allow: { or: [{ email: { is: 'a@example.com' } }] } };
    await client.policies.create({ namespaceId: namespace.id, name: 'p', ppl: rule });
    expect(seen[0]).toMatchObject({ ppl: [rule] });
    const route = await client.routes.create({ namespaceId: namespace.id, name: 'r', from: 'https://r.example.com' });
    await client.routes.update(route.id, { timeout: '2m', idleTimeout: null });
    expect(seen[1]).toEqual({ timeout: '120s', idleTimeout: null });
  });

  it('rejects invalid ids before reaching the backend', async () => {
    const client = createPomeriumClient({ backend: createMemoryBackend() });
    for (const id of ['', '   ', undefined, 42]) {
      await expect(client.routes.get(id as never)).rejects.toMatchObject({ code: 'invalid_argument', field: 'id' });
    }
  });
});
