import { describeInvalidId } from './input-limits.js';
import { bearerTokenFormats, isUrlWithHost, loadBalancingPolicies } from './route-schema.js';

/**
 * Fast paths of `routeCreateInputSchema` and `routeUpdatePatchSchema` for the
 * common case: plain checks over a snapshot (plain data, see `snapshotInput`)
 * that return exactly what the zod schema would, or `undefined` whenever the
 * input holds anything they do not cover (secrets, nested settings, unknown
 * keys, any value they do not accept): zod then decides and names the field.
 * So a refusal, and every rare setting, still goes through the schema.
 * `fast-route-input.test.ts` checks the equality property against zod.
 */

type Check = (value: unknown) => boolean;

const durationPattern = /^(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+$/;
/** Integers the fast path accepts for `z.number().int()`; anything larger goes to zod. */
const intLimit = 2 ** 31;

const isString: Check = (value) => typeof value === 'string';
const isBoolean: Check = (value) => typeof value === 'boolean';
const isInt: Check = (value) => Number.isInteger(value) && Math.abs(value as number) < intLimit;
const isDuration: Check = (value) => typeof value === 'string' && durationPattern.test(value);
const isId: Check = (value) => describeInvalidId(value) === undefined;
const isUrl: Check = (value) => typeof value === 'string' && isUrlWithHost(value);
const arrayOf =
  (item: Check): Check =>
  (value) =>
    Array.isArray(value) && value.every(item);
const oneOf = (values: readonly string[]): Check => {
  const set = new Set<unknown>(values);
  return (value) => set.has(value);
};
const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const isStringRecord: Check = (value) => isPlainObject(value) && Object.values(value).every(isString);

/** The shared route settings the fast path covers, with their plain checks (each equal to its zod schema). */
const settingChecks: Record<string, Check> = {
  description: isString,
  logoUrl: isString,
  prefix: isString,
  path: isString,
  regex: isString,
  regexPriorityOrder: isInt,
  timeout: isDuration,
  idleTimeout: isDuration,
  allowWebsockets: isBoolean,
  allowSpdy: isBoolean,
  allowUpgrades: arrayOf(isString),
  tlsSkipVerify: isBoolean,
  tlsUpstreamServerName: isString,
  tlsDownstreamServerName: isString,
  tlsUpstreamAllowRenegotiation: isBoolean,
  tlsCustomCaKeyPairId: isString,
  tlsClientKeyPairId: isString,
  tlsDownstreamClientCaKeyPairId: isString,
  setRequestHeaders: isStringRecord,
  removeRequestHeaders: arrayOf(isString),
  setResponseHeaders: isStringRecord,
  preserveHostHeader: isBoolean,
  passIdentityHeaders: isBoolean,
  showErrorDetails: isBoolean,
  hostRewrite: isString,
  hostRewriteHeader: isString,
  hostPathRegexRewritePattern: isString,
  hostPathRegexRewriteSubstitution: isString,
  prefixRewrite: isString,
  regexRewritePattern: isString,
  regexRewriteSubstitution: isString,
  enableGoogleCloudServerlessAuthentication: isBoolean,
  identityProviderClientId: isString,
  idpAccessTokenAllowedAudiences: arrayOf(isString),
  jwtIssuerFormat: oneOf(['hostOnly', 'uri']),
  bearerTokenFormat: oneOf(bearerTokenFormats),
  loadBalancingPolicy: oneOf(loadBalancingPolicies),
  healthyPanicThreshold: (value) => Number.isInteger(value) && (value as number) >= 0 && (value as number) <= 100,
  dependsOn: arrayOf(isString),
  originatorId: isString,
};

/** `name`: trimmed, then 1 to 256 characters; the trimmed value is the output, as with zod's `.trim()`. */
function parseName(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  return trimmed.length >= 1 && trimmed.length <= 256 ? trimmed : undefined;
}

/**
 * Checks `snapshot` key by key; returns the parsed copy, or undefined to defer to zod.
 * `nullableSettings`: a patch, where a shared setting may be `null` (cleared).
 */
function parseRoute(snapshot: unknown, nullableSettings: boolean): Record<string, unknown> | undefined {
  if (!isPlainObject(snapshot)) return undefined;
  const output: Record<string, unknown> = {};
  for (const key of Object.keys(snapshot)) {
    const value = snapshot[key];
    switch (key) {
      case 'namespaceId':
        // Not part of a patch: zod refuses it there.
        if (nullableSettings || !isId(value)) return undefined;
        output[key] = value;
        continue;
      case 'name': {
        const name = parseName(value);
        if (name === undefined) return undefined;
        output[key] = name;
        continue;
      }
      case 'from':
        if (!isUrl(value)) return undefined;
        output[key] = value;
        continue;
      case 'to':
        if (!arrayOf(isUrl)(value)) return undefined;
        output[key] = [...(value as unknown[])];
        continue;
      case 'policyIds':
        if (!arrayOf(isId)(value)) return undefined;
        output[key] = [...(value as unknown[])];
        continue;
      case 'extensions':
        if (!isPlainObject(value)) return undefined;
        output[key] = { ...value };
        continue;
    }
    const check = Object.hasOwn(settingChecks, key) ? settingChecks[key] : undefined;
    if (check === undefined) return undefined;
    if (value === null && nullableSettings) {
      output[key] = null;
      continue;
    }
    if (!check(value)) return undefined;
    output[key] = Array.isArray(value) ? [...value] : isPlainObject(value) ? { ...value } : value;
  }
  // A create needs its three required keys; without them zod names the missing one.
  if (!nullableSettings && (output.namespaceId === undefined || output.name === undefined || output.from === undefined))
    return undefined;
  return output;
}

/** What `routeCreateInputSchema` returns for `snapshot`, or undefined when only zod can tell. */
export function parseRouteCreateInputFast(snapshot: unknown): Record<string, unknown> | undefined {
  return parseRoute(snapshot, false);
}

/** What `routeUpdatePatchSchema` returns for `snapshot`, or undefined when only zod can tell. */
export function parseRouteUpdatePatchFast(snapshot: unknown): Record<string, unknown> | undefined {
  return parseRoute(snapshot, true);
}
