import { clone, create } from '@bufbuild/protobuf';
import type {
  CircuitBreakerThresholds,
  Route,
  RouteCreateInput,
  RouteHealthCheck,
  RouteMcp,
  RouteRedirect,
  RouteSettings,
} from '@pomerium-unified/core';
import { withRouteBooleanDefaults } from '@pomerium-unified/core';
import {
  BearerTokenFormat,
  CircuitBreakerThresholdsSchema,
  CodecClientType,
  type HealthCheck,
  HealthCheck_GrpcHealthCheckSchema,
  HealthCheck_HttpHealthCheckSchema,
  type HealthCheck_Payload,
  HealthCheck_PayloadSchema,
  HealthCheck_TcpHealthCheckSchema,
  HealthCheckSchema,
  Int64RangeSchema,
  IssuerFormat,
  JwtGroupsFilterSchema,
  LoadBalancingPolicy,
  type MCP,
  MCPClientSchema,
  MCPSchema,
  MCPServerSchema,
  OAuth2AuthStyle,
  OAuth2EndpointSchema,
  type Route as ProtoRoute,
  type RedirectAction,
  RedirectAction_RedirectResponseCode,
  RedirectAction_RegexMatchAndSubstituteSchema,
  RedirectActionSchema,
  Route_StringListSchema,
  RouteDirectResponseSchema,
  RouteRewriteHeaderSchema,
  RouteSchema,
  SessionRecordingSchema,
  UpstreamOAuth2Schema,
  UpstreamTunnelSchema,
} from '@pomerium-unified/enterprise-protos';
import { durationFromString, durationToString, timestampToString } from './convert-duration.js';
import { deepEqual } from './deep-equal.js';

/** Enterprise-only fields of one health check, index-aligned with `route.healthChecks`. */
export interface EnterpriseHealthCheckExtension {
  /** Random jitter added to each interval (`interval_jitter`), e.g. `1s`. */
  intervalJitter?: string;
  /** Random jitter before the first check (`initial_jitter`). */
  initialJitter?: string;
  /** Jitter as a percentage of the interval (`interval_jitter_percent`). */
  intervalJitterPercent?: number;
  /** HTTP checks: half-open status ranges that are retried (`retriable_statuses`). */
  retriableStatuses?: { start: number; end: number }[];
  /** HTTP checks: HTTP/3 as codec, which the core model cannot express. */
  http3?: boolean;
}

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
}

declare module '@pomerium-unified/core' {
  interface RouteExtensions {
    /** Enterprise-only route fields. */
    enterprise?: EnterpriseRouteExtension;
  }
}

// ---------------------------------------------------------------------------
// Enum tables.

const loadBalancingPolicies: Record<NonNullable<RouteSettings['loadBalancingPolicy']>, LoadBalancingPolicy> = {
  round_robin: LoadBalancingPolicy.ROUND_ROBIN,
  maglev: LoadBalancingPolicy.MAGLEV,
  random: LoadBalancingPolicy.RANDOM,
  ring_hash: LoadBalancingPolicy.RING_HASH,
  least_request: LoadBalancingPolicy.LEAST_REQUEST,
};

const bearerTokenFormats: Record<NonNullable<RouteSettings['bearerTokenFormat']>, BearerTokenFormat> = {
  default: BearerTokenFormat.DEFAULT,
  idp_access_token: BearerTokenFormat.IDP_ACCESS_TOKEN,
  idp_identity_token: BearerTokenFormat.IDP_IDENTITY_TOKEN,
  jwt: BearerTokenFormat.JWT,
};

const issuerFormats: Record<NonNullable<RouteSettings['jwtIssuerFormat']>, IssuerFormat> = {
  hostOnly: IssuerFormat.IssuerHostOnly,
  uri: IssuerFormat.IssuerURI,
};

/** HTTP status of a redirect ⇄ `RedirectAction.RedirectResponseCode`. */
export const redirectResponseCodes: Record<
  NonNullable<RouteRedirect['responseCode']>,
  RedirectAction_RedirectResponseCode
> = {
  301: RedirectAction_RedirectResponseCode.MOVED_PERMANENTLY,
  302: RedirectAction_RedirectResponseCode.FOUND,
  303: RedirectAction_RedirectResponseCode.SEE_OTHER,
  307: RedirectAction_RedirectResponseCode.TEMPORARY_REDIRECT,
  308: RedirectAction_RedirectResponseCode.PERMANENT_REDIRECT,
};

const authStyles: Record<'in_params' | 'in_header', OAuth2AuthStyle> = {
  in_params: OAuth2AuthStyle.OAUTH2_AUTH_STYLE_IN_PARAMS,
  in_header: OAuth2AuthStyle.OAUTH2_AUTH_STYLE_IN_HEADER,
};

function reverse<Key extends string | number, Value extends number>(table: Record<Key, Value>): Map<Value, Key> {
  return new Map(
    Object.entries(table).map(([key, value]) => [value as Value, (/^\d+$/.test(key) ? Number(key) : key) as Key]),
  );
}

const loadBalancingPolicyNames = reverse(loadBalancingPolicies);
const bearerTokenFormatNames = reverse(bearerTokenFormats);
const issuerFormatNames = reverse(issuerFormats);
const redirectStatuses = reverse(redirectResponseCodes);
const authStyleNames = reverse(authStyles);

// ---------------------------------------------------------------------------
// Small readers: implicit fields read their zero value as "unset".

function nonEmptyString(value: string): string | undefined {
  return value === '' ? undefined : value;
}

function nonEmptyList<T>(values: readonly T[]): T[] | undefined {
  return values.length > 0 ? [...values] : undefined;
}

function nonEmptyMap(values: Record<string, string>): Record<string, string> | undefined {
  return Object.keys(values).length > 0 ? { ...values } : undefined;
}

function definedEntries<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, entry]) => entry !== undefined)) as T;
}

function hexFromPayload(payload: HealthCheck_Payload): string {
  if (payload.payload.case === 'text') return payload.payload.value;
  if (payload.payload.case === 'binary') return Buffer.from(payload.payload.value).toString('hex');
  return '';
}

// ---------------------------------------------------------------------------
// Health checks.

function healthCheckFromProto(check: HealthCheck): {
  check: RouteHealthCheck;
  extension: EnterpriseHealthCheckExtension;
} {
  const common = {
    timeout: check.timeout ? durationToString(check.timeout) : '0s',
    interval: check.interval ? durationToString(check.interval) : '0s',
    healthyThreshold: check.healthyThreshold,
    unhealthyThreshold: check.unhealthyThreshold,
  };
  const extension: EnterpriseHealthCheckExtension = definedEntries({
    intervalJitter: check.intervalJitter ? durationToString(check.intervalJitter) : undefined,
    initialJitter: check.initialJitter ? durationToString(check.initialJitter) : undefined,
    intervalJitterPercent: check.intervalJitterPercent === 0 ? undefined : check.intervalJitterPercent,
  });
  const checker = check.healthChecker;
  if (checker.case === 'tcpHealthCheck') {
    const tcp = checker.value;
    return {
      check: definedEntries({
        type: 'tcp' as const,
        ...common,
        send: tcp.send ? hexFromPayload(tcp.send) : undefined,
        receive: nonEmptyList(tcp.receive.map(hexFromPayload)),
      }),
      extension,
    };
  }
  if (checker.case === 'grpcHealthCheck') {
    return {
      check: definedEntries({
        type: 'grpc' as const,
        ...common,
        serviceName: nonEmptyString(checker.value.serviceName),
        authority: nonEmptyString(checker.value.authority),
      }),
      extension,
    };
  }
  const http = checker.case === 'httpHealthCheck' ? checker.value : create(HealthCheck_HttpHealthCheckSchema);
  if (http.retriableStatuses.length > 0) {
    extension.retriableStatuses = http.retriableStatuses.map((range) => ({
      start: Number(range.start),
      end: Number(range.end),
    }));
  }
  if (http.codecClientType === CodecClientType.HTTP3) extension.http3 = true;
  return {
    check: definedEntries({
      type: 'http' as const,
      ...common,
      path: http.path,
      host: nonEmptyString(http.host),
      expectedStatuses: nonEmptyList(
        http.expectedStatuses.map((range) => ({ start: Number(range.start), end: Number(range.end) })),
      ),
      codecClientType:
        http.codecClientType === CodecClientType.HTTP2
          ? ('http2' as const)
          : http.codecClientType === CodecClientType.HTTP1
            ? undefined
            : undefined,
    }),
    extension,
  };
}

function healthCheckToProto(check: RouteHealthCheck, extension: EnterpriseHealthCheckExtension = {}): HealthCheck {
  const proto = create(HealthCheckSchema, {
    timeout: durationFromString(check.timeout),
    interval: durationFromString(check.interval),
    healthyThreshold: check.healthyThreshold,
    unhealthyThreshold: check.unhealthyThreshold,
    intervalJitterPercent: extension.intervalJitterPercent ?? 0,
  });
  if (extension.intervalJitter !== undefined) proto.intervalJitter = durationFromString(extension.intervalJitter);
  if (extension.initialJitter !== undefined) proto.initialJitter = durationFromString(extension.initialJitter);
  if (check.type === 'http') {
    const http = create(HealthCheck_HttpHealthCheckSchema, {
      path: check.path,
      host: check.host ?? '',
      expectedStatuses: (check.expectedStatuses ?? []).map((range) =>
        create(Int64RangeSchema, { start: BigInt(range.start), end: BigInt(range.end) }),
      ),
      codecClientType: extension.http3
        ? CodecClientType.HTTP3
        : check.codecClientType === 'http2'
          ? CodecClientType.HTTP2
          : CodecClientType.HTTP1,
      retriableStatuses: (extension.retriableStatuses ?? []).map((range) =>
        create(Int64RangeSchema, { start: BigInt(range.start), end: BigInt(range.end) }),
      ),
    });
    proto.healthChecker = { case: 'httpHealthCheck', value: http };
  } else if (check.type === 'tcp') {
    const tcp = create(HealthCheck_TcpHealthCheckSchema, {
      receive: (check.receive ?? []).map((text) =>
        create(HealthCheck_PayloadSchema, { payload: { case: 'text', value: text } }),
      ),
    });
    if (check.send !== undefined) {
      tcp.send = create(HealthCheck_PayloadSchema, {
        payload: check.send === '' ? { case: undefined } : { case: 'text', value: check.send },
      });
    }
    proto.healthChecker = { case: 'tcpHealthCheck', value: tcp };
  } else {
    proto.healthChecker = {
      case: 'grpcHealthCheck',
      value: create(HealthCheck_GrpcHealthCheckSchema, {
        serviceName: check.serviceName ?? '',
        authority: check.authority ?? '',
      }),
    };
  }
  return proto;
}

// ---------------------------------------------------------------------------
// Redirect.

function redirectFromProto(redirect: RedirectAction): {
  redirect: RouteRedirect;
  regexRewrite?: { pattern: string; substitution: string };
} {
  const path = redirect.pathRewriteSpecifier;
  const scheme = redirect.schemeRewriteSpecifier;
  const result: RouteRedirect = definedEntries({
    hostRedirect: nonEmptyString(redirect.hostRedirect),
    pathRedirect: path.case === 'pathRedirect' ? path.value : undefined,
    prefixRewrite: path.case === 'prefixRewrite' ? path.value : undefined,
    httpsRedirect: scheme.case === 'httpsRedirect' ? scheme.value : undefined,
    schemeRedirect: scheme.case === 'schemeRedirect' ? scheme.value : undefined,
    portRedirect: redirect.portRedirect === 0 ? undefined : redirect.portRedirect,
    responseCode:
      redirect.responseCode === RedirectAction_RedirectResponseCode.MOVED_PERMANENTLY
        ? undefined
        : redirectStatuses.get(redirect.responseCode),
    stripQuery: redirect.stripQuery ? true : undefined,
  });
  if (path.case === 'regexRewrite') {
    return { redirect: result, regexRewrite: { pattern: path.value.pattern, substitution: path.value.substitution } };
  }
  return { redirect: result };
}

function redirectToProto(
  redirect: RouteRedirect | undefined,
  regexRewrite: { pattern: string; substitution: string } | undefined,
): RedirectAction | undefined {
  if (redirect === undefined && regexRewrite === undefined) return undefined;
  const value = redirect ?? {};
  const proto = create(RedirectActionSchema, {
    hostRedirect: value.hostRedirect ?? '',
    portRedirect: value.portRedirect ?? 0,
    stripQuery: value.stripQuery ?? false,
    responseCode: redirectResponseCodes[value.responseCode ?? 301],
  });
  if (value.pathRedirect !== undefined)
    proto.pathRewriteSpecifier = { case: 'pathRedirect', value: value.pathRedirect };
  else if (value.prefixRewrite !== undefined) {
    proto.pathRewriteSpecifier = { case: 'prefixRewrite', value: value.prefixRewrite };
  } else if (regexRewrite !== undefined) {
    proto.pathRewriteSpecifier = {
      case: 'regexRewrite',
      value: create(RedirectAction_RegexMatchAndSubstituteSchema, regexRewrite),
    };
  }
  if (value.httpsRedirect !== undefined) {
    proto.schemeRewriteSpecifier = { case: 'httpsRedirect', value: value.httpsRedirect };
  } else if (value.schemeRedirect !== undefined) {
    proto.schemeRewriteSpecifier = { case: 'schemeRedirect', value: value.schemeRedirect };
  }
  return proto;
}

// ---------------------------------------------------------------------------
// MCP.

function mcpFromProto(mcp: MCP): RouteMcp | undefined {
  if (mcp.mode.case === 'client') return { client: {} };
  if (mcp.mode.case !== 'server') return undefined;
  const server = mcp.mode.value;
  const oauth2 = server.upstreamOauth2;
  return {
    server: definedEntries({
      upstreamOAuth2: oauth2
        ? definedEntries({
            clientId: oauth2.clientId,
            clientSecret: oauth2.clientSecret,
            oauth2Endpoint: oauth2.oauth2Endpoint
              ? definedEntries({
                  authUrl: nonEmptyString(oauth2.oauth2Endpoint.authUrl),
                  tokenUrl: nonEmptyString(oauth2.oauth2Endpoint.tokenUrl),
                  authStyle:
                    oauth2.oauth2Endpoint.authStyle === undefined
                      ? undefined
                      : authStyleNames.get(oauth2.oauth2Endpoint.authStyle),
                })
              : undefined,
            scopes: nonEmptyList(oauth2.scopes),
            authorizationUrlParams: nonEmptyMap(oauth2.authorizationUrlParams),
          })
        : undefined,
      maxRequestBytes: server.maxRequestBytes,
      path: server.path,
      authorizationServerUrl: server.authorizationServerUrl,
    }),
  };
}

function mcpToProto(mcp: RouteMcp): MCP {
  if ('client' in mcp) return create(MCPSchema, { mode: { case: 'client', value: create(MCPClientSchema) } });
  const server = create(
    MCPServerSchema,
    definedEntries({
      maxRequestBytes: mcp.server.maxRequestBytes,
      path: mcp.server.path,
      authorizationServerUrl: mcp.server.authorizationServerUrl,
    }),
  );
  const oauth2 = mcp.server.upstreamOAuth2;
  if (oauth2) {
    server.upstreamOauth2 = create(UpstreamOAuth2Schema, {
      clientId: oauth2.clientId,
      clientSecret: oauth2.clientSecret,
      scopes: oauth2.scopes ?? [],
      authorizationUrlParams: oauth2.authorizationUrlParams ?? {},
    });
    if (oauth2.oauth2Endpoint) {
      server.upstreamOauth2.oauth2Endpoint = create(OAuth2EndpointSchema, {
        authUrl: oauth2.oauth2Endpoint.authUrl ?? '',
        tokenUrl: oauth2.oauth2Endpoint.tokenUrl ?? '',
        ...(oauth2.oauth2Endpoint.authStyle ? { authStyle: authStyles[oauth2.oauth2Endpoint.authStyle] } : {}),
      });
    }
  }
  return create(MCPSchema, { mode: { case: 'server', value: server } });
}

// ---------------------------------------------------------------------------
// The field table: one reader and one writer per shared route setting.

interface FieldMapping<Value> {
  read(route: ProtoRoute): Value | undefined;
  write(route: ProtoRoute, value: Value | undefined): void;
}

type SettingMappings = {
  [Key in keyof RouteSettings]-?: FieldMapping<NonNullable<RouteSettings[Key]>>;
};

type OptionalStringKey = Exclude<
  {
    [Key in keyof ProtoRoute]-?: ProtoRoute[Key] extends string | undefined
      ? undefined extends ProtoRoute[Key]
        ? Key
        : never
      : never;
  }[keyof ProtoRoute],
  undefined
>;

type OptionalBooleanKey = Exclude<
  {
    [Key in keyof ProtoRoute]-?: ProtoRoute[Key] extends boolean | undefined
      ? undefined extends ProtoRoute[Key]
        ? Key
        : never
      : never;
  }[keyof ProtoRoute],
  undefined
>;

function optionalString(key: OptionalStringKey): FieldMapping<string> {
  return {
    read: (route) => route[key] as string | undefined,
    write: (route, value) => {
      (route as Record<string, unknown>)[key] = value;
    },
  };
}

function optionalBoolean(key: OptionalBooleanKey): FieldMapping<boolean> {
  return {
    read: (route) => route[key] as boolean | undefined,
    write: (route, value) => {
      (route as Record<string, unknown>)[key] = value;
    },
  };
}

function optionalDuration(key: 'timeout' | 'idleTimeout'): FieldMapping<string> {
  return {
    read: (route) => {
      const duration = route[key];
      return duration ? durationToString(duration) : undefined;
    },
    write: (route, value) => {
      route[key] = value === undefined ? undefined : durationFromString(value);
    },
  };
}

function stringMap(key: 'setRequestHeaders' | 'setResponseHeaders'): FieldMapping<Record<string, string>> {
  return {
    read: (route) => nonEmptyMap(route[key]),
    write: (route, value) => {
      route[key] = { ...(value ?? {}) };
    },
  };
}

function stringList(key: 'removeRequestHeaders' | 'dependsOn'): FieldMapping<string[]> {
  return {
    read: (route) => nonEmptyList(route[key]),
    write: (route, value) => {
      route[key] = [...(value ?? [])];
    },
  };
}

function optionalStringList(key: 'allowUpgrades' | 'idpAccessTokenAllowedAudiences'): FieldMapping<string[]> {
  return {
    read: (route) => {
      const list = route[key];
      return list ? [...list.values] : undefined;
    },
    write: (route, value) => {
      route[key] = value === undefined ? undefined : create(Route_StringListSchema, { values: value });
    },
  };
}

/**
 * An implicit proto3 bool: the console always has a value (false when never
 * set), so it reads as a boolean and `undefined` writes false.
 */
function implicitBoolean(key: 'showErrorDetails' | 'enableGoogleCloudServerlessAuthentication'): FieldMapping<boolean> {
  return {
    read: (route) => route[key],
    write: (route, value) => {
      route[key] = value ?? false;
    },
  };
}

function optionalEnum<Name extends string, Value extends number>(
  key: 'loadBalancingPolicy' | 'bearerTokenFormat' | 'jwtIssuerFormat',
  table: Record<Name, Value>,
  names: Map<Value, Name>,
): FieldMapping<Name> {
  return {
    read: (route) => {
      const value = route[key] as Value | undefined;
      return value === undefined ? undefined : names.get(value);
    },
    write: (route, value) => {
      (route as Record<string, unknown>)[key] = value === undefined ? undefined : table[value];
    },
  };
}

const settingMappings: SettingMappings = {
  description: optionalString('description'),
  logoUrl: optionalString('logoUrl'),
  prefix: optionalString('prefix'),
  path: optionalString('path'),
  regex: optionalString('regex'),
  regexPriorityOrder: {
    read: (route) => (route.regexPriorityOrder === undefined ? undefined : Number(route.regexPriorityOrder)),
    write: (route, value) => {
      route.regexPriorityOrder = value === undefined ? undefined : BigInt(value);
    },
  },
  timeout: optionalDuration('timeout'),
  idleTimeout: optionalDuration('idleTimeout'),
  allowWebsockets: optionalBoolean('allowWebsockets'),
  allowSpdy: optionalBoolean('allowSpdy'),
  allowUpgrades: optionalStringList('allowUpgrades'),
  tlsSkipVerify: optionalBoolean('tlsSkipVerify'),
  tlsUpstreamServerName: optionalString('tlsUpstreamServerName'),
  tlsDownstreamServerName: optionalString('tlsDownstreamServerName'),
  tlsUpstreamAllowRenegotiation: optionalBoolean('tlsUpstreamAllowRenegotiation'),
  tlsCustomCaKeyPairId: optionalString('tlsCustomCaKeyPairId'),
  tlsClientKeyPairId: optionalString('tlsClientKeyPairId'),
  tlsDownstreamClientCaKeyPairId: optionalString('tlsDownstreamClientCaKeyPairId'),
  setRequestHeaders: stringMap('setRequestHeaders'),
  removeRequestHeaders: stringList('removeRequestHeaders'),
  setResponseHeaders: stringMap('setResponseHeaders'),
  rewriteResponseHeaders: {
    read: (route) =>
      nonEmptyList(
        route.rewriteResponseHeaders.map((rewrite) =>
          definedEntries({
            header: rewrite.header,
            value: rewrite.value,
            prefix: rewrite.matcher.case === 'prefix' ? rewrite.matcher.value : undefined,
          }),
        ),
      ),
    write: (route, value) => {
      route.rewriteResponseHeaders = (value ?? []).map((rewrite) =>
        create(RouteRewriteHeaderSchema, {
          header: rewrite.header,
          value: rewrite.value,
          matcher: rewrite.prefix === undefined ? { case: undefined } : { case: 'prefix', value: rewrite.prefix },
        }),
      );
    },
  },
  preserveHostHeader: optionalBoolean('preserveHostHeader'),
  passIdentityHeaders: optionalBoolean('passIdentityHeaders'),
  showErrorDetails: implicitBoolean('showErrorDetails'),
  hostRewrite: optionalString('hostRewrite'),
  hostRewriteHeader: optionalString('hostRewriteHeader'),
  hostPathRegexRewritePattern: optionalString('hostPathRegexRewritePattern'),
  hostPathRegexRewriteSubstitution: optionalString('hostPathRegexRewriteSubstitution'),
  prefixRewrite: optionalString('prefixRewrite'),
  regexRewritePattern: optionalString('regexRewritePattern'),
  regexRewriteSubstitution: optionalString('regexRewriteSubstitution'),
  kubernetesServiceAccountToken: optionalString('kubernetesServiceAccountToken'),
  enableGoogleCloudServerlessAuthentication: implicitBoolean('enableGoogleCloudServerlessAuthentication'),
  identityProviderClientId: optionalString('idpClientId'),
  identityProviderClientSecret: optionalString('idpClientSecret'),
  idpAccessTokenAllowedAudiences: optionalStringList('idpAccessTokenAllowedAudiences'),
  jwtIssuerFormat: optionalEnum('jwtIssuerFormat', issuerFormats, issuerFormatNames),
  bearerTokenFormat: optionalEnum('bearerTokenFormat', bearerTokenFormats, bearerTokenFormatNames),
  loadBalancingPolicy: optionalEnum('loadBalancingPolicy', loadBalancingPolicies, loadBalancingPolicyNames),
  // Health checks and redirect are written together with their extension fields (see routeToProto).
  healthChecks: {
    read: (route) => nonEmptyList(route.healthChecks.map((check) => healthCheckFromProto(check).check)),
    write: () => {},
  },
  healthyPanicThreshold: {
    read: (route) => route.healthyPanicThreshold,
    write: (route, value) => {
      route.healthyPanicThreshold = value;
    },
  },
  circuitBreakerThresholds: {
    read: (route) => {
      const thresholds = route.circuitBreakerThresholds;
      if (!thresholds) return undefined;
      const value: CircuitBreakerThresholds = definedEntries({
        maxConnections: thresholds.maxConnections,
        maxPendingRequests: thresholds.maxPendingRequests,
        maxRequests: thresholds.maxRequests,
        maxRetries: thresholds.maxRetries,
        maxConnectionPools: thresholds.maxConnectionPools,
      });
      return value;
    },
    write: (route, value) => {
      route.circuitBreakerThresholds =
        value === undefined ? undefined : create(CircuitBreakerThresholdsSchema, definedEntries({ ...value }));
    },
  },
  dependsOn: stringList('dependsOn'),
  redirect: {
    read: (route) => (route.redirect ? redirectFromProto(route.redirect).redirect : undefined),
    write: () => {},
  },
  response: {
    read: (route) => (route.response ? { status: route.response.status, body: route.response.body } : undefined),
    write: (route, value) => {
      route.response = value === undefined ? undefined : create(RouteDirectResponseSchema, value);
    },
  },
  mcp: {
    read: (route) => (route.mcp ? mcpFromProto(route.mcp) : undefined),
    write: (route, value) => {
      route.mcp = value === undefined ? undefined : mcpToProto(value);
    },
  },
  upstreamTunnel: {
    read: (route) =>
      route.upstreamTunnel ? definedEntries({ sshPolicyId: route.upstreamTunnel.sshPolicyId }) : undefined,
    write: (route, value) => {
      route.upstreamTunnel =
        value === undefined ? undefined : create(UpstreamTunnelSchema, definedEntries({ ...value }));
    },
  },
  sessionRecording: {
    read: (route) => (route.sessionRecording ? definedEntries({ enabled: route.sessionRecording.enabled }) : undefined),
    write: (route, value) => {
      route.sessionRecording =
        value === undefined ? undefined : create(SessionRecordingSchema, definedEntries({ ...value }));
    },
  },
  originatorId: {
    read: (route) => nonEmptyString(route.originatorId),
    write: (route, value) => {
      route.originatorId = value ?? '';
    },
  },
};

const settingKeys = Object.keys(settingMappings) as (keyof RouteSettings)[];

// ---------------------------------------------------------------------------
// Extension.

function readExtension(route: ProtoRoute): EnterpriseRouteExtension {
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
  if (route.redirect) {
    const { regexRewrite } = redirectFromProto(route.redirect);
    if (regexRewrite) extension.redirectRegexRewrite = regexRewrite;
  }
  const checks = route.healthChecks.map((check) => healthCheckFromProto(check).extension);
  if (checks.some((check) => Object.keys(check).length > 0)) extension.healthChecks = checks;
  if (route.statName !== '') extension.statName = route.statName;
  const policyNames = nonEmptyList(route.policyNames);
  if (policyNames) extension.policyNames = policyNames;
  const enforcedPolicyNames = nonEmptyList(route.enforcedPolicyNames);
  if (enforcedPolicyNames) extension.enforcedPolicyNames = enforcedPolicyNames;
  if (route.namespaceName !== '') extension.namespaceName = route.namespaceName;
  return extension;
}

// ---------------------------------------------------------------------------
// Public conversions.

/**
 * Converts a console `Route` into the core model. Implicit proto3 strings and
 * numbers read their zero value (`""`, `0`) as unset, implicit bools read as
 * booleans; Enterprise-only and computed
 * fields go to `extensions.enterprise`; enforced policies stay apart from the
 * assigned `policyIds`.
 */
export function routeFromProto(route: ProtoRoute): Route {
  const settings: Record<string, unknown> = {};
  for (const key of settingKeys) {
    const value = settingMappings[key].read(route);
    if (value !== undefined) settings[key] = value;
  }
  return {
    ...withRouteBooleanDefaults(settings as RouteSettings),
    id: route.id,
    namespaceId: route.namespaceId,
    name: route.name,
    from: route.from,
    to: [...route.to],
    policyIds: [...route.policyIds],
    enforcedPolicyIds: [...route.enforcedPolicyIds],
    createdAt: timestampToString(route.createdAt),
    updatedAt: timestampToString(route.modifiedAt),
    extensions: { enterprise: readExtension(route) },
  };
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
 * console owns them; `stat_name` is kept as read.
 */
export function routeToProto(route: RouteWrite, base?: ProtoRoute): ProtoRoute {
  const next = base ? clone(RouteSchema, base) : create(RouteSchema);
  // On create nothing is stored yet: every value the caller gave is written, even a default such as false.
  const before: Pick<Route, 'extensions'> & Partial<Route> = base ? routeFromProto(next) : { extensions: {} };
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
