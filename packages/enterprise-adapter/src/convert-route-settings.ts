import { create } from '@bufbuild/protobuf';
import {
  type CircuitBreakerThresholds,
  type RouteSettings,
  revealSecret,
  type SecretInput,
  type WithSecretInputs,
} from '@pomerium-unified/core';
import {
  BearerTokenFormat,
  CircuitBreakerThresholdsSchema,
  IssuerFormat,
  LoadBalancingPolicy,
  type Route as ProtoRoute,
  Route_StringListSchema,
  RouteDirectResponseSchema,
  RouteRewriteHeaderSchema,
  SessionRecordingSchema,
  UpstreamTunnelSchema,
} from '@pomerium-unified/enterprise-protos';
import { durationFromString, durationToString } from './convert-duration.js';
import { mcpFromProto, mcpToProto } from './convert-route-mcp.js';
import { definedEntries, nonEmptyList, nonEmptyMap, nonEmptyString, reverse } from './convert-route-values.js';

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

const loadBalancingPolicyNames = reverse(loadBalancingPolicies);
const bearerTokenFormatNames = reverse(bearerTokenFormats);
const issuerFormatNames = reverse(issuerFormats);

// ---------------------------------------------------------------------------
// The field table: one reader and one writer per shared route setting.

/** How one core route setting is read from and written to a console `Route`. */
export interface FieldMapping<Value> {
  read(route: ProtoRoute): Value | undefined;
  write(route: ProtoRoute, value: Value | undefined): void;
}

/** One mapping per core route setting; secret settings are read as strings (the client wraps them). */
export type SettingMappings = {
  [Key in keyof RouteSettings]-?: FieldMapping<NonNullable<WithSecretInputs<RouteSettings>[Key]>>;
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

/** A secret setting: read as the string the console returns, written revealed (a `Secret` or a string). */
function optionalSecret(key: 'kubernetesServiceAccountToken' | 'idpClientSecret'): FieldMapping<SecretInput> {
  return {
    read: (route) => route[key],
    write: (route, value) => {
      route[key] = revealSecret(value);
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

/** The mapping of every core route setting. */
export const settingMappings: SettingMappings = {
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
  kubernetesServiceAccountToken: optionalSecret('kubernetesServiceAccountToken'),
  enableGoogleCloudServerlessAuthentication: implicitBoolean('enableGoogleCloudServerlessAuthentication'),
  identityProviderClientId: optionalString('idpClientId'),
  identityProviderClientSecret: optionalSecret('idpClientSecret'),
  idpAccessTokenAllowedAudiences: optionalStringList('idpAccessTokenAllowedAudiences'),
  jwtIssuerFormat: optionalEnum('jwtIssuerFormat', issuerFormats, issuerFormatNames),
  bearerTokenFormat: optionalEnum('bearerTokenFormat', bearerTokenFormats, bearerTokenFormatNames),
  loadBalancingPolicy: optionalEnum('loadBalancingPolicy', loadBalancingPolicies, loadBalancingPolicyNames),
  // Health checks and redirect are written together with their extension fields (see routeToProto).
  // routeFromProto converts them once together with their extension fields.
  healthChecks: {
    read: () => undefined,
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
    read: () => undefined,
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

/** The core route settings, in table order. */
export const settingKeys = Object.keys(settingMappings) as (keyof RouteSettings)[];
