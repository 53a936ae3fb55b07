import {
  createMemoryBackend,
  createPomeriumClient,
  inputLimits,
  type PomeriumBackend,
  PomeriumError,
  snapshotInput,
} from '@pomerium-unified/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { rejectionOf } from './support/scripted-backend.js';

function countingClient() {
  const memory = createMemoryBackend();
  let calls = 0;
  const wrap = <T extends object>(resource: T): T =>
    new Proxy(resource, {
      get(target, key) {
        const value = Reflect.get(target, key);
        return typeof value === 'function'
          ? (...args: unknown[]) => {
              calls += 1;
              return value.apply(target, args);
            }
          : value;
      },
    });
  const backend: PomeriumBackend = {
    ...memory,
    namespaces: wrap(memory.namespaces),
    policies: wrap(memory.policies),
    routes: wrap(memory.routes),
  };
  return { client: createPomeriumClient({ backend }), memory, calls: () => calls };
}

function nested(depth: number): unknown {
  let value: unknown = 'leaf';
  for (let index = 0; index < depth; index += 1) value = { or: [value] };
  return value;
}

const base = { namespaceId: 'ns-1', name: 'app', from: 'https://app.example.com', to: ['http://app:80'] };

describe('input hardening', () => {
  it.each([
    ['', 'must be a non-empty string'],
    ['   ', 'must be a non-empty string'],
    ['.', '"." or ".."'],
    ['..', '"." or ".."'],
    ['a/b', '"/"'],
    ['a\\b', '"/"'],
    ['a?b', '"/"'],
    ['a#b', '"/"'],
    ['a\nb', 'control characters'],
    ['a\u0000b', 'control characters'],
    ['x'.repeat(inputLimits.maxIdLength + 1), `at most ${inputLimits.maxIdLength}`],
  ])('refuses the id %j before any call', async (id, message) => {
    const { client, calls } = countingClient();
    for (const call of [
      () => client.routes.get(id),
      () => client.policies.delete(id),
      () => client.namespaces.update(id, { name: 'x' }),
    ]) {
      const error = await rejectionOf(call());
      expect(error).toMatchObject({ code: 'invalid_argument', field: 'id' });
      expect(error.message).toContain(message);
    }
    expect(calls()).toBe(0);
  });

  it('refuses bad ids inside inputs, patches and filters, naming the field', async () => {
    const { client, calls } = countingClient();
    expect((await rejectionOf(client.routes.create({ ...base, namespaceId: '..' }))).field).toBe('namespaceId');
    expect((await rejectionOf(client.routes.create({ ...base, policyIds: ['ok', 'a/b'] }))).field).toBe('policyIds[1]');
    expect((await rejectionOf(client.namespaces.update('n1', { parentId: '.' }))).field).toBe('parentId');
    expect(() => client.routes.list({ namespaceId: 'a/b' })).toThrow(expect.objectContaining({ field: 'namespaceId' }));
    expect((await rejectionOf(client.routes.findByName({ name: 'x', namespaceId: '..' }))).field).toBe('namespaceId');
    expect(calls()).toBe(0);
  });

  it('refuses hostile values with invalid_argument naming the field', async () => {
    const { client, calls } = countingClient();
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic.self = cyclic;
    const throwingGetter = Object.defineProperty({}, 'x', {
      enumerable: true,
      get() {
        throw new Error('getter');
      },
    });
    const throwingProxy = new Proxy(
      {},
      {
        ownKeys() {
          throw new Error('trap');
        },
      },
    );
    const cases: [unknown, string][] = [
      [{ ...base, extensions: { memory: cyclic } }, 'extensions.memory.self'],
      [{ ...base, extensions: { memory: 10n } }, 'extensions.memory'],
      [{ ...base, extensions: { memory: () => 1 } }, 'extensions.memory'],
      [{ ...base, extensions: { memory: Symbol('x') } }, 'extensions.memory'],
      [{ ...base, extensions: { memory: Number.NaN } }, 'extensions.memory'],
      [{ ...base, extensions: { memory: new Date() } }, 'extensions.memory'],
      [{ ...base, extensions: JSON.parse('{"__proto__": {"polluted": true}}') }, 'extensions.__proto__'],
      [{ ...base, extensions: { memory: throwingGetter } }, 'extensions.memory.x'],
      [{ ...base, extensions: { memory: throwingProxy } }, 'extensions.memory'],
      [{ ...base, to: ['http://a:1', undefined] }, 'to[1]'],
      [{ ...base, extensions: { memory: nested(10_000) } }, ''],
      [throwingProxy, 'input'],
      [null, 'input'],
      [{ ...base, name: 'x'.repeat(inputLimits.maxStringLength + 1) }, 'name'],
      [{ ...base, to: Array.from({ length: inputLimits.maxListLength + 1 }, () => 'http://a:1') }, 'to'],
      [{ ...base, bogus: 1 }, 'bogus'],
    ];
    for (const [input, field] of cases) {
      const error = await rejectionOf(client.routes.create(input as never));
      expect(error.code, String(field)).toBe('invalid_argument');
      if (field === '') expect(error.field).toMatch(/^extensions\.memory(\.or\[0\])+$/);
      else expect(error.field).toBe(field);
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(calls()).toBe(0);
  });

  it('refuses PPL nested 10,000 deep with invalid_argument, not a RangeError', async () => {
    const { client, calls } = countingClient();
    const ppl = { allow: { or: [nested(10_000)] } };
    const error = await rejectionOf(client.policies.create({ namespaceId: 'ns', name: 'deep', ppl } as never));
    expect(error.code).toBe('invalid_argument');
    expect(error.field).toMatch(/^ppl\.allow\.or\[0\]/);
    expect(error.message).toContain(`limit of ${inputLimits.maxDepth} levels`);
    expect(calls()).toBe(0);
  });

  it('accepts data nested well within the limit and lists it afterwards', async () => {
    const { client } = countingClient();
    const namespace = await client.namespaces.create({ name: 'n' });
    const ppl = { allow: { and: [{ email: { is: 'a@example.com' } }] } };
    const extensions = { memory: nested(Math.floor(inputLimits.maxDepth / 2) - 5) }; // two levels each
    await client.policies.create({ namespaceId: namespace.id, name: 'deep', ppl, extensions });
    expect(await client.policies.list().toArray()).toHaveLength(1);
  });

  it('makes the memory backend refuse what the client refuses, so lists keep working', async () => {
    const memory = createMemoryBackend();
    const namespace = (await memory.namespaces.list({ offset: 0, limit: 1 })).items[0];
    const ppl = [{ allow: { or: [nested(1000)] } }];
    const error = await rejectionOf(
      memory.policies.create({ input: { namespaceId: namespace?.id as string, name: 'deep', ppl } as never }),
    );
    expect(error.code).toBe('invalid_argument');
    expect((await memory.policies.list({ offset: 0, limit: 10 })).items).toHaveLength(0);
  });

  it('refuses hostile call options', async () => {
    const { client, calls } = countingClient();
    expect((await rejectionOf(client.routes.get('r1', { signal: 'nope' } as never))).field).toBe('signal');
    expect(
      (await rejectionOf(client.routes.update('r1', { name: 'x' }, { expectedUpdatedAt: 5 } as never))).field,
    ).toBe('expectedUpdatedAt');
    const hostile = new Proxy(
      {},
      {
        get() {
          throw new Error('trap');
        },
      },
    );
    expect((await rejectionOf(client.routes.delete('r1', hostile))).field).toBe('options');
    expect(calls()).toBe(0);
  });

  it('copies any JSON value within the limits unchanged (property)', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 20 }), (value) => {
        fc.pre(!JSON.stringify(value).includes('"__proto__"'));
        expect(snapshotInput(value, 'value')).toEqual(value);
      }),
      { numRuns: 2000 },
    );
  });

  it('refuses anything with a BigInt, function or symbol inside with a field (property)', () => {
    const poison = fc.oneof(
      fc.bigInt(),
      fc.func(fc.integer()),
      fc.string().map((text) => Symbol(text)),
    );
    const containing = fc.letrec((tie) => ({
      node: fc.oneof(
        { depthSize: 'small' },
        poison,
        fc
          .tuple(fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 3 }), tie('node'))
          .map(([items, inner]) => [...items, inner]),
        fc
          .tuple(
            fc.string({ minLength: 1 }).filter((key) => key !== '__proto__'),
            tie('node'),
          )
          .map(([key, inner]) => ({ [key]: inner })),
      ),
    })).node;
    fc.assert(
      fc.property(containing, (value) => {
        let error: unknown;
        try {
          snapshotInput(value, 'value');
        } catch (caught) {
          error = caught;
        }
        expect(PomeriumError.hasCode(error, 'invalid_argument')).toBe(true);
        expect((error as PomeriumError).field).toBeTruthy();
      }),
      { numRuns: 2000 },
    );
  });
});
