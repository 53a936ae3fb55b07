import { Secret } from './secret.js';

/** The top-level route settings that hold secrets. */
export const routeSecretKeys = ['identityProviderClientSecret', 'kubernetesServiceAccountToken'] as const;

type Mapper = (value: unknown) => unknown;

function mapRouteSecrets<T>(route: T, map: Mapper): T {
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
  if (oauth2 !== undefined && oauth2 !== null && oauth2.clientSecret !== undefined) {
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
export function wrapRouteSecrets<T>(route: T): T {
  return mapRouteSecrets(route, (value) => (typeof value === 'string' ? Secret.of(value) : value));
}

/**
 * A copy of a route input or patch whose secret settings are plain strings
 * (`reveal()`ed). The client applies it before calling a backend, so route
 * secrets reach backends as strings, as they always have (still registered for
 * redaction). A masked Secret, whose value is unknown, is left out.
 */
export function revealRouteSecrets<T>(route: T): T {
  const masked = Symbol('masked');
  const revealed = mapRouteSecrets(route, (value) => {
    if (!Secret.isSecret(value)) return value;
    return value.masked ? masked : value.reveal();
  }) as Record<string, unknown>;
  if (revealed === (route as unknown)) return route;
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
