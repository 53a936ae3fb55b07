import type { FakeZeroJson } from './fake-zero-state.js';

type FieldType = 'string' | 'boolean' | 'integer' | 'string[]' | 'object' | 'object[]' | 'stringMap' | 'ppl';

const routeRequired: Record<string, FieldType> = {
  namespaceId: 'string',
  name: 'string',
  from: 'string',
  policyIds: 'string[]',
  allowSpdy: 'boolean',
  allowWebsockets: 'boolean',
  enableGoogleCloudServerlessAuthentication: 'boolean',
  preserveHostHeader: 'boolean',
  showErrorDetails: 'boolean',
  tlsSkipVerify: 'boolean',
  tlsUpstreamAllowRenegotiation: 'boolean',
};

const routeOptional: Record<string, FieldType> = {
  to: 'string[]',
  allowUpgrades: 'string[]',
  bearerTokenFormat: 'string',
  circuitBreakerThresholds: 'object',
  dependsOn: 'string[]',
  description: 'string',
  healthCheck: 'object',
  healthyPanicThreshold: 'integer',
  hostPathRegexRewritePattern: 'string',
  hostPathRegexRewriteSubstitution: 'string',
  hostRewrite: 'string',
  hostRewriteHeader: 'string',
  identityProviderClientId: 'string',
  identityProviderClientSecret: 'string',
  idleTimeout: 'string',
  idpAccessTokenAllowedAudiences: 'string[]',
  jwtIssuerFormat: 'string',
  kubernetesServiceAccountToken: 'string',
  loadBalancingPolicy: 'string',
  logoUrl: 'string',
  mcp: 'object',
  originatorId: 'string',
  passIdentityHeaders: 'boolean',
  path: 'string',
  prefix: 'string',
  prefixRewrite: 'string',
  redirect: 'object',
  regex: 'string',
  regexPriorityOrder: 'integer',
  regexRewritePattern: 'string',
  regexRewriteSubstitution: 'string',
  removeRequestHeaders: 'string[]',
  response: 'object',
  rewriteResponseHeaders: 'object[]',
  sessionRecording: 'object',
  setRequestHeaders: 'stringMap',
  setResponseHeaders: 'stringMap',
  timeout: 'string',
  tlsClientKeyPairId: 'string',
  tlsCustomCaKeyPairId: 'string',
  tlsDownstreamClientCaKeyPairId: 'string',
  tlsDownstreamServerName: 'string',
  tlsUpstreamServerName: 'string',
  upstreamTunnel: 'object',
};

const policyRequired: Record<string, FieldType> = {
  namespaceId: 'string',
  name: 'string',
  enforced: 'boolean',
  ppl: 'ppl',
  description: 'string',
  explanation: 'string',
  remediation: 'string',
};

const policyOptional: Record<string, FieldType> = { originatorId: 'string' };

const routeEnums: Record<string, readonly string[]> = {
  bearerTokenFormat: ['', 'default', 'idp_access_token', 'idp_identity_token', 'jwt'],
  jwtIssuerFormat: ['hostOnly', 'uri'],
  loadBalancingPolicy: ['round_robin', 'maglev', 'random', 'ring_hash', 'least_request'],
};

/** Keys only the server sets: dropped from request bodies. */
export const routeResponseOnlyKeys = [
  'id',
  'createdAt',
  'updatedAt',
  'policies',
  'enforcedPolicies',
  'enforcedPolicyIds',
];
/** Keys only the server sets: dropped from request bodies. */
export const policyResponseOnlyKeys = ['id', 'createdAt', 'updatedAt', 'routes', 'enforcedRoutes'];

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function hasType(value: unknown, type: FieldType): boolean {
  switch (type) {
    case 'string':
      return typeof value === 'string';
    case 'boolean':
      return typeof value === 'boolean';
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value);
    case 'string[]':
      return Array.isArray(value) && value.every((item) => typeof item === 'string');
    case 'object':
      return isObject(value);
    case 'object[]':
      return Array.isArray(value) && value.every(isObject);
    case 'stringMap':
      return isObject(value) && Object.values(value).every((item) => typeof item === 'string');
    case 'ppl':
      return isObject(value) || (Array.isArray(value) && value.every(isObject));
  }
}

function checkFields(
  body: Record<string, unknown>,
  required: Record<string, FieldType>,
  optional: Record<string, FieldType>,
): string | undefined {
  for (const [key, type] of Object.entries(required)) {
    if (!(key in body)) return `${key}: required field is missing`;
    if (!hasType(body[key], type)) return `${key}: must be of type ${type}`;
  }
  for (const [key, type] of Object.entries(optional)) {
    if (key in body && !hasType(body[key], type)) return `${key}: must be of type ${type}`;
  }
  return undefined;
}

function checkHealthCheck(healthCheck: Record<string, unknown>): string | undefined {
  const type = healthCheck.type;
  if (type !== 'http' && type !== 'tcp' && type !== 'grpc') return 'healthCheck.type: must be http, tcp or grpc';
  for (const key of ['interval', 'timeout']) {
    if (typeof healthCheck[key] !== 'string') return `healthCheck.${key}: required string`;
  }
  for (const key of ['healthyThreshold', 'unhealthyThreshold']) {
    if (typeof healthCheck[key] !== 'number') return `healthCheck.${key}: required integer`;
  }
  if (type === 'http' && typeof healthCheck.path !== 'string') return 'healthCheck.path: required string';
  return undefined;
}

/**
 * Checks a route body (create or PUT) as Zero's RouteProperties: required keys,
 * types and enums. Returns the error message, or undefined when the body is valid.
 */
export function validateRouteBody(body: unknown): string | undefined {
  if (!isObject(body)) return 'request body must be a JSON object';
  const problem = checkFields(body, routeRequired, routeOptional);
  if (problem) return problem;
  for (const [key, values] of Object.entries(routeEnums)) {
    if (key in body && !values.includes(body[key] as string)) return `${key}: unknown value`;
  }
  if (isObject(body.healthCheck)) {
    const healthCheckProblem = checkHealthCheck(body.healthCheck);
    if (healthCheckProblem) return healthCheckProblem;
  }
  if (Array.isArray(body.rewriteResponseHeaders)) {
    for (const [index, rewrite] of (body.rewriteResponseHeaders as Record<string, unknown>[]).entries()) {
      if (typeof rewrite.header !== 'string' || typeof rewrite.value !== 'string' || !isObject(rewrite.matcher)) {
        return `rewriteResponseHeaders[${index}]: header, value and matcher are required`;
      }
    }
  }
  if (isObject(body.response) && (typeof body.response.status !== 'number' || typeof body.response.body !== 'string')) {
    return 'response: status and body are required';
  }
  return undefined;
}

/**
 * Checks a policy body (create or PUT) as Zero's PolicyProperties. Returns the
 * error message, or undefined when the body is valid.
 */
export function validatePolicyBody(body: unknown): string | undefined {
  if (!isObject(body)) return 'request body must be a JSON object';
  return checkFields(body, policyRequired, policyOptional);
}

/** A copy of a request body without the keys only the server sets. */
export function withoutKeys(body: FakeZeroJson, keys: readonly string[]): FakeZeroJson {
  const copy = structuredClone(body);
  for (const key of keys) delete copy[key];
  return copy;
}
