import {
  type BackendRoute,
  normalizeDuration,
  type RouteCreateInput,
  type RouteHealthCheck,
  type RouteMcp,
  type RouteRewriteHeader,
  restoreUnknownRouteKeys,
  revealRouteSecrets,
  routeBooleanSettingsDefaultingToFalse,
  separateUnknownRouteKeys,
  type WithSecretInputs,
} from '@pomerium-unified/core';
import { zeroAdapterError } from './errors.js';
import { jsonEqual } from './json-equal.js';
import type { ZeroRouteExtension } from './zero-extensions.js';
import type { ZeroEntityInfo, ZeroRoute } from './zero-wire-types.js';

/** Route keys only Zero sets; they are never sent in a create or PUT body. */
export const zeroRouteResponseOnlyKeys = [
  'id',
  'createdAt',
  'updatedAt',
  'policies',
  'enforcedPolicies',
  'enforcedPolicyIds',
] as const;

/**
 * The seven booleans Zero requires in every route body: exactly the route
 * settings the core model defaults to false.
 */
export const zeroRouteRequiredBooleans = routeBooleanSettingsDefaultingToFalse;

/** Route settings with the same key and JSON shape in the core model and on Zero's wire. */
const sameShapeKeys = [
  'allowSpdy',
  'allowWebsockets',
  'allowUpgrades',
  'circuitBreakerThresholds',
  'dependsOn',
  'description',
  'enableGoogleCloudServerlessAuthentication',
  'healthyPanicThreshold',
  'hostPathRegexRewritePattern',
  'hostPathRegexRewriteSubstitution',
  'hostRewrite',
  'hostRewriteHeader',
  'identityProviderClientId',
  'identityProviderClientSecret',
  'idleTimeout',
  'idpAccessTokenAllowedAudiences',
  'jwtIssuerFormat',
  'kubernetesServiceAccountToken',
  'loadBalancingPolicy',
  'logoUrl',
  'originatorId',
  'passIdentityHeaders',
  'path',
  'prefix',
  'prefixRewrite',
  'preserveHostHeader',
  'redirect',
  'regex',
  'regexPriorityOrder',
  'regexRewritePattern',
  'regexRewriteSubstitution',
  'removeRequestHeaders',
  'response',
  'sessionRecording',
  'setRequestHeaders',
  'setResponseHeaders',
  'showErrorDetails',
  'timeout',
  'tlsClientKeyPairId',
  'tlsCustomCaKeyPairId',
  'tlsDownstreamClientCaKeyPairId',
  'tlsDownstreamServerName',
  'tlsSkipVerify',
  'tlsUpstreamAllowRenegotiation',
  'tlsUpstreamServerName',
  'upstreamTunnel',
] as const;

/** Core route field → Zero JSON key, for every field the adapter maps. */
export const mappedFields: readonly (readonly [string, string])[] = [
  ['namespaceId', 'namespaceId'],
  ['name', 'name'],
  ['from', 'from'],
  ['to', 'to'],
  ['policyIds', 'policyIds'],
  ['bearerTokenFormat', 'bearerTokenFormat'],
  ['healthChecks', 'healthCheck'],
  ['rewriteResponseHeaders', 'rewriteResponseHeaders'],
  ['mcp', 'mcp'],
  ...sameShapeKeys.map((key) => [key, key] as const),
];

const sameShape = 1;
const mappedElsewhere = 2;

const requiredWireKeys = new Set<string>(['namespaceId', 'name', 'from', 'policyIds', ...zeroRouteRequiredBooleans]);

/** Every Zero route key the adapter understands (request and response-only). */
export const knownWireKeys = new Set<string>([
  ...zeroRouteResponseOnlyKeys,
  ...mappedFields.map(([, wireKey]) => wireKey),
]);

/** Each known wire key: copied as it is (same shape in the core model) or converted by its own code; one lookup per key. */
const wireKeyKinds = new Map<string, typeof sameShape | typeof mappedElsewhere>([
  ...[...knownWireKeys].map((key) => [key, mappedElsewhere] as const),
  ...sameShapeKeys.map((key) => [key, sameShape] as const),
]);

const authStyleToCore: Record<string, 'in_params' | 'in_header'> = {
  OAUTH2_AUTH_STYLE_IN_PARAMS: 'in_params',
  OAUTH2_AUTH_STYLE_IN_HEADER: 'in_header',
};
const authStyleToZero = { in_params: 'OAUTH2_AUTH_STYLE_IN_PARAMS', in_header: 'OAUTH2_AUTH_STYLE_IN_HEADER' } as const;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function mcpToCore(mcp: unknown): WithSecretInputs<RouteMcp> | undefined {
  if (!isRecord(mcp)) return undefined;
  const copy = structuredClone(mcp) as Record<string, unknown>;
  const endpoint = (copy.server as { upstreamOAuth2?: { oauth2Endpoint?: Record<string, unknown> } } | undefined)
    ?.upstreamOAuth2?.oauth2Endpoint;
  if (endpoint && typeof endpoint.authStyle === 'string') {
    const style = authStyleToCore[endpoint.authStyle];
    if (style) endpoint.authStyle = style;
    else delete endpoint.authStyle;
  }
  return copy as WithSecretInputs<RouteMcp>;
}

/** The MCP settings in Zero's form (`authStyle` as Zero's enum, the client secret revealed). */
export function mcpToZero(mcp: WithSecretInputs<RouteMcp>): Record<string, unknown> {
  const copy = structuredClone(revealRouteSecrets({ mcp }).mcp) as Record<string, unknown>;
  const endpoint = (copy.server as { upstreamOAuth2?: { oauth2Endpoint?: Record<string, unknown> } } | undefined)
    ?.upstreamOAuth2?.oauth2Endpoint;
  if (endpoint && typeof endpoint.authStyle === 'string') {
    endpoint.authStyle = authStyleToZero[endpoint.authStyle as keyof typeof authStyleToZero] ?? endpoint.authStyle;
  }
  return copy;
}

function rewriteHeadersToCore(value: unknown): RouteRewriteHeader[] | undefined {
  if (!Array.isArray(value)) return undefined;
  return value.map((item: unknown) => {
    const entry = isRecord(item) ? item : {};
    const matcher = isRecord(entry.matcher) ? entry.matcher : {};
    const prefix = typeof matcher.prefix === 'string' && matcher.prefix !== '' ? matcher.prefix : undefined;
    return {
      header: String(entry.header ?? ''),
      value: String(entry.value ?? ''),
      ...(prefix !== undefined ? { prefix } : {}),
    };
  });
}

/** Response header rewrites in Zero's form (`matcher.prefix`). */
export function rewriteHeadersToZero(value: RouteRewriteHeader[]): Record<string, unknown>[] {
  return value.map((entry) => ({ header: entry.header, value: entry.value, matcher: { prefix: entry.prefix ?? '' } }));
}

/** A duration already in the core's canonical form (whole seconds such as `30s`), kept without parsing. */
const canonicalSeconds = /^(?:0|[1-9]\d{0,9})s$/;

/** The canonical core form of a duration read from Zero (`1m30s` → `90s`); anything unparsable is kept as is. */
function canonicalDuration(value: unknown): unknown {
  if (typeof value !== 'string' || canonicalSeconds.test(value)) return value;
  try {
    return normalizeDuration(value);
  } catch {
    return value;
  }
}

/**
 * Throws `invalid_argument` when a route carries more than one health check:
 * Zero keeps a single `healthCheck` per route. Called before any request.
 */
export function assertZeroHealthChecks(healthChecks: readonly RouteHealthCheck[] | null | undefined): void {
  if (healthChecks && healthChecks.length > 1) {
    throw zeroAdapterError(
      'invalid_argument',
      `Pomerium Zero keeps at most one health check per route; got ${healthChecks.length} (capabilities.multipleHealthChecks is false)`,
      'healthChecks',
    );
  }
}

/**
 * Converts a Zero route (as the API returns it) to the core model. Durations
 * take the core's canonical form (`1m` → `60s`); Zero-only data goes to
 * `extensions.zero`. The wire object must be freshly parsed JSON owned by the
 * caller: its nested values are reused, not copied (except where a value is
 * rewritten).
 */
export function zeroRouteToRoute(wire: ZeroRoute): BackendRoute {
  const route: Record<string, unknown> = {
    id: String(wire.id ?? ''),
    namespaceId: String(wire.namespaceId ?? ''),
    name: String(wire.name ?? ''),
    from: String(wire.from ?? ''),
    to: Array.isArray(wire.to) ? wire.to : [],
    policyIds: Array.isArray(wire.policyIds) ? wire.policyIds : [],
    enforcedPolicyIds: Array.isArray(wire.enforcedPolicyIds) ? wire.enforcedPolicyIds : [],
    createdAt: typeof wire.createdAt === 'string' ? wire.createdAt : undefined,
    updatedAt: typeof wire.updatedAt === 'string' ? wire.updatedAt : undefined,
  };
  let additional: Record<string, unknown> | undefined;
  for (const key in wire) {
    const kind = wireKeyKinds.get(key);
    if (kind === sameShape) {
      const value = wire[key];
      if (value !== undefined && value !== null) route[key] = value;
    } else if (kind === undefined) {
      additional ??= {};
      additional[key] = wire[key];
    }
  }
  for (const key of zeroRouteRequiredBooleans) route[key] ??= false;
  if (typeof wire.bearerTokenFormat === 'string' && wire.bearerTokenFormat !== '') {
    route.bearerTokenFormat = wire.bearerTokenFormat;
  }
  if (route.timeout !== undefined) route.timeout = canonicalDuration(route.timeout);
  if (route.idleTimeout !== undefined) route.idleTimeout = canonicalDuration(route.idleTimeout);
  if (isRecord(wire.healthCheck)) {
    const healthCheck = { ...wire.healthCheck };
    if (healthCheck.timeout !== undefined) healthCheck.timeout = canonicalDuration(healthCheck.timeout);
    if (healthCheck.interval !== undefined) healthCheck.interval = canonicalDuration(healthCheck.interval);
    route.healthChecks = [healthCheck];
  }
  if (wire.rewriteResponseHeaders !== undefined) {
    const rewrites = rewriteHeadersToCore(wire.rewriteResponseHeaders);
    if (rewrites) route.rewriteResponseHeaders = rewrites;
  }
  if (wire.mcp !== undefined) {
    const mcp = mcpToCore(wire.mcp);
    if (mcp) route.mcp = mcp;
  }

  const zero: ZeroRouteExtension = {
    policies: Array.isArray(wire.policies) ? (wire.policies as ZeroEntityInfo[]) : [],
    enforcedPolicies: Array.isArray(wire.enforcedPolicies) ? (wire.enforcedPolicies as ZeroEntityInfo[]) : [],
  };
  if (additional) zero.additionalFields = additional;
  const { known, unknown } = separateUnknownRouteKeys(route);
  if (Object.keys(unknown).length > 0) zero.nestedFields = unknown;
  known.extensions = { zero };
  return known as unknown as BackendRoute;
}

/** Core pointer of a nested unknown key → its place on Zero's wire (the one health check is `healthCheck`). */
export function nestedFieldOnWire(path: string): string | undefined {
  if (path.startsWith('/healthChecks/0/')) return `/healthCheck/${path.slice('/healthChecks/0/'.length)}`;
  if (path.startsWith('/healthChecks/') || path.startsWith('/rewriteResponseHeaders/')) return undefined;
  return path;
}

/**
 * Converts a core route (or create input) to Zero's `RouteProperties`: the
 * whole object a create or PUT needs. Required keys are always sent (the
 * seven booleans as `false` when unset), response-only keys never are, and
 * `extensions.zero.additionalFields` are sent back. With `previous` (the
 * route as read before a read-modify-write), every field whose core value did
 * not change is copied verbatim from it, so representations the core model
 * normalises (a PPL object, `bearerTokenFormat: ""`, nested keys it does not
 * know) survive the round trip. With `copy: false` the body reuses the
 * route's nested values instead of copying them (for a route the caller owns
 * and a body that is only serialised).
 */
export function routeToZeroRouteProperties(
  written: BackendRoute | RouteCreateInput,
  previous?: ZeroRoute,
  options: { copy?: boolean } = {},
): ZeroRoute {
  // Secrets go on the wire as plain strings (the client already hands them over revealed).
  const route = revealRouteSecrets(written);
  const source = route as unknown as Record<string, unknown>;
  // The body shares no value with `route` unless the caller owns `route` and only serialises the body.
  const copy: <T>(value: T) => T = options.copy === false ? (value) => value : structuredClone;
  assertZeroHealthChecks(route.healthChecks);
  const body: ZeroRoute = {};
  const zero = (route.extensions?.zero ?? {}) as ZeroRouteExtension;
  if (isRecord(zero.additionalFields)) {
    for (const [key, value] of Object.entries(zero.additionalFields)) {
      if (!knownWireKeys.has(key)) body[key] = copy(value);
    }
  }
  body.namespaceId = route.namespaceId;
  body.name = route.name;
  body.from = route.from;
  body.to = [...(route.to ?? [])];
  body.policyIds = [...(route.policyIds ?? [])];
  for (const key of sameShapeKeys) {
    if (source[key] !== undefined && source[key] !== null) body[key] = copy(source[key]);
  }
  for (const key of zeroRouteRequiredBooleans) body[key] = source[key] === true;
  if (route.bearerTokenFormat) body.bearerTokenFormat = route.bearerTokenFormat;
  const [healthCheck] = route.healthChecks ?? [];
  if (healthCheck) body.healthCheck = copy(healthCheck);
  if (route.rewriteResponseHeaders) body.rewriteResponseHeaders = rewriteHeadersToZero(route.rewriteResponseHeaders);
  if (route.mcp) body.mcp = mcpToZero(route.mcp);
  restoreUnknownRouteKeys(body, zero.nestedFields, nestedFieldOnWire);

  if (previous) {
    const before = zeroRouteToRoute(previous) as unknown as Record<string, unknown>;
    const after: Record<string, unknown> = { ...source, to: route.to ?? [], policyIds: route.policyIds ?? [] };
    for (const [coreKey, wireKey] of mappedFields) {
      const unchanged =
        jsonEqual(after[coreKey], before[coreKey]) ||
        (zeroRouteRequiredBooleans.includes(coreKey as never) && !after[coreKey] && !before[coreKey]);
      if (!unchanged) continue;
      if (previous[wireKey] !== undefined) body[wireKey] = structuredClone(previous[wireKey]);
      else if (!requiredWireKeys.has(wireKey)) delete body[wireKey];
    }
  }
  return body;
}
