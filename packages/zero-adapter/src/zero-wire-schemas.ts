import * as z from 'zod';
import { ZeroResponseShapeError } from './errors.js';
import type { ZeroTokenResponse } from './token-manager.js';
import type { ZeroCluster, ZeroNamespace, ZeroOrganization, ZeroPolicy, ZeroRoute } from './zero-wire-types.js';

// Only what the adapter relies on is checked; unknown keys pass (they travel in
// extensions.zero.additionalFields). Checks never copy a value into a message.

const stringList = z.array(z.string());
const entityInfoList = z.array(z.looseObject({ id: z.string(), name: z.string() }));

const tokenResponseSchema = z.looseObject({
  idToken: z.string().min(1),
  expiresInSeconds: z.union([z.string(), z.number()]),
});

const organizationSchema = z.looseObject({ id: z.string().min(1), name: z.string() });
const namespaceSchema = z.looseObject({
  id: z.string().min(1),
  name: z.string(),
  type: z.string(),
  parentId: z.string().optional(),
});
const clusterSchema = z.looseObject({
  id: z.string().min(1),
  name: z.string(),
  namespaceId: z.string(),
  domain: z.string().optional(),
  fqdn: z.string().optional(),
});

const routeSchema = z.looseObject({
  id: z.string().min(1),
  namespaceId: z.string(),
  name: z.string(),
  from: z.string(),
  to: stringList.optional(),
  policyIds: stringList.optional(),
  enforcedPolicyIds: stringList.optional(),
  policies: entityInfoList.optional(),
  enforcedPolicies: entityInfoList.optional(),
  createdAt: z.string().optional(),
  updatedAt: z.string().optional(),
});

const policySchema = z.looseObject({
  id: z.string().min(1),
  namespaceId: z.string(),
  name: z.string(),
  enforced: z.boolean().optional(),
  ppl: z.union([z.array(z.record(z.string(), z.unknown())), z.record(z.string(), z.unknown())]),
  description: z.string().optional(),
  explanation: z.string().optional(),
  remediation: z.string().optional(),
  routes: entityInfoList.optional(),
  enforcedRoutes: entityInfoList.optional(),
  createdAt: z.string().optional(),
  updatedAt: z.string().optional(),
});

/** Checks one wire answer against its schema; throws {@link ZeroResponseShapeError} naming what was expected. */
export function check(schema: z.ZodType, value: unknown, what: string): void {
  const result = schema.safeParse(value);
  if (result.success) return;
  const [issue] = result.error.issues;
  const path = issue && issue.path.length > 0 ? ` at ${issue.path.map(String).join('.')}` : '';
  throw new ZeroResponseShapeError(`expected ${what}${path}: ${issue?.message ?? 'wrong shape'}`);
}

/** Checks a wire answer that must be an array of `what`. */
export function checkList(schema: z.ZodType, value: unknown, what: string): void {
  if (!Array.isArray(value)) throw new ZeroResponseShapeError(`expected an array of ${what}`);
  for (let index = 0; index < value.length; index += 1) check(schema, value[index], `${what} at index ${index}`);
}

/** Checks the answer of `POST /token`. Throws {@link ZeroResponseShapeError}. */
export function parseZeroTokenResponse(value: unknown): ZeroTokenResponse {
  check(tokenResponseSchema, value, 'a token response ({idToken, expiresInSeconds})');
  return value as ZeroTokenResponse;
}

/** Checks a list of organizations. */
export function parseZeroOrganizations(value: unknown): ZeroOrganization[] {
  checkList(organizationSchema, value, 'organizations');
  return value as ZeroOrganization[];
}

/** Checks a list of namespaces. */
export function parseZeroNamespaces(value: unknown): ZeroNamespace[] {
  checkList(namespaceSchema, value, 'namespaces');
  return value as ZeroNamespace[];
}

/** Checks a list of clusters. */
export function parseZeroClusters(value: unknown): ZeroCluster[] {
  checkList(clusterSchema, value, 'clusters');
  return value as ZeroCluster[];
}

// The hot shape (a route: every get, create, update and listed route) is first tested by plain type checks
// that accept exactly what routeSchema accepts, without zod's per-key work and without building zod's output
// object; when they fail, zod checks the value and names the problem. zod stays the arbiter: a value the fast
// test refuses is only ever accepted by zod itself (zero-wire-schemas.test.ts checks the two agree).

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isOptionalStringList(value: unknown): boolean {
  if (value === undefined) return true;
  if (!Array.isArray(value)) return false;
  for (let index = 0; index < value.length; index += 1) if (typeof value[index] !== 'string') return false;
  return true;
}

function isOptionalEntityInfoList(value: unknown): boolean {
  if (value === undefined) return true;
  if (!Array.isArray(value)) return false;
  for (let index = 0; index < value.length; index += 1) {
    const item: unknown = value[index];
    if (!isObject(item) || typeof item.id !== 'string' || typeof item.name !== 'string') return false;
  }
  return true;
}

/** True when `value` passes `routeSchema`, by plain type checks. */
export function isZeroRouteShape(value: unknown): boolean {
  if (!isObject(value)) return false;
  const { id, createdAt, updatedAt } = value;
  return (
    typeof id === 'string' &&
    id.length > 0 &&
    typeof value.namespaceId === 'string' &&
    typeof value.name === 'string' &&
    typeof value.from === 'string' &&
    isOptionalStringList(value.to) &&
    isOptionalStringList(value.policyIds) &&
    isOptionalStringList(value.enforcedPolicyIds) &&
    isOptionalEntityInfoList(value.policies) &&
    isOptionalEntityInfoList(value.enforcedPolicies) &&
    (createdAt === undefined || typeof createdAt === 'string') &&
    (updatedAt === undefined || typeof updatedAt === 'string')
  );
}

/** Checks one route (a get, create or patch answer). */
export function parseZeroRoute(value: unknown): ZeroRoute {
  if (!isZeroRouteShape(value)) check(routeSchema, value, 'a route object');
  return value as ZeroRoute;
}

/** Checks a page of routes. */
export function parseZeroRoutes(value: unknown): ZeroRoute[] {
  if (!Array.isArray(value)) throw new ZeroResponseShapeError('expected an array of routes');
  for (let index = 0; index < value.length; index += 1) {
    if (!isZeroRouteShape(value[index])) check(routeSchema, value[index], `routes at index ${index}`);
  }
  return value as ZeroRoute[];
}

/** The zod schema of a route answer, for tests comparing it with {@link isZeroRouteShape}. */
export const zeroRouteWireSchema: z.ZodType = routeSchema;

/** Checks one policy. */
export function parseZeroPolicy(value: unknown): ZeroPolicy {
  check(policySchema, value, 'a policy object');
  return value as ZeroPolicy;
}

/** Checks a page of policies. */
export function parseZeroPolicies(value: unknown): ZeroPolicy[] {
  checkList(policySchema, value, 'policies');
  return value as ZeroPolicy[];
}
