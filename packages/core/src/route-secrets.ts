import type { Route } from './model.js';
import { Secret, type SecretInput } from './secret.js';

/** The top-level route settings that hold secrets. */
export const routeSecretKeys = ['identityProviderClientSecret', 'kubernetesServiceAccountToken'] as const;

/** Every route setting that holds a secret, as a dotted path. */
export const routeSecretPaths = [...routeSecretKeys, 'mcp.server.upstreamOAuth2.clientSecret'] as const;

/** `T` with every {@link Secret} it holds (at any depth) widened to a {@link SecretInput} (`string | Secret`). */
export type WithSecretInputs<T> = T extends Secret
  ? SecretInput
  : T extends readonly (infer Item)[]
    ? WithSecretInputs<Item>[]
    : T extends object
      ? { [Key in keyof T]: WithSecretInputs<T[Key]> }
      : T;

/**
 * A route as a backend returns it: its secret settings may be plain strings
 * (backends written before route secrets became {@link Secret}s) or Secrets; the
 * client wraps strings in Secrets before a caller sees the route.
 */
export type BackendRoute = WithSecretInputs<Route>;

/**
 * A copy of a route, route input or patch with `map` applied to each secret
 * setting that is present (`identityProviderClientSecret`,
 * `kubernetesServiceAccountToken`, `mcp.server.upstreamOAuth2.clientSecret`);
 * `route` itself when nothing changes. The copy is shallow except along the
 * path of the MCP secret.
 */
export function mapRouteSecrets<T>(route: T, map: (value: unknown) => unknown): T {
  if (typeof route !== 'object' || route === null || Array.isArray(route)) return route;
  const source = route as Record<string, unknown>;
  let copy: Record<string, unknown> | undefined;
  for (const key of routeSecretKeys) {
    if (source[key] === undefined || source[key] === null) continue;
    const mapped = map(source[key]);
    if (mapped !== source[key]) {
      copy ??= { ...source };
      copy[key] = mapped;
    }
  }
  const mcp = source.mcp as { server?: { upstreamOAuth2?: { clientSecret?: unknown } } } | null | undefined;
  const oauth2 = mcp?.server?.upstreamOAuth2;
  if (typeof oauth2 === 'object' && oauth2 !== null && oauth2.clientSecret !== undefined) {
    const mapped = map(oauth2.clientSecret);
    if (mapped !== oauth2.clientSecret) {
      copy ??= { ...source };
      copy.mcp = { ...mcp, server: { ...mcp?.server, upstreamOAuth2: { ...oauth2, clientSecret: mapped } } };
    }
  }
  return (copy ?? source) as T;
}

/**
 * A copy of a route, route input or patch whose secret settings
 * (`identityProviderClientSecret`, `kubernetesServiceAccountToken`,
 * `mcp.server.upstreamOAuth2.clientSecret`) are {@link Secret}s: strings are
 * wrapped (and registered for redaction). The client applies it to every route a
 * backend returns.
 */
export function wrapRouteSecrets(route: BackendRoute): Route;
export function wrapRouteSecrets<T>(route: T): T;
export function wrapRouteSecrets<T>(route: T): T {
  return mapRouteSecrets(route, (value) => (typeof value === 'string' ? Secret.of(value) : value));
}

/** Holds the Secrets a revealed copy came from, so their values stay registered for redaction while it lives. */
const revealedFrom = Symbol('pomerium-unified.revealedFrom');

/**
 * A copy of a route input or patch whose secret settings are plain strings
 * (`reveal()`ed). The client applies it before calling a backend, so route
 * secrets reach backends as strings, as they always have. The copy keeps the
 * Secrets it came from (in a hidden, non-enumerable property), so their values
 * stay registered for redaction as long as the copy is in use: an error a
 * server answers with the value echoed is still redacted. A masked Secret,
 * whose value is unknown, is left out.
 */
export function revealRouteSecrets<T>(route: T): T {
  const masked = Symbol('masked');
  const secrets: Secret[] = [];
  const revealed = mapRouteSecrets(route, (value) => {
    if (!Secret.isSecret(value)) return value;
    secrets.push(value);
    return value.masked ? masked : value.reveal();
  }) as Record<string, unknown>;
  if (revealed === (route as unknown)) return route;
  Object.defineProperty(revealed, revealedFrom, { value: secrets });
  for (const key of routeSecretKeys) if (revealed[key] === masked) delete revealed[key];
  const oauth2 = (revealed.mcp as { server?: { upstreamOAuth2?: Record<string, unknown> } } | undefined)?.server
    ?.upstreamOAuth2;
  if (oauth2?.clientSecret === masked) delete oauth2.clientSecret;
  return revealed as T;
}

/** A copy of plain data that keeps {@link Secret}s as they are (`structuredClone` would drop their value). */
export function cloneWithSecrets<T>(value: T): T {
  if (Secret.isSecret(value)) return value;
  if (Array.isArray(value)) return value.map((item) => cloneWithSecrets(item)) as T;
  if (typeof value === 'object' && value !== null) {
    const copy: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) copy[key] = cloneWithSecrets(item);
    return copy as T;
  }
  return value;
}

const maskedForComparison = { '\u0000masked secret': true } as const;

/**
 * A copy of plain data for comparisons only: each known {@link Secret} becomes
 * its value (so a Secret equals the same value as a string), a masked Secret a
 * marker object (equal to other masked Secrets only). Never log or return it.
 */
export function revealSecretsForComparison(value: unknown): unknown {
  if (Secret.isSecret(value)) return value.masked ? maskedForComparison : value.reveal();
  if (Array.isArray(value)) return value.map(revealSecretsForComparison);
  if (typeof value === 'object' && value !== null) {
    const copy: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) copy[key] = revealSecretsForComparison(item);
    return copy;
  }
  return value;
}
