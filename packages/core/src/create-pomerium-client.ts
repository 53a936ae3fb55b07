import type { z } from 'zod';
import type {
  BackendCapabilities,
  CallOptions,
  NamespaceListFilter,
  PomeriumBackend,
  ResourceBackend,
  ResourceListFilter,
} from './backend-specification.js';
import type {
  Namespace,
  NamespaceCreateInput,
  NamespaceUpdatePatch,
  Policy,
  PolicyCreateInput,
  PolicyUpdatePatch,
  Route,
  RouteCreateInput,
  RouteUpdatePatch,
} from './model.js';
import { namespaceCreateInputSchema, namespaceUpdatePatchSchema } from './namespace-schema.js';
import { createPageIterable, type PageIterable } from './page-iterable.js';
import { assertId, parseInput } from './parse-input.js';
import {
  policyCreateInputSchema,
  policyCreateInputSchemaAllowingUnknownCriteria,
  policyUpdatePatchSchema,
  policyUpdatePatchSchemaAllowingUnknownCriteria,
} from './policy-schema.js';
import { PomeriumError } from './pomerium-error.js';
import { normalizePpl } from './ppl.js';

const lenientPpl = { allowUnknownCriteria: true } as const;

import { normalizeRouteDurations } from './route-patch.js';
import { routeCreateInputSchema, routeUpdatePatchSchema } from './route-schema.js';

/** Options of {@link createPomeriumClient}. */
export interface PomeriumClientOptions {
  /** The deployment to talk to: `createZeroBackend()`, `createEnterpriseBackend()` or `createMemoryBackend()`. */
  backend: PomeriumBackend;
  /** Items fetched per page by `list()`. Default 100. */
  pageSize?: number;
  /**
   * Accept PPL criteria and matcher operators unknown to this library in
   * `policies.create()`/`update()` (e.g. newer than the library, or
   * Enterprise-only). Default false: they are refused with a "did you mean".
   * A call's own `allowUnknownPplCriteria` overrides this.
   */
  allowUnknownPplCriteria?: boolean;
}

/** Options of `client.policies.create()` and `client.policies.update()`. */
export interface PolicyWriteOptions extends CallOptions {
  /**
   * Accept PPL criteria and matcher operators unknown to this library, as in
   * PPL read back from a console (see `findUnknownPplCriteria`); everything the
   * library knows is still checked. Defaults to the client's option.
   */
  allowUnknownPplCriteria?: boolean;
}

/** Options of a client `list()` call. */
export type ListOptions<Filter> = Filter &
  CallOptions & {
    /** Items fetched per page; defaults to the client's `pageSize`. */
    pageSize?: number;
  };

/** The operations the client offers for one resource. */
export interface ResourceClient<Item, CreateInput, Patch, Filter, FindOptions, WriteOptions = CallOptions> {
  /** Reads one object; rejects with `not_found` when it does not exist. */
  get(id: string, options?: CallOptions): Promise<Item>;
  /** Validates `input`, creates the object and returns it as stored. */
  create(input: CreateInput, options?: WriteOptions): Promise<Item>;
  /** Validates the partial `patch` and applies it; keys left out keep their value. */
  update(id: string, patch: Patch, options?: WriteOptions): Promise<Item>;
  /** Deletes one object; rejects with `not_found` when it does not exist. */
  delete(id: string, options?: CallOptions): Promise<void>;
  /** Lists objects, fetching pages transparently as the iteration goes on. */
  list(options?: ListOptions<Filter>): PageIterable<Item>;
  /** The first object with exactly this name, or undefined. */
  findByName(options: FindOptions & CallOptions): Promise<Item | undefined>;
}

/** Client operations on namespaces. */
export type NamespaceClient = ResourceClient<
  Namespace,
  NamespaceCreateInput,
  NamespaceUpdatePatch,
  NamespaceListFilter,
  { name: string; parentId?: string }
>;
/** Client operations on policies. */
export type PolicyClient = ResourceClient<
  Policy,
  PolicyCreateInput,
  PolicyUpdatePatch,
  ResourceListFilter,
  { name: string; namespaceId?: string },
  PolicyWriteOptions
>;
/** Client operations on routes. */
export type RouteClient = ResourceClient<
  Route,
  RouteCreateInput,
  RouteUpdatePatch,
  ResourceListFilter,
  { name: string; namespaceId?: string }
>;

/** The single calling code path for every Pomerium deployment. */
export interface PomeriumClient {
  /** The backend this client drives. */
  readonly backend: PomeriumBackend;
  /** What the backend can do. */
  readonly capabilities: BackendCapabilities;
  /** Namespaces. */
  readonly namespaces: NamespaceClient;
  /** Policies. */
  readonly policies: PolicyClient;
  /** Routes. */
  readonly routes: RouteClient;
  /** Closes the backend's connections. */
  close(): Promise<void>;
}

interface ResourceDefinition<Item, CreateInput, Patch> {
  what: string;
  createSchema: z.ZodType;
  patchSchema: z.ZodType;
  normalizeCreate?: (input: CreateInput) => CreateInput;
  normalizePatch?: (patch: Patch) => Patch;
  nameOf: (item: Item) => string;
  /** Schemas for writes that allow PPL criteria unknown to the library, and whether that is the default. */
  unknownPplCriteria?: { allowByDefault: boolean; createSchema: z.ZodType; patchSchema: z.ZodType };
}

/** Picks the write schema and strips `allowUnknownPplCriteria` from the options passed to the backend. */
function writeSchema<Options extends CallOptions>(
  definition: ResourceDefinition<unknown, unknown, unknown>,
  kind: 'createSchema' | 'patchSchema',
  options: Options,
): { schema: z.ZodType; callOptions: CallOptions } {
  const { allowUnknownPplCriteria, ...callOptions } = options as PolicyWriteOptions;
  const lenient = definition.unknownPplCriteria;
  const allow = allowUnknownPplCriteria ?? lenient?.allowByDefault ?? false;
  return { schema: allow && lenient ? lenient[kind] : definition[kind], callOptions };
}

function createResourceClient<
  Item,
  CreateInput,
  Patch,
  Filter extends object,
  FindOptions extends { name: string },
  WriteOptions extends CallOptions = CallOptions,
>(
  backend: PomeriumBackend,
  resource: ResourceBackend<Item, CreateInput, Patch, Filter>,
  definition: ResourceDefinition<Item, CreateInput, Patch>,
  defaultPageSize: number,
  toFilter: (options: FindOptions) => Filter,
): ResourceClient<Item, CreateInput, Patch, Filter, FindOptions, WriteOptions> {
  const withBackend = async <T>(call: () => Promise<T>): Promise<T> => {
    try {
      return await call();
    } catch (error) {
      if (PomeriumError.isInstance(error)) throw error;
      throw new PomeriumError(`${backend.name} backend failed: ${(error as Error)?.message ?? String(error)}`, {
        code: 'unknown',
        cause: error,
        backend: backend.name,
      });
    }
  };
  const list = (options: ListOptions<Filter> = {} as ListOptions<Filter>): PageIterable<Item> => {
    const { pageSize = defaultPageSize, signal, ...filter } = options;
    if (!Number.isInteger(pageSize) || pageSize < 1) {
      throw new PomeriumError('Invalid list options: pageSize must be a positive integer', {
        code: 'invalid_argument',
        field: 'pageSize',
      });
    }
    return createPageIterable(
      (offset, limit) =>
        withBackend(() =>
          resource.list({ ...(filter as unknown as Filter), offset, limit, ...(signal ? { signal } : {}) }),
        ),
      pageSize,
    );
  };
  return {
    async get(id, options = {}) {
      assertId(id, `${definition.what} id`);
      return withBackend(() => resource.get({ ...options, id }));
    },
    async create(input, options = {} as WriteOptions) {
      const { schema, callOptions } = writeSchema(
        definition as ResourceDefinition<unknown, unknown, unknown>,
        'createSchema',
        options,
      );
      let parsed = parseInput(schema, input, `${definition.what} input`) as CreateInput;
      if (definition.normalizeCreate) parsed = definition.normalizeCreate(parsed);
      return withBackend(() => resource.create({ ...callOptions, input: parsed }));
    },
    async update(id, patch, options = {} as WriteOptions) {
      assertId(id, `${definition.what} id`);
      const { schema, callOptions } = writeSchema(
        definition as ResourceDefinition<unknown, unknown, unknown>,
        'patchSchema',
        options,
      );
      let parsed = parseInput(schema, patch, `${definition.what} patch`) as Patch;
      if (definition.normalizePatch) parsed = definition.normalizePatch(parsed);
      return withBackend(() => resource.update({ ...callOptions, id, patch: parsed }));
    },
    async delete(id, options = {}) {
      assertId(id, `${definition.what} id`);
      return withBackend(() => resource.delete({ ...options, id }));
    },
    list,
    async findByName(options) {
      if (typeof options?.name !== 'string' || options.name === '') {
        throw new PomeriumError('Invalid findByName options: name must be a non-empty string', {
          code: 'invalid_argument',
          field: 'name',
        });
      }
      const { signal } = options;
      for await (const item of list({ ...toFilter(options), ...(signal ? { signal } : {}) } as ListOptions<Filter>)) {
        if (definition.nameOf(item) === options.name) return item;
      }
      return undefined;
    },
  };
}

/**
 * Creates the client every tool uses, whatever the deployment: validation of
 * inputs before any network call, transparent paging, look-ups by name, and
 * one error type.
 *
 * @example
 * const client = createPomeriumClient({ backend: createMemoryBackend() });
 * const route = await client.routes.create({ namespaceId, name: 'app', from: 'https://app.example.com', to: ['http://app:80'] });
 */
export function createPomeriumClient(options: PomeriumClientOptions): PomeriumClient {
  const { backend, pageSize = 100, allowUnknownPplCriteria = false } = options ?? ({} as PomeriumClientOptions);
  if (backend?.specificationVersion !== 'v1') {
    throw new PomeriumError('createPomeriumClient needs a backend implementing specification v1', {
      code: 'invalid_argument',
      field: 'backend',
    });
  }
  if (!Number.isInteger(pageSize) || pageSize < 1) {
    throw new PomeriumError('pageSize must be a positive integer', { code: 'invalid_argument', field: 'pageSize' });
  }
  const namespaces = createResourceClient<
    Namespace,
    NamespaceCreateInput,
    NamespaceUpdatePatch,
    NamespaceListFilter,
    { name: string; parentId?: string }
  >(
    backend,
    backend.namespaces,
    {
      what: 'namespace',
      createSchema: namespaceCreateInputSchema,
      patchSchema: namespaceUpdatePatchSchema,
      nameOf: (item) => item.name,
    },
    pageSize,
    ({ parentId }) => (parentId === undefined ? {} : { parentId }),
  );
  const policies = createResourceClient<
    Policy,
    PolicyCreateInput,
    PolicyUpdatePatch,
    ResourceListFilter,
    { name: string; namespaceId?: string },
    PolicyWriteOptions
  >(
    backend,
    backend.policies,
    {
      what: 'policy',
      createSchema: policyCreateInputSchema,
      patchSchema: policyUpdatePatchSchema,
      unknownPplCriteria: {
        allowByDefault: allowUnknownPplCriteria,
        createSchema: policyCreateInputSchemaAllowingUnknownCriteria,
        patchSchema: policyUpdatePatchSchemaAllowingUnknownCriteria,
      },
      // The schema has validated the PPL already; this only canonicalises it.
      normalizeCreate: (input) => ({ ...input, ppl: normalizePpl(input.ppl, lenientPpl) }),
      normalizePatch: (patch) =>
        patch.ppl === undefined ? patch : { ...patch, ppl: normalizePpl(patch.ppl, lenientPpl) },
      nameOf: (item) => item.name,
    },
    pageSize,
    ({ name, namespaceId }) => ({ query: name, ...(namespaceId === undefined ? {} : { namespaceId }) }),
  );
  const routes = createResourceClient<
    Route,
    RouteCreateInput,
    RouteUpdatePatch,
    ResourceListFilter,
    { name: string; namespaceId?: string }
  >(
    backend,
    backend.routes,
    {
      what: 'route',
      createSchema: routeCreateInputSchema,
      patchSchema: routeUpdatePatchSchema,
      normalizeCreate: normalizeRouteDurations,
      normalizePatch: normalizeRouteDurations,
      nameOf: (item) => item.name,
    },
    pageSize,
    ({ name, namespaceId }) => ({ query: name, ...(namespaceId === undefined ? {} : { namespaceId }) }),
  );
  return {
    backend,
    capabilities: backend.capabilities,
    namespaces,
    policies,
    routes,
    async close() {
      await backend.close?.();
    },
  };
}
