import { randomUUID } from 'node:crypto';
import {
  createPomeriumClient,
  type Policy,
  type PolicyCreateInput,
  type PomeriumBackend,
  type PomeriumClient,
  PomeriumError,
  type Route,
  type RouteCreateInput,
} from '@pomerium-unified/core';

/** What a conformance factory returns: a backend, and where to put routes and policies. */
export interface ConformanceTarget {
  /** A fresh backend instance for one test. */
  backend: PomeriumBackend;
  /**
   * The namespace to create routes and policies in. Required when the backend
   * cannot create namespaces (Zero: a cluster namespace); otherwise each test
   * creates its own namespace below the root.
   */
  namespaceId?: string;
  /** Called after the test, after its objects were deleted. */
  dispose?: () => Promise<void>;
}

/** Counts the calls that reach the backend, to prove invalid input never does. */
export interface BackendCallCounter {
  /** Number of backend resource calls made since the test started. */
  readonly count: number;
}

/** Everything a conformance test gets. */
export interface ConformanceContext {
  /** The client over the backend under test. */
  client: PomeriumClient;
  /** A client with a small page size, to force paging. */
  smallPageClient: PomeriumClient;
  /** The backend under test, wrapped to count calls. */
  backend: PomeriumBackend;
  /** Calls that reached the backend. */
  calls: BackendCallCounter;
  /** The namespace this test works in. */
  namespaceId: string;
  /** A unique prefix for this test's names. */
  prefix: string;
  /** A unique name built from the prefix. */
  uniqueName(label: string): string;
  /** A unique https URL for a route's `from`. */
  uniqueFrom(label: string): string;
  /** Creates a policy and schedules its deletion. */
  createPolicy(overrides?: Partial<PolicyCreateInput>): Promise<Policy>;
  /** Creates a route and schedules its deletion. */
  createRoute(overrides?: Partial<RouteCreateInput>): Promise<Route>;
  /** Creates a namespace (when the backend can) and schedules its deletion. */
  createNamespace(name: string, parentId?: string): Promise<string>;
  /** Deletes everything the test created, newest first. */
  cleanup(): Promise<void>;
}

function countCalls(backend: PomeriumBackend): { backend: PomeriumBackend; calls: BackendCallCounter } {
  const counter = { count: 0 };
  const wrap = <Resource extends object>(resource: Resource): Resource =>
    new Proxy(resource, {
      get(target, property, receiver) {
        const value = Reflect.get(target, property, receiver);
        if (typeof value !== 'function') return value;
        return (...args: unknown[]) => {
          counter.count += 1;
          return value.apply(target, args);
        };
      },
    });
  const optional = (['keyPairs', 'serviceAccounts', 'settings', 'clusters'] as const).filter(
    (member) => backend[member] !== undefined,
  );
  const wrapped: PomeriumBackend = Object.create(backend, {
    namespaces: { value: wrap(backend.namespaces) },
    policies: { value: wrap(backend.policies) },
    routes: { value: wrap(backend.routes) },
    ...Object.fromEntries(optional.map((member) => [member, { value: wrap(backend[member] as object) }])),
  });
  return { backend: wrapped, calls: counter };
}

async function ignoreNotFound(call: () => Promise<void>): Promise<void> {
  try {
    await call();
  } catch (error) {
    if (!PomeriumError.hasCode(error, 'not_found')) throw error;
  }
}

/** A PPL document used throughout the suite. */
export const samplePpl = [{ allow: { and: [{ email: { is: 'user@example.com' } }] } }];

/** Builds the context of one conformance test. */
export async function createConformanceContext(target: ConformanceTarget): Promise<ConformanceContext> {
  const { backend, calls } = countCalls(target.backend);
  const client = createPomeriumClient({ backend });
  const smallPageClient = createPomeriumClient({ backend, pageSize: 2 });
  const prefix = `conformance-${randomUUID().slice(0, 8)}`;
  const created: { kind: 'namespace' | 'policy' | 'route'; id: string }[] = [];

  let namespaceId = target.namespaceId;
  if (backend.capabilities.writeNamespaces) {
    const namespace = await client.namespaces.create({ name: `${prefix}-namespace` });
    created.push({ kind: 'namespace', id: namespace.id });
    namespaceId = namespace.id;
  }
  if (namespaceId === undefined) {
    throw new Error(
      `The conformance target for "${backend.name}" cannot create namespaces and gave no namespaceId to work in`,
    );
  }
  const workNamespaceId = namespaceId;
  const initialCalls = calls.count;

  const context: ConformanceContext = {
    client,
    smallPageClient,
    backend,
    calls: {
      get count() {
        return calls.count - initialCalls;
      },
    },
    namespaceId: workNamespaceId,
    prefix,
    uniqueName: (label) => `${prefix}-${label}`,
    uniqueFrom: (label) => `https://${prefix}-${label}.conformance.example.com`,
    async createPolicy(overrides = {}) {
      const policy = await client.policies.create({
        namespaceId: workNamespaceId,
        name: context.uniqueName('policy'),
        ppl: samplePpl,
        ...overrides,
      });
      created.push({ kind: 'policy', id: policy.id });
      return policy;
    },
    async createRoute(overrides = {}) {
      const route = await client.routes.create({
        namespaceId: workNamespaceId,
        name: context.uniqueName('route'),
        from: context.uniqueFrom('route'),
        to: ['http://upstream.internal:8080'],
        ...overrides,
      });
      created.push({ kind: 'route', id: route.id });
      return route;
    },
    async createNamespace(name, parentId) {
      const namespace = await client.namespaces.create({
        name: context.uniqueName(name),
        ...(parentId === undefined ? { parentId: workNamespaceId } : { parentId }),
      });
      created.push({ kind: 'namespace', id: namespace.id });
      return namespace.id;
    },
    async cleanup() {
      const order = { route: 0, policy: 1, namespace: 2 } as const;
      const pending = [...created].reverse().sort((left, right) => order[left.kind] - order[right.kind]);
      created.length = 0;
      for (const item of pending) {
        if (item.kind === 'route') await ignoreNotFound(() => client.routes.delete(item.id));
        if (item.kind === 'policy') await ignoreNotFound(() => client.policies.delete(item.id));
        if (item.kind === 'namespace') await ignoreNotFound(() => client.namespaces.delete(item.id));
      }
      await target.dispose?.();
    },
  };
  return context;
}
