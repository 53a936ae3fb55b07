import { clone, create } from '@bufbuild/protobuf';
import {
  type BackendRoute,
  type RouteCreateInput,
  routeBooleanSettingsDefaultingToFalse,
} from '@pomerium-unified/core';
import { JwtGroupsFilterSchema, type Route as ProtoRoute, RouteSchema } from '@pomerium-unified/enterprise-protos';
import { sameInstant, timestampToString } from './convert-duration.js';
import {
  type EnterpriseHealthCheckExtension,
  healthCheckFromProto,
  healthCheckToProto,
} from './convert-route-health-check.js';
import { redirectFromProto, redirectToProto } from './convert-route-redirect.js';
import { type FieldMapping, settingKeys, settingMappings } from './convert-route-settings.js';
import { definedEntries, nonEmptyList } from './convert-route-values.js';
import { deepEqual } from './deep-equal.js';

export type { EnterpriseHealthCheckExtension } from './convert-route-health-check.js';
export { redirectResponseCodes } from './convert-route-redirect.js';

/** The groups filter of the Pomerium JWT (`jwt_groups_filter`). */
export interface EnterpriseJwtGroupsFilter {
  /** Group ids or names to include. */
  groups: string[];
  /** Derive the groups from the PPL groups criteria. */
  inferFromPpl?: boolean;
}

/**
 * Enterprise-only fields of a route, kept in `extensions.enterprise` so that a
 * read-modify-write loses nothing. Writable unless marked read-only.
 */
export interface EnterpriseRouteExtension {
  /** Path of a file holding the Kubernetes service account token (`kubernetes_service_account_token_file`). */
  kubernetesServiceAccountTokenFile?: string;
  /** Which groups go into the Pomerium JWT (`jwt_groups_filter`). */
  jwtGroupsFilter?: EnterpriseJwtGroupsFilter;
  /** Identity providers accepted with the `jwt` bearer token format (`identity_providers`). */
  identityProviders?: string[];
  /** Regex path rewrite of the redirect (`redirect.regex_rewrite`). */
  redirectRegexRewrite?: { pattern: string; substitution: string };
  /** Enterprise-only health check fields, index-aligned with `healthChecks`. */
  healthChecks?: EnterpriseHealthCheckExtension[];
  /** Prometheus stat name (`stat_name`), computed by the console on first save (read-only). */
  statName?: string;
  /** Names of the assigned policies (computed, read-only). */
  policyNames?: string[];
  /** Names of the enforced policies that apply (computed, read-only). */
  enforcedPolicyNames?: string[];
  /** Name of the route's namespace (computed, read-only). */
  namespaceName?: string;
  /** Numbers of protobuf fields the console sent that this library does not know (read-only; they stay on the console). */
  unknownFields?: number[];
}

declare module '@pomerium-unified/core' {
  interface RouteExtensions {
    /** Enterprise-only route fields. */
    enterprise?: EnterpriseRouteExtension;
  }
}

// ---------------------------------------------------------------------------
// Extension.

function readExtension(
  route: ProtoRoute,
  healthCheckExtensions: EnterpriseHealthCheckExtension[],
  regexRewrite: { pattern: string; substitution: string } | undefined,
): EnterpriseRouteExtension {
  const extension: EnterpriseRouteExtension = {};
  if (route.kubernetesServiceAccountTokenFile !== undefined) {
    extension.kubernetesServiceAccountTokenFile = route.kubernetesServiceAccountTokenFile;
  }
  if (route.jwtGroupsFilter) {
    extension.jwtGroupsFilter = definedEntries({
      groups: [...route.jwtGroupsFilter.groups],
      inferFromPpl: route.jwtGroupsFilter.inferFromPpl,
    });
  }
  const identityProviders = nonEmptyList(route.identityProviders);
  if (identityProviders) extension.identityProviders = identityProviders;
  if (regexRewrite) extension.redirectRegexRewrite = regexRewrite;
  if (healthCheckExtensions.some((check) => Object.keys(check).length > 0)) {
    extension.healthChecks = healthCheckExtensions;
  }
  if (route.statName !== '') extension.statName = route.statName;
  const policyNames = nonEmptyList(route.policyNames);
  if (policyNames) extension.policyNames = policyNames;
  const enforcedPolicyNames = nonEmptyList(route.enforcedPolicyNames);
  if (enforcedPolicyNames) extension.enforcedPolicyNames = enforcedPolicyNames;
  if (route.namespaceName !== '') extension.namespaceName = route.namespaceName;
  if (route.$unknown && route.$unknown.length > 0) {
    extension.unknownFields = [...new Set(route.$unknown.map((field) => field.no))];
  }
  return extension;
}

// ---------------------------------------------------------------------------
// Public conversions.

/**
 * Converts a console `Route` into the core model (secret settings as strings: the
 * client wraps them in Secrets). Implicit proto3 strings and
 * numbers read their zero value (`""`, `0`) as unset, implicit bools read as
 * booleans, and the seven default-off booleans read `false` when unset;
 * Enterprise-only and computed fields go to `extensions.enterprise`; enforced
 * policies stay apart from the assigned `policyIds`. Builds the result in one
 * object: health checks and the redirect are converted once.
 */
export function routeFromProto(route: ProtoRoute): BackendRoute {
  const createdAt = timestampToString(route.createdAt);
  const result: Record<string, unknown> = {
    id: route.id,
    namespaceId: route.namespaceId,
    name: route.name,
    from: route.from,
    to: route.to.slice(),
    policyIds: route.policyIds.slice(),
    enforcedPolicyIds: route.enforcedPolicyIds.slice(),
    createdAt,
    // A route never modified since its creation (every create's answer) has the same instant twice: format it once.
    updatedAt: sameInstant(route.modifiedAt, route.createdAt) ? createdAt : timestampToString(route.modifiedAt),
  };
  for (const key of settingKeys) {
    const value = settingMappings[key].read(route);
    if (value !== undefined) result[key] = value;
  }
  for (const key of routeBooleanSettingsDefaultingToFalse) result[key] ??= false;
  const healthCheckExtensions: EnterpriseHealthCheckExtension[] = [];
  if (route.healthChecks.length > 0) {
    const checks = [];
    for (const proto of route.healthChecks) {
      const { check, extension } = healthCheckFromProto(proto);
      checks.push(check);
      healthCheckExtensions.push(extension);
    }
    result.healthChecks = checks;
  }
  let regexRewrite: { pattern: string; substitution: string } | undefined;
  if (route.redirect) {
    const converted = redirectFromProto(route.redirect);
    result.redirect = converted.redirect;
    regexRewrite = converted.regexRewrite;
  }
  result.extensions = { enterprise: readExtension(route, healthCheckExtensions, regexRewrite) };
  return result as unknown as BackendRoute;
}

/** A route as written: a create input, or a route of the core model after a patch was applied. */
export type RouteWrite = Omit<RouteCreateInput, 'to'> & { to?: string[]; id?: string };

/**
 * Writes a route of the core model onto a copy of the console `Route` it was
 * read from (or onto a new one). Only fields whose core value differs from
 * what `base` holds are rewritten, so every field the core model cannot
 * express exactly, or does not know at all, survives a read-modify-write.
 * Unset optional fields stay absent on the wire. Computed fields
 * (`policy_names`, `namespace_name`, `enforced_policy_*`) are cleared: the
 * console owns them; `stat_name` is kept as read. `baseModel`, when given,
 * must be `routeFromProto(base)` (it saves converting `base` again).
 */
export function routeToProto(route: RouteWrite, base?: ProtoRoute, baseModel?: BackendRoute): ProtoRoute {
  if (!base) return writeRouteOnto(create(RouteSchema), route);
  return writeRouteOnto(clone(RouteSchema, base), route, baseModel ?? routeFromProto(base));
}

/**
 * {@link routeToProto} without the copy: writes `route` onto `target` itself
 * and returns it. For a message the caller owns and sends next (an update's
 * fresh read), which saves cloning it. `targetModel` must be
 * `routeFromProto(target)` as read (omit it on a create: every value given is
 * written, even a default such as false).
 */
export function writeRouteOnto(target: ProtoRoute, route: RouteWrite, targetModel?: BackendRoute): ProtoRoute {
  const next = target;
  const before: Pick<BackendRoute, 'extensions'> & Partial<BackendRoute> = targetModel ?? { extensions: {} };
  const beforeExtension = before.extensions.enterprise ?? {};
  const extension: EnterpriseRouteExtension = route.extensions?.enterprise ?? {};

  if (route.id !== undefined) next.id = route.id;
  next.namespaceId = route.namespaceId;
  next.name = route.name;
  next.from = route.from;
  next.to = [...(route.to ?? [])];
  next.policyIds = [...(route.policyIds ?? [])];

  const values = route as Record<string, unknown>;
  for (const key of settingKeys) {
    const value = values[key] ?? undefined;
    if (!deepEqual(before[key], value)) (settingMappings[key] as FieldMapping<unknown>).write(next, value);
  }

  if (
    !deepEqual(before.healthChecks, route.healthChecks) ||
    !deepEqual(beforeExtension.healthChecks, extension.healthChecks)
  ) {
    next.healthChecks = (route.healthChecks ?? []).map((check, index) =>
      healthCheckToProto(check, extension.healthChecks?.[index]),
    );
  }
  if (
    !deepEqual(before.redirect, route.redirect) ||
    !deepEqual(beforeExtension.redirectRegexRewrite, extension.redirectRegexRewrite)
  ) {
    next.redirect = redirectToProto(route.redirect, extension.redirectRegexRewrite);
  }
  if (!deepEqual(beforeExtension.kubernetesServiceAccountTokenFile, extension.kubernetesServiceAccountTokenFile)) {
    next.kubernetesServiceAccountTokenFile = extension.kubernetesServiceAccountTokenFile;
  }
  if (!deepEqual(beforeExtension.jwtGroupsFilter, extension.jwtGroupsFilter)) {
    next.jwtGroupsFilter =
      extension.jwtGroupsFilter === undefined
        ? undefined
        : create(JwtGroupsFilterSchema, definedEntries({ ...extension.jwtGroupsFilter }));
  }
  if (!deepEqual(beforeExtension.identityProviders, extension.identityProviders)) {
    next.identityProviders = [...(extension.identityProviders ?? [])];
  }

  next.policyNames = [];
  next.namespaceName = '';
  next.enforcedPolicyIds = [];
  next.enforcedPolicyNames = [];
  return next;
}

/**
 * Merges an `extensions.enterprise` patch into the current one key by key:
 * keys left out are kept, `null` removes a key. Used by updates so that a
 * patch naming one Enterprise field does not drop the others.
 */
export function mergeRouteExtension(
  current: EnterpriseRouteExtension | undefined,
  patch: EnterpriseRouteExtension | null | undefined,
): EnterpriseRouteExtension | undefined {
  if (patch === undefined) return current;
  if (patch === null) return {};
  const merged: Record<string, unknown> = { ...(current ?? {}) };
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete merged[key];
    else if (value !== undefined) merged[key] = value;
  }
  return merged as EnterpriseRouteExtension;
}
