import type * as z from 'zod';
import type { CallOptions, ResourceBackend } from './backend-specification.js';
import { type CallEnvironment, runCall } from './call-runner.js';
import { type CreateRecovery, findCreatedObject } from './create-recovery.js';
import { inputLimits } from './input-limits.js';
import { createPageIterable, type PageIterable } from './page-iterable.js';
import { assertId, parsePlainInput } from './parse-input.js';
import { PomeriumError } from './pomerium-error.js';
import { snapshotInput } from './snapshot-input.js';
import { isPatchApplied } from './update-recovery.js';
import { checkReturnedObject, checkReturnedPage } from './validate-response.js';

/** Options every client call accepts. */
export interface ClientCallOptions {
  /** Aborts the call (it then rejects with `deadline_exceeded`). Combined with the client's `deadlineMs`. */
  signal?: AbortSignal;
}

/** Options of a client `update()`. */
export interface UpdateCallOptions extends ClientCallOptions {
  /**
   * Optimistic concurrency: the `updatedAt` the caller read. When the stored
   * object changed since, the update fails with `aborted` and writes nothing.
   */
  expectedUpdatedAt?: string;
}

/** Options of a client `list()` call. */
export type ListOptions<Filter> = Filter &
  ClientCallOptions & {
    /** Items fetched per page; defaults to the client's `pageSize`. */
    pageSize?: number;
  };

/** The operations the client offers for one resource. */
export interface ResourceClient<Item, CreateInput, Patch, Filter, FindOptions, WriteOptions = ClientCallOptions> {
  /** Reads one object; rejects with `not_found` when it does not exist. */
  get(id: string, options?: ClientCallOptions): Promise<Item>;
  /** Validates `input`, creates the object and returns it as stored. */
  create(input: CreateInput, options?: WriteOptions): Promise<Item>;
  /** Validates the partial `patch` and applies it; keys left out keep their value. */
  update(id: string, patch: Patch, options?: WriteOptions & UpdateCallOptions): Promise<Item>;
  /** Deletes one object; rejects with `not_found` when it does not exist. */
  delete(id: string, options?: ClientCallOptions): Promise<void>;
  /** Lists objects, fetching pages transparently as the iteration goes on. */
  list(options?: ListOptions<Filter>): PageIterable<Item>;
  /**
   * The object with exactly this name, or undefined. Rejects with
   * `failed_precondition` naming the ids when several objects share the name
   * (use {@link ResourceClient.findAllByName} then).
   */
  findByName(options: FindOptions & ClientCallOptions): Promise<Item | undefined>;
  /** Every object with exactly this name (names are not unique on either console). */
  findAllByName(options: FindOptions & ClientCallOptions): Promise<Item[]>;
}

/** What the generic resource client needs to know about one resource. */
export interface ResourceDefinition<Item, CreateInput, Patch, Filter, FindOptions> {
  /** `routes`, `policies` or `namespaces`: the prefix of operation names. */
  plural: string;
  /** `route`, `policy` or `namespace`: used in messages. */
  what: string;
  createSchema: z.ZodType;
  patchSchema: z.ZodType;
  /** Plain checks returning exactly what `createSchema` would, or undefined to defer to it (see `parsePlainInput`). */
  fastCreate?: (snapshot: unknown) => unknown;
  /** The same for `patchSchema`. */
  fastPatch?: (snapshot: unknown) => unknown;
  normalizeCreate?: (input: CreateInput) => CreateInput;
  normalizePatch?: (patch: Patch) => Patch;
  /** The filter keys that hold ids (`namespaceId`, `parentId`). */
  filterIdKeys: readonly string[];
  nameOf: (item: Item) => string;
  idOf: (item: Item) => string;
  createdAtOf: (item: Item) => string | undefined;
  /** The list filter of a name look-up. */
  findFilter: (options: FindOptions) => Filter;
  /** Schemas for writes that allow PPL criteria unknown to the library, and whether that is the default. */
  unknownPplCriteria?: { allowByDefault: boolean; createSchema: z.ZodType; patchSchema: z.ZodType };
  /** How to find the object a create whose answer was lost may have made. */
  recovery: (input: CreateInput) => { filter: Filter; matches: (item: Item, page: readonly Item[]) => boolean };
}

/** An `invalid_argument` error naming `field`. */
export function invalid(message: string, field: string): PomeriumError {
  return new PomeriumError(message, { code: 'invalid_argument', field });
}

function isAbortSignal(value: unknown): value is AbortSignal {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as AbortSignal).aborted === 'boolean' &&
    typeof (value as AbortSignal).addEventListener === 'function'
  );
}

/**
 * Reads the caller's options object once: the signal is checked to be an
 * AbortSignal, every other key is copied as plain data within the input limits.
 */
export function readOptions(
  options: unknown,
  what: string,
): { signal: AbortSignal | undefined; rest: Record<string, unknown> } {
  if (options === undefined || options === null) return { signal: undefined, rest: {} };
  if (typeof options !== 'object') throw invalid(`Invalid ${what}: must be an object`, 'options');
  let signal: unknown;
  let rest: Record<string, unknown>;
  try {
    ({ signal, ...rest } = options as { signal?: unknown });
  } catch {
    throw invalid(`Invalid ${what}: the options could not be read`, 'options');
  }
  if (signal !== undefined && !isAbortSignal(signal))
    throw invalid(`Invalid ${what}: signal must be an AbortSignal`, 'signal');
  return { signal, rest: snapshotInput(rest, what, 'options') as Record<string, unknown> };
}

/** The `expectedUpdatedAt` of update options, checked to be a timestamp string. */
export function readExpectedUpdatedAt(rest: Record<string, unknown>, label: string): string | undefined {
  const { expectedUpdatedAt } = rest;
  if (
    expectedUpdatedAt !== undefined &&
    (typeof expectedUpdatedAt !== 'string' || expectedUpdatedAt === '' || expectedUpdatedAt.length > 64)
  ) {
    throw invalid(`Invalid ${label}: expectedUpdatedAt must be a timestamp string`, 'expectedUpdatedAt');
  }
  return expectedUpdatedAt;
}

/** Builds the client of one resource over its backend operations. */
export function createResourceClient<
  Item,
  CreateInput,
  Patch,
  Filter extends object,
  FindOptions extends { name: string },
  WriteOptions extends ClientCallOptions = ClientCallOptions,
>(
  environment: CallEnvironment,
  resource: ResourceBackend<Item, CreateInput, Patch, Filter>,
  definition: ResourceDefinition<Item, CreateInput, Patch, Filter, FindOptions>,
  defaultPageSize: number,
): ResourceClient<Item, CreateInput, Patch, Filter, FindOptions, WriteOptions> {
  const { plural, what } = definition;
  const backend = environment.backendName;
  const checkObject = (operation: string) => (value: unknown) => checkReturnedObject(value, { backend, operation });

  /** The write schema: lenient about unknown PPL criteria when the call or the client allows it. */
  const writeSchema = (kind: 'createSchema' | 'patchSchema', allowUnknown: unknown, label: string): z.ZodType => {
    if (allowUnknown !== undefined && typeof allowUnknown !== 'boolean') {
      throw invalid(`Invalid ${label}: allowUnknownPplCriteria must be a boolean`, 'allowUnknownPplCriteria');
    }
    const lenient = definition.unknownPplCriteria;
    const allow = allowUnknown ?? lenient?.allowByDefault ?? false;
    return allow && lenient ? lenient[kind] : definition[kind];
  };

  const checkFilter = (filter: Record<string, unknown>, label: string) => {
    for (const key of definition.filterIdKeys) {
      if (filter[key] !== undefined) assertId(filter[key], `${label}: ${key}`, key);
    }
    const query = filter.query;
    if (query !== undefined && typeof query !== 'string')
      throw invalid(`Invalid ${label}: query must be a string`, 'query');
  };

  const listPages = (filter: Filter, signal: AbortSignal | undefined, pageSize: number) =>
    createPageIterable(
      (offset, limit) =>
        runCall(environment, {
          operation: `${plural}.list`,
          kind: 'read',
          signal,
          run: (callOptions) => resource.list({ ...filter, ...callOptions, offset, limit }),
          check: (page) => checkReturnedPage(page, { backend, operation: `${plural}.list` }),
        }),
      pageSize,
    );

  const list = (options?: ListOptions<Filter>): PageIterable<Item> => {
    const label = `${what} list options`;
    const { signal, rest } = readOptions(options, label);
    const { pageSize = defaultPageSize, ...filter } = rest as { pageSize?: unknown };
    if (typeof pageSize !== 'number' || !Number.isInteger(pageSize) || pageSize < 1) {
      throw invalid(`Invalid ${label}: pageSize must be a positive integer`, 'pageSize');
    }
    checkFilter(filter, label);
    return listPages(filter as Filter, signal, pageSize);
  };

  const findAll = async (options: FindOptions & ClientCallOptions, label: string): Promise<Item[]> => {
    const { signal, rest } = readOptions(options, label);
    const name = rest.name;
    if (typeof name !== 'string' || name === '' || name.length > inputLimits.maxStringLength) {
      throw invalid(`Invalid ${label}: name must be a non-empty string`, 'name');
    }
    checkFilter(rest, label);
    const filter = definition.findFilter(rest as FindOptions);
    const found: Item[] = [];
    for await (const item of listPages(filter, signal, defaultPageSize)) {
      if (definition.nameOf(item) === name) found.push(item);
    }
    return found;
  };

  return {
    async get(id, options) {
      assertId(id, `${what} id`);
      const { signal } = readOptions(options, `${what} get options`);
      return runCall(environment, {
        operation: `${plural}.get`,
        kind: 'read',
        signal,
        run: (callOptions) => resource.get({ ...callOptions, id }),
        check: checkObject(`${plural}.get`),
      });
    },
    async create(input, options) {
      const { signal, rest } = readOptions(options, `${what} create options`);
      const schema = writeSchema('createSchema', rest.allowUnknownPplCriteria, `${what} create options`);
      const fast = schema === definition.createSchema ? definition.fastCreate : undefined;
      let parsed = parsePlainInput(schema, input, `${what} input`, 'input', fast) as CreateInput;
      if (definition.normalizeCreate) parsed = definition.normalizeCreate(parsed);
      const recovery = definition.recovery(parsed);
      const lookup: CreateRecovery<Item> = {
        what,
        listPage: (pageOptions) => resource.list({ ...recovery.filter, ...pageOptions }),
        matches: recovery.matches,
        describe: (item) => ({ id: definition.idOf(item), createdAt: definition.createdAtOf(item) }),
      };
      return runCall(environment, {
        operation: `${plural}.create`,
        kind: 'create',
        signal,
        run: (callOptions) => resource.create({ ...callOptions, input: parsed }),
        check: checkObject(`${plural}.create`),
        recover: (callOptions, sentAt) =>
          findCreatedObject(lookup, callOptions, sentAt, environment.policy.clockSkewMs),
      });
    },
    async update(id, patch, options) {
      assertId(id, `${what} id`);
      const label = `${what} update options`;
      const { signal, rest } = readOptions(options, label);
      const schema = writeSchema('patchSchema', rest.allowUnknownPplCriteria, label);
      const fast = schema === definition.patchSchema ? definition.fastPatch : undefined;
      let parsed = parsePlainInput(schema, patch, `${what} patch`, 'patch', fast) as Patch;
      if (definition.normalizePatch) parsed = definition.normalizePatch(parsed);
      const expectedUpdatedAt = readExpectedUpdatedAt(rest, label);
      const guarded = expectedUpdatedAt !== undefined;
      return runCall(environment, {
        operation: `${plural}.update`,
        kind: 'update',
        signal,
        guarded,
        run: (callOptions) =>
          resource.update({
            ...callOptions,
            id,
            patch: parsed,
            ...(expectedUpdatedAt === undefined ? {} : { expectedUpdatedAt }),
          }),
        check: checkObject(`${plural}.update`),
        // A backend whose updates are not safe to re-send, when an update's answer was lost: read the object back; the patch is there, or it is re-sent once.
        ...(guarded || environment.resendableUpdates
          ? {}
          : {
              recover: async (callOptions: CallOptions) => {
                const item = await resource.get({ ...callOptions, id });
                checkReturnedObject(item, { backend, operation: `${plural}.get` });
                return isPatchApplied(item as object, parsed as object) ? item : undefined;
              },
            }),
      });
    },
    async delete(id, options) {
      assertId(id, `${what} id`);
      const { signal } = readOptions(options, `${what} delete options`);
      return runCall(environment, {
        operation: `${plural}.delete`,
        kind: 'delete',
        signal,
        run: (callOptions) => resource.delete({ ...callOptions, id }),
      });
    },
    list,
    async findByName(options) {
      const found = await findAll(options, `${what} findByName options`);
      if (found.length > 1) {
        const ids = found.map((item) => definition.idOf(item));
        throw new PomeriumError(
          `${found.length} ${plural} are named "${definition.nameOf(found[0] as Item)}": ${ids.join(', ')}; use findAllByName or get by id`,
          { code: 'failed_precondition', backend, operation: `${plural}.findByName` },
        );
      }
      return found[0];
    },
    async findAllByName(options) {
      return findAll(options, `${what} findAllByName options`);
    },
  };
}
