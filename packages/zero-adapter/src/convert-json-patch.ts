import {
  type PolicyUpdatePatch,
  type RouteUpdatePatch,
  restoreUnknownRouteKeys,
  revealRouteSecrets,
  routeBooleanSettingsDefaultingToFalse,
} from '@pomerium-unified/core';
import { knownPolicyWireKeys } from './convert-policy.js';
import { knownWireKeys, mappedFields, mcpToZero, nestedFieldOnWire, rewriteHeadersToZero } from './convert-route.js';
import type { ZeroPolicyExtension, ZeroRouteExtension } from './zero-extensions.js';
import type { ZeroPolicy, ZeroRoute } from './zero-wire-types.js';

/** One JSON Patch (RFC 6902) operation, as Zero's `JSONPatchOperation`. */
export type JsonPatchOperation =
  | { op: 'add' | 'replace' | 'test'; path: string; value: unknown }
  | { op: 'remove'; path: string }
  | { op: 'move' | 'copy'; from: string; path: string };

/** Options of the JSON Patch builders. */
export interface JsonPatchBuildOptions {
  /**
   * Add a `test` of the value read before each changed member, so the PATCH
   * fails (and the update is `aborted`) when another writer changed one of the
   * patched fields after the read. Needs `previous`.
   */
  guard?: boolean;
}

const requiredBooleans = new Set<string>(routeBooleanSettingsDefaultingToFalse);
const wireKeyOf = new Map<string, string>(mappedFields.map(([coreKey, wireKey]) => [coreKey, wireKey]));

/** Escapes one object key as a JSON Pointer token (RFC 6901). */
function pointer(key: string): string {
  return `/${key.replaceAll('~', '~0').replaceAll('/', '~1')}`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

class PatchBuilder {
  readonly operations: JsonPatchOperation[] = [];
  readonly #tests: JsonPatchOperation[] = [];

  constructor(
    readonly previous: Record<string, unknown> | undefined,
    readonly guard: boolean,
  ) {}

  /** `add` (which replaces an existing member) or `replace` when the member is known to exist. */
  set(key: string, value: unknown): void {
    const path = pointer(key);
    const previous = this.previous;
    if (previous && Object.hasOwn(previous, key)) {
      this.#test(path, previous[key]);
      this.operations.push({ op: 'replace', path, value });
    } else this.operations.push({ op: 'add', path, value });
  }

  /** `remove`, only for a member present in the object just read. */
  remove(key: string): void {
    const previous = this.previous;
    if (!previous || !Object.hasOwn(previous, key)) return;
    const path = pointer(key);
    this.#test(path, previous[key]);
    this.operations.push({ op: 'remove', path });
  }

  #test(path: string, value: unknown): void {
    if (this.guard) this.#tests.push({ op: 'test', path, value });
  }

  build(): JsonPatchOperation[] {
    return this.operations.length === 0 ? [] : [...this.#tests, ...this.operations];
  }
}

/** Keys the core model does not know, present in a Zero object just read. */
function unknownKeys(previous: Record<string, unknown> | undefined, known: ReadonlySet<string>): string[] {
  return previous ? Object.keys(previous).filter((key) => !known.has(key)) : [];
}

function applyAdditionalFields(
  builder: PatchBuilder,
  additional: Record<string, unknown> | undefined,
  known: ReadonlySet<string>,
): void {
  if (!isRecord(additional)) return;
  for (const [key, value] of Object.entries(additional)) {
    if (!known.has(key) && value !== undefined) builder.set(key, value);
  }
  for (const key of unknownKeys(builder.previous, known)) {
    if (!Object.hasOwn(additional, key)) builder.remove(key);
  }
}

/**
 * True when building the JSON Patch of `patch` needs the route as stored: a
 * setting is cleared (a `remove` is sent only for a member that exists) or
 * unknown keys are rewritten.
 */
export function routePatchNeedsRead(patch: RouteUpdatePatch): boolean {
  for (const [key, value] of Object.entries(patch)) {
    if (value === null && !requiredBooleans.has(key)) return true;
    if (key === 'healthChecks' && Array.isArray(value) && value.length === 0) return true;
    if (key === 'bearerTokenFormat' && value === '') return true;
  }
  return isRecord((patch.extensions?.zero as ZeroRouteExtension | undefined)?.additionalFields);
}

/**
 * Converts a validated core route patch to the JSON Patch Zero applies: one
 * `add`/`replace` per field the patch sets (the seven required booleans are
 * set to `false` when cleared), a `remove` for a cleared field only when the
 * object just read (`previous`) has it, and with `guard` a `test` of each
 * changed member's value as read. Fields the patch does not name are never
 * touched, so concurrent updates of other fields survive.
 */
export function routePatchToJsonPatch(
  patch: RouteUpdatePatch,
  previous?: ZeroRoute,
  options: JsonPatchBuildOptions = {},
): JsonPatchOperation[] {
  const builder = new PatchBuilder(previous, options.guard === true && previous !== undefined);
  // Secrets go on the wire as plain strings (the client already hands them over revealed).
  for (const [key, value] of Object.entries(revealRouteSecrets(patch))) {
    if (value === undefined || key === 'extensions') continue;
    const wireKey = wireKeyOf.get(key);
    if (wireKey === undefined) continue;
    if (value === null) {
      if (requiredBooleans.has(key)) builder.set(wireKey, false);
      else builder.remove(wireKey);
      continue;
    }
    switch (key) {
      case 'healthChecks': {
        const [healthCheck] = value as unknown[];
        if (healthCheck === undefined) builder.remove(wireKey);
        else builder.set(wireKey, healthCheck);
        break;
      }
      case 'rewriteResponseHeaders':
        builder.set(wireKey, rewriteHeadersToZero(value as Parameters<typeof rewriteHeadersToZero>[0]));
        break;
      case 'mcp':
        builder.set(wireKey, mcpToZero(value as Parameters<typeof mcpToZero>[0]));
        break;
      case 'bearerTokenFormat':
        if (value === '') builder.remove(wireKey);
        else builder.set(wireKey, value);
        break;
      default:
        builder.set(wireKey, value);
    }
  }
  const zero = patch.extensions?.zero as ZeroRouteExtension | undefined;
  if (isRecord(zero?.nestedFields)) restoreNestedFields(builder.operations, zero.nestedFields);
  applyAdditionalFields(builder, zero?.additionalFields, knownWireKeys);
  return builder.build();
}

/**
 * Puts nested keys the core model does not know (`extensions.zero.nestedFields`,
 * read with the route) back into the values the patch sets, so replacing a
 * field keeps them (a health check's future key survives a health check change).
 */
function restoreNestedFields(operations: JsonPatchOperation[], nestedFields: Record<string, unknown>): void {
  const values: Record<string, unknown> = {};
  for (const operation of operations) {
    if ((operation.op === 'add' || operation.op === 'replace') && typeof operation.value === 'object') {
      values[operation.path.slice(1)] = structuredClone(operation.value);
    }
  }
  restoreUnknownRouteKeys(values, nestedFields, nestedFieldOnWire);
  for (const operation of operations) {
    const key = operation.path.slice(1);
    if ((operation.op === 'add' || operation.op === 'replace') && Object.hasOwn(values, key)) {
      operation.value = values[key];
    }
  }
}

/** True when building the JSON Patch of a policy patch needs the policy as stored (unknown keys rewritten). */
export function policyPatchNeedsRead(patch: PolicyUpdatePatch): boolean {
  return isRecord((patch.extensions?.zero as ZeroPolicyExtension | undefined)?.additionalFields);
}

/**
 * Converts a validated core policy patch to the JSON Patch Zero applies: one
 * `add`/`replace` per field the patch sets (`ppl` in its array form), and with
 * `guard` a `test` of each changed member's value as read.
 */
export function policyPatchToJsonPatch(
  patch: PolicyUpdatePatch,
  previous?: ZeroPolicy,
  options: JsonPatchBuildOptions = {},
): JsonPatchOperation[] {
  const builder = new PatchBuilder(previous, options.guard === true && previous !== undefined);
  for (const key of ['name', 'description', 'enforced', 'explanation', 'remediation'] as const) {
    const value = patch[key];
    if (value !== undefined) builder.set(key, value);
  }
  if (patch.ppl !== undefined) builder.set('ppl', Array.isArray(patch.ppl) ? patch.ppl : [patch.ppl]);
  const zero = patch.extensions?.zero as ZeroPolicyExtension | undefined;
  if (zero && typeof zero.originatorId === 'string') builder.set('originatorId', zero.originatorId);
  applyAdditionalFields(builder, zero?.additionalFields, knownPolicyWireKeys);
  return builder.build();
}
