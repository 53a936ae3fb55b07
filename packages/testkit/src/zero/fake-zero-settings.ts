import { dnsLookupFamilies, identityProviderTypes, settingsFieldsShape } from '@pomerium-unified/core';
import { applyJsonPatch } from './apply-json-patch.js';
import { defaultFakeZeroSettings, fakeZeroSecretSettingsKeys } from './fake-zero-resources-state.js';
import type { FakeZeroRouteTools, FakeZeroToolContext } from './fake-zero-route-tools.js';
import type { FakeZeroJson } from './fake-zero-state.js';

const responseOnlyKeys = ['id', 'createdAt', 'updatedAt'];
const requiredKeys = Object.keys(defaultFakeZeroSettings());
const secretKeys = new Set<string>([...fakeZeroSecretSettingsKeys]);
const enums: Record<string, readonly string[]> = {
  codecType: ['', 'auto', 'http1', 'http2', 'http3'],
  bearerTokenFormat: ['', 'default', 'idp_access_token', 'idp_identity_token', 'jwt'],
  dnsLookupFamily: dnsLookupFamilies,
  identityProvider: identityProviderTypes,
};
const shape = settingsFieldsShape as Record<string, { safeParse(value: unknown): { success: boolean } }>;

/** Why a `SettingsProperties` document is refused (wrong keys, types, enum values, a missing required key), or undefined. */
export function fakeZeroSettingsProblem(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return 'body: must be a JSON object';
  const json = body as FakeZeroJson;
  for (const key of requiredKeys) if (json[key] === undefined) return `${key}: required`;
  for (const [key, value] of Object.entries(json)) {
    if (key in enums) {
      if (!(enums[key] as readonly string[]).includes(value as string)) return `${key}: unsupported value`;
    } else if (secretKeys.has(key)) {
      if (typeof value !== 'string') return `${key}: must be a string`;
    } else if (key === 'sshHostKeys') {
      if (!Array.isArray(value) || value.some((item) => typeof item !== 'string')) return `${key}: must be strings`;
    } else if (key === 'blobStorage') {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) return `${key}: must be an object`;
      for (const [inner, text] of Object.entries(value)) {
        if ((inner !== 'bucket_uri' && inner !== 'managed_prefix') || typeof text !== 'string') {
          return `${key}.${inner}: unknown field`;
        }
      }
    } else if (key === 'mcpDynamicClientRegistration') {
      if (typeof value !== 'boolean') return `${key}: must be a boolean`;
    } else if (key === 'address' && value === '') {
      // Zero: an empty address means :443.
    } else if (key in shape) {
      if (!(shape[key] as { safeParse(value: unknown): { success: boolean } }).safeParse(value).success) {
        return `${key}: invalid value`;
      }
    } else {
      return `${key}: unknown field`;
    }
  }
  return undefined;
}

/**
 * The settings endpoints of the fake Zero console (one object per cluster,
 * made with Zero's defaults on first use): GET, PUT (whole object; the 14
 * required keys) and PATCH (JSON Patch). Secret settings come back masked
 * while `state.resources.maskSecretSettings` is on (the default).
 */
export function addFakeZeroSettingsRoutes(tools: FakeZeroRouteTools): void {
  const { state, add, fail } = tools;
  const path = '/organizations/:organizationId/clusters/:clusterId/settings';
  const recordOf = (context: FakeZeroToolContext) => {
    const organizationId = tools.organizationOf(context);
    const cluster = tools.clusterOf(context, organizationId);
    return state.resources.settingsOf(organizationId, String(cluster.json.id));
  };
  const write = (context: FakeZeroToolContext, body: unknown) => {
    const record = recordOf(context);
    const properties =
      typeof body === 'object' && body !== null && !Array.isArray(body)
        ? Object.fromEntries(Object.entries(body).filter(([key]) => !responseOnlyKeys.includes(key)))
        : body;
    const problem = fakeZeroSettingsProblem(properties);
    if (problem) fail(400, problem);
    record.json = {
      id: record.json.id,
      ...(properties as FakeZeroJson),
      createdAt: record.json.createdAt,
      updatedAt: state.timestamp(),
    };
    return { status: 200, body: state.resources.viewSettings(record) };
  };

  add('GET', path, (context) => ({ status: 200, body: state.resources.viewSettings(recordOf(context)) }));
  add('PUT', path, (context) => write(context, context.body));
  add('PATCH', path, (context) => {
    const record = recordOf(context);
    const document = Object.fromEntries(Object.entries(record.json).filter(([key]) => !responseOnlyKeys.includes(key)));
    return write(context, applyJsonPatch(document, context.body));
  });
}
