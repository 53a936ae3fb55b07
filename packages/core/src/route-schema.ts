import * as z from 'zod';
import { idSchema } from './input-limits.js';
import { Secret } from './secret.js';

/** A Go-style duration string such as `30s`, `1m30s`, `250ms` or `1.5h`. */
export const durationSchema = z
  .string()
  .regex(/^(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+$/, 'must be a duration such as "30s", "1m30s" or "250ms"');

const nonEmptyString = z.string().trim().min(1, 'must not be empty');

/**
 * A route secret setting: a string (empty allowed, as routes always took) or a
 * `Secret` with a known value, parsed into a `Secret`. A masked Secret is
 * refused: its value is unknown. Messages never contain the value.
 */
const routeSecretSchema = z
  .union([z.string(), z.custom<Secret>((value) => Secret.isSecret(value), 'must be a string or a Secret')])
  .refine((value) => typeof value === 'string' || !value.masked, {
    message: 'is a masked secret (its value is unknown) and cannot be written',
  })
  .transform((value) => Secret.from(value));
const uint32 = z.number().int().min(0).max(4_294_967_295);

/** Whether `value` parses as an absolute URL with a scheme and a host (the rule of {@link urlSchema}). */
export function isUrlWithHost(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol.length > 1 && url.host.length > 0;
  } catch {
    return false;
  }
}

/** An absolute URL with a scheme and a host, as Pomerium expects in `from` and `to`. */
export const urlSchema = z
  .string()
  .refine(isUrlWithHost, { message: 'must be an absolute URL with a scheme and a host, e.g. https://app.example.com' });

/** The name of a route, policy or namespace: non-empty, at most 256 characters. */
export const nameSchema = nonEmptyString.max(256, 'must be at most 256 characters');

/** A header rewrite applied to upstream responses. */
export const routeRewriteHeaderSchema = z.strictObject({
  /** The response header to rewrite. */
  header: nonEmptyString,
  /** The replacement value. */
  value: z.string(),
  /** Only rewrite values that start with this prefix. */
  prefix: z.string().optional(),
});

/** A fixed response served by Pomerium instead of proxying. */
export const routeDirectResponseSchema = z.strictObject({
  /** HTTP status code. */
  status: z.number().int().min(100).max(599),
  /** Response body. */
  body: z.string(),
});

/** A redirect served by Pomerium instead of proxying. */
export const routeRedirectSchema = z.strictObject({
  /** Replace the host. */
  hostRedirect: z.string().optional(),
  /** Replace the whole path. Exclusive with `prefixRewrite`. */
  pathRedirect: z.string().optional(),
  /** Replace the matched prefix. Exclusive with `pathRedirect`. */
  prefixRewrite: z.string().optional(),
  /** Switch the scheme to https. Exclusive with `schemeRedirect`. */
  httpsRedirect: z.boolean().optional(),
  /** Replace the scheme. Exclusive with `httpsRedirect`. */
  schemeRedirect: z.string().optional(),
  /** Replace the port. */
  portRedirect: uint32.optional(),
  /** The HTTP status of the redirect; 301 when unset. */
  responseCode: z.union([z.literal(301), z.literal(302), z.literal(303), z.literal(307), z.literal(308)]).optional(),
  /** Drop the query string. */
  stripQuery: z.boolean().optional(),
});

/** Connection limits for the upstream cluster. */
export const circuitBreakerThresholdsSchema = z.strictObject({
  /** Maximum connections. */
  maxConnections: uint32.optional(),
  /** Maximum pending requests. */
  maxPendingRequests: uint32.optional(),
  /** Maximum parallel requests. */
  maxRequests: uint32.optional(),
  /** Maximum parallel retries. */
  maxRetries: uint32.optional(),
  /** Maximum connection pools. */
  maxConnectionPools: uint32.optional(),
});

const healthCheckCommon = {
  /** Time to wait for a health check response. */
  timeout: durationSchema,
  /** Time between health checks. */
  interval: durationSchema,
  /** Successes needed to mark a host healthy. */
  healthyThreshold: uint32.min(1),
  /** Failures needed to mark a host unhealthy. */
  unhealthyThreshold: uint32.min(1),
};

/** An active upstream health check (http, tcp or grpc). */
export const routeHealthCheckSchema = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('http'),
    ...healthCheckCommon,
    /** Path requested. */
    path: nonEmptyString,
    /** Host header sent. */
    host: z.string().optional(),
    /** Half-open status ranges that count as healthy (default 200 only). */
    expectedStatuses: z
      .array(z.strictObject({ start: z.number().int().min(100).max(599), end: z.number().int().min(101).max(600) }))
      .optional(),
    /** HTTP version used for the check. */
    codecClientType: z.enum(['http1', 'http2']).optional(),
  }),
  z.strictObject({
    type: z.literal('tcp'),
    ...healthCheckCommon,
    /** Hex-encoded payload sent; empty means connect only. */
    send: z
      .string()
      .regex(/^[0-9a-fA-F]*$/, 'must be hex')
      .optional(),
    /** Hex-encoded payloads expected, in order. */
    receive: z.array(z.string().regex(/^[0-9a-fA-F]+$/, 'must be hex')).optional(),
  }),
  z.strictObject({
    type: z.literal('grpc'),
    ...healthCheckCommon,
    /** Service name sent in the grpc.health.v1 request. */
    serviceName: z.string().optional(),
    /** Authority header sent. */
    authority: z.string().optional(),
  }),
]);

/** OAuth2 settings for an MCP server route's upstream. */
export const upstreamOAuth2Schema = z.strictObject({
  /** OAuth2 client id. */
  clientId: z.string(),
  /** OAuth2 client secret: a string or a `Secret` in, a `Secret` out. */
  clientSecret: routeSecretSchema,
  /** OAuth2 endpoints. */
  oauth2Endpoint: z
    .strictObject({
      authUrl: z.string().optional(),
      tokenUrl: z.string().optional(),
      authStyle: z.enum(['in_params', 'in_header']).optional(),
    })
    .optional(),
  /** Scopes requested. */
  scopes: z.array(z.string()).optional(),
  /** Extra query parameters for the authorization URL. */
  authorizationUrlParams: z.record(z.string(), z.string()).optional(),
});

/** Experimental Model Context Protocol settings: the route is an MCP server or an MCP client. */
export const routeMcpSchema = z.union([
  z.strictObject({
    server: z.strictObject({
      upstreamOAuth2: upstreamOAuth2Schema.optional(),
      maxRequestBytes: uint32.optional(),
      path: z.string().optional(),
      authorizationServerUrl: z.string().optional(),
    }),
  }),
  z.strictObject({ client: z.strictObject({}) }),
]);

/** Load balancing policy values, as written in Pomerium configuration. */
export const loadBalancingPolicies = ['round_robin', 'maglev', 'random', 'ring_hash', 'least_request'] as const;

/** Bearer token format values, as written in Pomerium configuration. */
export const bearerTokenFormats = ['default', 'idp_access_token', 'idp_identity_token', 'jwt'] as const;

/**
 * Every route setting that both Pomerium Zero and Pomerium Enterprise know, with
 * the same meaning. All are optional; unset means "backend default".
 */
export const routeSettingsShape = {
  /** Human-readable description. */
  description: z.string().optional(),
  /** URL of a logo shown in the route portal. */
  logoUrl: z.string().optional(),
  /** Match only requests whose path starts with this prefix. */
  prefix: z.string().optional(),
  /** Match only requests with exactly this path. */
  path: z.string().optional(),
  /** Match only requests whose path matches this regular expression. */
  regex: z.string().optional(),
  /** Priority among regex routes; higher wins. */
  regexPriorityOrder: z.number().int().optional(),
  /** Upstream request timeout. */
  timeout: durationSchema.optional(),
  /** Upstream idle timeout. */
  idleTimeout: durationSchema.optional(),
  /** Allow websocket upgrades. */
  allowWebsockets: z.boolean().optional(),
  /** Allow SPDY upgrades. */
  allowSpdy: z.boolean().optional(),
  /** Other upgrade protocols allowed (e.g. `CONNECT-UDP`). */
  allowUpgrades: z.array(z.string()).optional(),
  /** Skip verification of the upstream certificate. */
  tlsSkipVerify: z.boolean().optional(),
  /** SNI sent to the upstream. */
  tlsUpstreamServerName: z.string().optional(),
  /** SNI expected from downstream clients. */
  tlsDownstreamServerName: z.string().optional(),
  /** Allow TLS renegotiation with the upstream. */
  tlsUpstreamAllowRenegotiation: z.boolean().optional(),
  /** Key pair id of a custom CA for the upstream. */
  tlsCustomCaKeyPairId: z.string().optional(),
  /** Key pair id of the client certificate presented to the upstream. */
  tlsClientKeyPairId: z.string().optional(),
  /** Key pair id of the CA that verifies downstream client certificates. */
  tlsDownstreamClientCaKeyPairId: z.string().optional(),
  /** Headers set on upstream requests. */
  setRequestHeaders: z.record(z.string(), z.string()).optional(),
  /** Headers removed from upstream requests. */
  removeRequestHeaders: z.array(z.string()).optional(),
  /** Headers set on responses. */
  setResponseHeaders: z.record(z.string(), z.string()).optional(),
  /** Response header rewrites. */
  rewriteResponseHeaders: z.array(routeRewriteHeaderSchema).optional(),
  /** Keep the original Host header. */
  preserveHostHeader: z.boolean().optional(),
  /** Pass identity headers (X-Pomerium-Jwt-Assertion, …) to the upstream. */
  passIdentityHeaders: z.boolean().optional(),
  /** Show error details on error pages. */
  showErrorDetails: z.boolean().optional(),
  /** Rewrite the Host header to this value. */
  hostRewrite: z.string().optional(),
  /** Rewrite the Host header from this request header. */
  hostRewriteHeader: z.string().optional(),
  /** Rewrite the Host header from the path: pattern. */
  hostPathRegexRewritePattern: z.string().optional(),
  /** Rewrite the Host header from the path: substitution. */
  hostPathRegexRewriteSubstitution: z.string().optional(),
  /** Replace the matched prefix before proxying. */
  prefixRewrite: z.string().optional(),
  /** Rewrite the path with a regex: pattern. */
  regexRewritePattern: z.string().optional(),
  /** Rewrite the path with a regex: substitution. */
  regexRewriteSubstitution: z.string().optional(),
  /** Kubernetes service account token sent upstream: a string or a `Secret` in, a `Secret` out. */
  kubernetesServiceAccountToken: routeSecretSchema.optional(),
  /** Add Google Cloud serverless authentication. */
  enableGoogleCloudServerlessAuthentication: z.boolean().optional(),
  /** Per-route identity provider client id. */
  identityProviderClientId: z.string().optional(),
  /** Per-route identity provider client secret: a string or a `Secret` in, a `Secret` out. */
  identityProviderClientSecret: routeSecretSchema.optional(),
  /** Audiences accepted for IdP access tokens. */
  idpAccessTokenAllowedAudiences: z.array(z.string()).optional(),
  /** Issuer format of the Pomerium JWT: host only or full URI. */
  jwtIssuerFormat: z.enum(['hostOnly', 'uri']).optional(),
  /** Bearer token handling. */
  bearerTokenFormat: z.enum(bearerTokenFormats).optional(),
  /** Upstream load balancing policy. */
  loadBalancingPolicy: z.enum(loadBalancingPolicies).optional(),
  /** Active health checks. Zero keeps at most one per route. */
  healthChecks: z.array(routeHealthCheckSchema).optional(),
  /** Percentage of healthy hosts below which load balancing ignores health; 0 disables. */
  healthyPanicThreshold: z.number().int().min(0).max(100).optional(),
  /** Upstream circuit breaker limits. */
  circuitBreakerThresholds: circuitBreakerThresholdsSchema.optional(),
  /** Additional hosts signed in together with this route. */
  dependsOn: z.array(z.string()).optional(),
  /** Serve this redirect instead of proxying. */
  redirect: routeRedirectSchema.optional(),
  /** Serve this fixed response instead of proxying. */
  response: routeDirectResponseSchema.optional(),
  /** Experimental MCP settings. */
  mcp: routeMcpSchema.optional(),
  /** SSH tunnel to the upstream. */
  upstreamTunnel: z.strictObject({ sshPolicyId: z.string().optional() }).optional(),
  /** Session recording. */
  sessionRecording: z.strictObject({ enabled: z.boolean().optional() }).optional(),
  /** Id of the system that created the route, when it was not a person. */
  originatorId: z.string().optional(),
};

/** Backend-specific fields carried along so that nothing is lost on a read-modify-write. */
export const extensionsSchema = z.record(z.string(), z.unknown());

/** Input of `client.routes.create()`. */
export const routeCreateInputSchema = z.strictObject({
  /** The namespace the route lives in. */
  namespaceId: idSchema,
  /** Display name. */
  name: nameSchema,
  /** External URL users reach, e.g. `https://app.example.com`. */
  from: urlSchema,
  /** Upstream URLs. May be empty when `redirect` or `response` is set. */
  to: z.array(urlSchema).optional(),
  /** Ids of the policies assigned to the route. */
  policyIds: z.array(idSchema).optional(),
  ...routeSettingsShape,
  /** Backend-specific fields, keyed by backend name. */
  extensions: extensionsSchema.optional(),
});

function nullable<T extends Record<string, z.ZodType>>(shape: T) {
  const entries = Object.entries(shape).map(([key, schema]) => [key, (schema as z.ZodType).nullable().optional()]);
  return Object.fromEntries(entries) as {
    [K in keyof T]: z.ZodOptional<z.ZodNullable<T[K]>>;
  };
}

/**
 * Input of `client.routes.update()`: a partial patch. A key left out keeps its
 * value; a setting set to `null` is cleared back to the backend default.
 */
export const routeUpdatePatchSchema = z.strictObject({
  name: nameSchema.optional(),
  from: urlSchema.optional(),
  to: z.array(urlSchema).optional(),
  policyIds: z.array(idSchema).optional(),
  ...nullable(routeSettingsShape),
  extensions: extensionsSchema.optional(),
});

/** Route settings shared by Zero and Enterprise. */
export type RouteSettings = z.infer<z.ZodObject<typeof routeSettingsShape>>;
/** A redirect served instead of proxying. */
export type RouteRedirect = z.infer<typeof routeRedirectSchema>;
/** A fixed response served instead of proxying. */
export type RouteDirectResponse = z.infer<typeof routeDirectResponseSchema>;
/** A response header rewrite. */
export type RouteRewriteHeader = z.infer<typeof routeRewriteHeaderSchema>;
/** An active upstream health check. */
export type RouteHealthCheck = z.infer<typeof routeHealthCheckSchema>;
/** Upstream circuit breaker limits. */
export type CircuitBreakerThresholds = z.infer<typeof circuitBreakerThresholdsSchema>;
/** Experimental MCP settings. */
export type RouteMcp = z.infer<typeof routeMcpSchema>;
/** Upstream load balancing policy. */
export type LoadBalancingPolicy = (typeof loadBalancingPolicies)[number];
/** Bearer token format. */
export type BearerTokenFormat = (typeof bearerTokenFormats)[number];
/** Input of `client.routes.create()`. */
export type RouteCreateInput = z.input<typeof routeCreateInputSchema>;
/** Input of `client.routes.update()`. */
export type RouteUpdatePatch = z.input<typeof routeUpdatePatchSchema>;
