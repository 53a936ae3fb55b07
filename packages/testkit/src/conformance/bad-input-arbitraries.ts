import { inputLimits, type PomeriumClient } from '@pomerium-unified/core';
import fc from 'fast-check';

/** One generated call that must fail with `invalid_argument` before reaching the backend. */
export interface BadCall {
  /** What the call does wrong, shown when the property fails. */
  label: string;
  /** Makes the call. */
  run: (client: PomeriumClient) => Promise<unknown>;
}

/** Where the generated calls may put objects: an existing namespace id and the backend's extension key. */
export interface BadInputTarget {
  namespaceId: string;
  backendName: string;
}

function deep(depth: number): unknown {
  let value: unknown = 'leaf';
  for (let index = 0; index < depth; index += 1) value = index % 2 === 0 ? { nested: value } : [value];
  return value;
}

/** A value no input may contain, each built fresh (cycles, traps and getters included). */
export const hostileValueArbitrary: fc.Arbitrary<{ label: string; make: () => unknown }> = fc.oneof(
  fc.bigInt().map((value) => ({ label: 'a BigInt', make: () => value })),
  fc.constant({ label: 'a function', make: () => () => 1 }),
  fc.string().map((description) => ({ label: 'a symbol', make: () => Symbol(description) })),
  fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY).map((value) => ({
    label: 'a non-finite number',
    make: () => value,
  })),
  fc.constant({
    label: 'a cycle',
    make: () => {
      const cyclic: Record<string, unknown> = { a: 1 };
      cyclic.self = { back: cyclic };
      return cyclic;
    },
  }),
  fc.constant({
    label: 'a throwing getter',
    make: () =>
      Object.defineProperty({}, 'secret', {
        enumerable: true,
        get() {
          throw new Error('getter trap');
        },
      }),
  }),
  fc.constantFrom('ownKeys', 'get', 'getPrototypeOf', 'getOwnPropertyDescriptor').map((trap) => ({
    label: `a Proxy whose ${trap} trap throws`,
    make: () =>
      new Proxy(
        { a: 1 },
        {
          [trap]() {
            throw new Error('proxy trap');
          },
        },
      ),
  })),
  fc
    .constantFrom(
      () => new Date(),
      () => new Map([['a', 1]]),
      () => new Set([1]),
      () => /regex/,
      () => new (class Custom {})(),
    )
    .map((make) => ({ label: 'a class instance', make })),
  fc.constant({ label: 'a __proto__ key', make: () => JSON.parse('{"__proto__": {"polluted": true}}') }),
  fc
    .integer({ min: inputLimits.maxDepth + 1, max: inputLimits.maxDepth + 2000 })
    .map((depth) => ({ label: `nesting ${depth} deep`, make: () => deep(depth) })),
  fc.constant({ label: 'nesting 10,000 deep', make: () => deep(10_000) }),
  fc.constant({
    label: 'an array with a hole',
    make: () => {
      const holey = [1, 2, 3];
      delete holey[1];
      return holey;
    },
  }),
  fc.constant({ label: 'an overlong string', make: () => 'x'.repeat(inputLimits.maxStringLength + 1) }),
  fc.constant({ label: 'an overlong list', make: () => new Array(inputLimits.maxListLength + 1).fill(0) }),
);

/** A value that is not an acceptable object id. */
export const badIdArbitrary: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom('', ' ', '\t', '.', '..', '/', '../x', 'a/b', 'a\\b', 'a?b', 'a#b', 'a\u0000b', 'a\nb', 'a\u007fb'),
  fc
    .tuple(
      fc.string({ maxLength: 10 }),
      fc.constantFrom('/', '\\', '?', '#', '\r', '\u0001', '\u009f'),
      fc.string({ maxLength: 10 }),
    )
    .map(([left, bad, right]) => `${left}${bad}${right}`),
  fc.integer({ min: 1, max: 40 }).map((extra) => 'i'.repeat(inputLimits.maxIdLength + extra)),
  fc.oneof(
    fc.integer(),
    fc.boolean(),
    fc.constant(null),
    fc.constant(undefined),
    fc.bigInt(),
    fc.object(),
    fc.array(fc.string()),
  ),
);

/** A bad id as the value of an input key (undefined would just leave an optional key out). */
const badIdValue = badIdArbitrary.filter((value) => value !== undefined);

/** A string that can never parse as an absolute URL (it has no colon). */
const notAUrl = fc.string({ maxLength: 30 }).filter((value) => !value.includes(':'));
/** A key no input schema knows. */
const unknownKey = fc.string({ minLength: 1, maxLength: 12 }).map((value) => `zzUnknown_${value}`);
/** A value that is not a string. */
const notAString = fc.oneof(
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.integer(), { minLength: 1, maxLength: 3 }),
);

type Mutation = { label: string; apply: (input: Record<string, unknown>) => Record<string, unknown> };

function set(label: string, key: string, value: unknown): Mutation {
  return { label, apply: (input) => ({ ...input, [key]: value }) };
}

const commonMutations = (target: BadInputTarget): fc.Arbitrary<Mutation>[] => [
  unknownKey.map((key) => set(`unknown key ${key}`, key, 1)),
  fc
    .oneof(fc.constantFrom('', '   '), fc.constant('n'.repeat(257)), notAString)
    .map((name) => set('bad name', 'name', name)),
  hostileValueArbitrary.map((hostile) => ({
    label: `extensions holding ${hostile.label}`,
    apply: (input) => ({ ...input, extensions: { [target.backendName]: { value: hostile.make() } } }),
  })),
  hostileValueArbitrary.map((hostile) => ({
    label: `a key holding ${hostile.label}`,
    apply: (input) => ({ ...input, name: hostile.make() }),
  })),
  notAString.map((extensions) => set('extensions not an object', 'extensions', extensions)),
];

const routeMutations = (target: BadInputTarget): fc.Arbitrary<Mutation> =>
  fc.oneof(
    ...commonMutations(target),
    fc.oneof(notAUrl, notAString).map((from) => set('bad from', 'from', from)),
    fc
      .oneof(
        notAUrl.map((to) => [to]),
        notAString,
        fc.constant('http://a:1'),
      )
      .map((to) => set('bad to', 'to', to)),
    fc.string({ maxLength: 10 }).map((timeout) => set('bad timeout', 'timeout', `${timeout}forever`)),
    badIdValue.map((id) => set('bad policy id', 'policyIds', ['ok-id', id])),
    fc
      .integer({ min: -5, max: 5 })
      .filter((count) => count !== 0)
      .map((count) => set('bad regexPriorityOrder', 'regexPriorityOrder', `${count}`)),
  );

const badPpl = fc.oneof(
  notAString,
  fc.string(),
  fc.constant([]),
  fc.constant([{}]),
  fc.constant({ allow: 5 }),
  fc.constant({ allow: { or: 'x' } }),
  fc.constant({ allow: { or: [{ a: 1, b: 2 }] } }),
  fc.constant({ permit: { or: [] } }),
);

const policyMutations = (target: BadInputTarget): fc.Arbitrary<Mutation> =>
  fc.oneof(
    ...commonMutations(target),
    badPpl.map((ppl) => set('bad ppl', 'ppl', ppl)),
    notAString
      .filter((value) => typeof value !== 'boolean')
      .map((enforced) => set('bad enforced', 'enforced', `${enforced}`)),
    hostileValueArbitrary.map((hostile) => ({
      label: `ppl holding ${hostile.label}`,
      apply: (input: Record<string, unknown>) => ({
        ...input,
        ppl: [{ allow: { or: [{ email: { is: hostile.make() } }] } }],
      }),
    })),
  );

/** A create call (route, policy or namespace) whose input is wrong in one generated way. */
export function badCreateArbitrary(target: BadInputTarget): fc.Arbitrary<BadCall> {
  const route = {
    namespaceId: target.namespaceId,
    name: 'fuzz',
    from: 'https://fuzz.example.com',
    to: ['http://fuzz:80'],
  };
  const policy = {
    namespaceId: target.namespaceId,
    name: 'fuzz',
    ppl: [{ allow: { or: [{ email: { is: 'a@b.c' } }] } }],
  };
  const namespace = { name: 'fuzz', parentId: target.namespaceId };
  const notAnObject = fc.oneof(
    notAString,
    fc.string(),
    fc.constant(undefined),
    hostileValueArbitrary.map((hostile) => hostile.make()),
  );
  return fc.oneof(
    routeMutations(target).map((mutation) => ({
      label: `routes.create: ${mutation.label}`,
      run: (client: PomeriumClient) => client.routes.create(mutation.apply(route) as never),
    })),
    policyMutations(target).map((mutation) => ({
      label: `policies.create: ${mutation.label}`,
      run: (client: PomeriumClient) => client.policies.create(mutation.apply(policy) as never),
    })),
    fc
      .oneof(
        ...commonMutations(target),
        badIdValue.map((id) => set('bad parentId', 'parentId', id)),
      )
      .map((mutation) => ({
        label: `namespaces.create: ${mutation.label}`,
        run: (client: PomeriumClient) => client.namespaces.create(mutation.apply(namespace) as never),
      })),
    notAnObject.map((input) => ({
      label: 'routes.create of something that is not an input object',
      run: (client: PomeriumClient) => client.routes.create(input as never),
    })),
  );
}

/** An update call whose patch is wrong in one generated way (the id is valid). */
export function badPatchArbitrary(target: BadInputTarget): fc.Arbitrary<BadCall> {
  return fc.oneof(
    routeMutations(target).map((mutation) => ({
      label: `routes.update: ${mutation.label}`,
      run: (client: PomeriumClient) => client.routes.update('fuzz-id', mutation.apply({}) as never),
    })),
    policyMutations(target).map((mutation) => ({
      label: `policies.update: ${mutation.label}`,
      run: (client: PomeriumClient) => client.policies.update('fuzz-id', mutation.apply({}) as never),
    })),
    fc.oneof(...commonMutations(target)).map((mutation) => ({
      label: `namespaces.update: ${mutation.label}`,
      run: (client: PomeriumClient) => client.namespaces.update('fuzz-id', mutation.apply({}) as never),
    })),
  );
}

/** A get, update, delete or findByName call with a bad id or name. */
export function badIdCallArbitrary(): fc.Arbitrary<BadCall> {
  const resources = fc.constantFrom('routes', 'policies', 'namespaces') as fc.Arbitrary<
    'routes' | 'policies' | 'namespaces'
  >;
  return fc.oneof(
    fc.tuple(resources, badIdArbitrary).map(([resource, id]) => ({
      label: `${resource}.get(${String(typeof id === 'string' ? JSON.stringify(id) : typeof id)})`,
      run: (client: PomeriumClient) => client[resource].get(id as string),
    })),
    fc.tuple(resources, badIdArbitrary).map(([resource, id]) => ({
      label: `${resource}.delete(bad id)`,
      run: (client: PomeriumClient) => client[resource].delete(id as string),
    })),
    fc.tuple(resources, badIdArbitrary).map(([resource, id]) => ({
      label: `${resource}.update(bad id)`,
      run: (client: PomeriumClient) => client[resource].update(id as string, { name: 'fine' }),
    })),
    fc
      .tuple(fc.constantFrom('routes', 'policies') as fc.Arbitrary<'routes' | 'policies'>, badIdArbitrary)
      .map(([resource, id]) => ({
        label: `${resource}.findByName with a bad namespaceId`,
        run: (client: PomeriumClient) =>
          id === undefined
            ? client[resource].findByName({ name: '' })
            : client[resource].findByName({ name: 'x', namespaceId: id as string }),
      })),
  );
}

/** A create or update of any resource carrying one hostile value somewhere in its input. */
export function hostileCallArbitrary(target: BadInputTarget): fc.Arbitrary<BadCall> {
  const places = fc.constantFrom('name', 'extensions', 'input', 'nested');
  const operations = fc.constantFrom(
    'routes.create',
    'routes.update',
    'policies.create',
    'policies.update',
    'namespaces.create',
    'namespaces.update',
  );
  return fc.tuple(operations, places, hostileValueArbitrary).map(([operation, place, hostile]) => ({
    label: `${operation} with ${hostile.label} as ${place}`,
    run: (client: PomeriumClient) => {
      const value = hostile.make();
      const base: Record<string, unknown> = operation.endsWith('.create')
        ? {
            namespaceId: target.namespaceId,
            name: 'fuzz',
            from: 'https://fuzz.example.com',
            ppl: { allow: { and: [{ accept: true }] } },
          }
        : {};
      if (operation.startsWith('namespaces.')) {
        delete base.namespaceId;
        delete base.from;
        delete base.ppl;
      } else if (operation.startsWith('routes.')) delete base.ppl;
      else delete base.from;
      const input =
        place === 'input'
          ? value
          : place === 'name'
            ? { ...base, name: value }
            : place === 'extensions'
              ? { ...base, extensions: value }
              : { ...base, extensions: { [target.backendName]: { list: [{ deeper: value }] } } };
      const [resource, method] = operation.split('.') as ['routes' | 'policies' | 'namespaces', 'create' | 'update'];
      return method === 'create'
        ? client[resource].create(input as never)
        : client[resource].update('fuzz-id', input as never);
    },
  }));
}
