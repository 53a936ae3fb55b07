import { createPrivateKey, X509Certificate } from 'node:crypto';
import { applyFakeZeroQuery } from './apply-fake-zero-query.js';
import { applyJsonPatch } from './apply-json-patch.js';
import { type FakeZeroKeyPairRecord, fakeZeroCertificateInfo } from './fake-zero-resources-state.js';
import type { FakeZeroRouteTools } from './fake-zero-route-tools.js';
import type { FakeZeroJson } from './fake-zero-state.js';
import { generateFakeZeroId } from './generate-fake-zero-id.js';
import { withoutKeys } from './validate-fake-zero-body.js';

/** Filter and order fields of `GET {org}/keyPairs` (reference §2.2). */
export const fakeZeroKeyPairFilterFields = [
  'cluster',
  'id',
  'isCertificateAuthority',
  'isClientCertificate',
  'issuer',
  'name',
  'notAfter',
  'status',
  'subject',
  'updatedAt',
] as const;

/** The keys of `KeyPairWithKeyProperties` (POST, PUT and the document a PATCH edits). */
const bodyKeys = new Set(['certificate', 'key', 'name', 'namespaceId', 'originatorId']);
const certificatePattern = /-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g;

/** Why a key-pair body is refused, or undefined. Checks the PEM texts and that the key belongs to the certificate. */
function problemOf(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return 'body: must be a JSON object';
  const json = body as FakeZeroJson;
  for (const key of Object.keys(json)) if (!bodyKeys.has(key)) return `${key}: unknown field`;
  if (typeof json.namespaceId !== 'string' || json.namespaceId === '') return 'namespaceId: required string';
  for (const key of ['certificate', 'key', 'name', 'originatorId']) {
    if (json[key] !== undefined && typeof json[key] !== 'string') return `${key}: must be a string`;
  }
  let leaf: X509Certificate | undefined;
  if (typeof json.certificate === 'string' && json.certificate !== '') {
    const blocks = json.certificate.match(certificatePattern) ?? [];
    if (blocks.length === 0) return 'certificate: no PEM certificate found';
    try {
      leaf = new X509Certificate(blocks[0] as string);
      for (const block of blocks.slice(1)) new X509Certificate(block);
    } catch {
      return 'certificate: invalid PEM certificate';
    }
  }
  if (typeof json.key === 'string' && json.key !== '') {
    try {
      const key = createPrivateKey(json.key);
      // Never echo the key: the message names the field only.
      if (leaf && !leaf.checkPrivateKey(key)) return 'key: the private key does not match the certificate';
    } catch {
      return 'key: invalid PEM private key';
    }
  }
  return undefined;
}

function viewKeyPair(record: FakeZeroKeyPairRecord): FakeZeroJson {
  return structuredClone(record.json);
}

/** Stores a checked body: the key aside (write-only), the certificate info computed, the rest as JSON. */
function store(record: FakeZeroKeyPairRecord, body: FakeZeroJson, timestamp: string, keepKey: boolean): void {
  const { key, ...rest } = body;
  const certificate = typeof rest.certificate === 'string' ? rest.certificate : undefined;
  if (typeof key === 'string' && key !== '') record.key = key;
  else if (!keepKey) record.key = undefined;
  record.json = {
    id: record.json.id,
    ...rest,
    certificateInfo: fakeZeroCertificateInfo(certificate),
    hasKey: record.key !== undefined,
    origin: record.json.origin ?? 'user',
    status: 'ready',
    createdAt: record.json.createdAt ?? timestamp,
    updatedAt: timestamp,
  };
}

/**
 * The key-pair endpoints of the fake Zero console (`{org}/keyPairs`): list by
 * namespace (per page, from the namespace index), create (201), get, PUT,
 * PATCH (JSON Patch on the body document; `key` is write-only), delete.
 * System key pairs (`origin: system`) refuse writes with 400; deleted ids answer 403.
 */
export function addFakeZeroKeyPairRoutes(tools: FakeZeroRouteTools): void {
  const { state, add, fail } = tools;
  const keyPairs = state.resources.keyPairs;

  const find = (organizationId: string, id: string): FakeZeroKeyPairRecord => {
    const record = keyPairs.get(id);
    if (record && record.organizationId === organizationId) return record;
    if (state.deletedIds.has(id)) fail(403, 'viewer user required');
    return fail(404, 'key pair not found');
  };
  const writable = (record: FakeZeroKeyPairRecord) => {
    if (record.json.origin === 'system') fail(400, 'key pair is managed by the system and cannot be changed');
  };
  const checked = (organizationId: string, body: unknown): FakeZeroJson => {
    const problem = problemOf(body);
    if (problem) fail(400, problem);
    tools.checkNamespace(organizationId, (body as FakeZeroJson).namespaceId);
    return body as FakeZeroJson;
  };

  add('GET', '/organizations/:organizationId/keyPairs', (context) => {
    const organizationId = tools.organizationOf(context);
    const scope = tools.namespaceForList(context, organizationId);
    const items =
      scope.size === 1
        ? keyPairs.snapshot('namespace', [...scope][0] as string)
        : keyPairs.valuesSnapshot().filter((record) => scope.has(String(record.json.namespaceId)));
    const page = applyFakeZeroQuery(
      {
        items: items.filter((record) => record.organizationId === organizationId),
        jsonOf: (record) => record.json,
        byId: (id) => {
          const record = keyPairs.get(id);
          return record?.organizationId === organizationId && scope.has(String(record.json.namespaceId))
            ? record
            : undefined;
        },
      },
      context.searchParams,
      fakeZeroKeyPairFilterFields,
    );
    return { status: 200, body: page.map(viewKeyPair) };
  });
  add('POST', '/organizations/:organizationId/keyPairs', (context) => {
    const organizationId = tools.organizationOf(context);
    const body = checked(organizationId, context.body);
    const timestamp = state.timestamp();
    const record: FakeZeroKeyPairRecord = { organizationId, json: { id: generateFakeZeroId() }, key: undefined };
    store(record, body, timestamp, false);
    keyPairs.set(String(record.json.id), record);
    return { status: 201, body: viewKeyPair(record) };
  });
  add('GET', '/organizations/:organizationId/keyPairs/:keyPairId', (context) => {
    const record = find(tools.organizationOf(context), context.params.keyPairId as string);
    return { status: 200, body: viewKeyPair(record) };
  });
  add('PUT', '/organizations/:organizationId/keyPairs/:keyPairId', (context) => {
    const organizationId = tools.organizationOf(context);
    const record = find(organizationId, context.params.keyPairId as string);
    writable(record);
    const body = checked(organizationId, context.body);
    store(record, body, state.timestamp(), false);
    keyPairs.set(String(record.json.id), record);
    return { status: 200, body: viewKeyPair(record) };
  });
  add('PATCH', '/organizations/:organizationId/keyPairs/:keyPairId', (context) => {
    const organizationId = tools.organizationOf(context);
    const record = find(organizationId, context.params.keyPairId as string);
    writable(record);
    const document = withoutKeys(record.json, [...Object.keys(record.json).filter((key) => !bodyKeys.has(key))]);
    const patched = applyJsonPatch(document, context.body) as FakeZeroJson;
    const body = checked(organizationId, patched);
    // A patch without `/key` keeps the stored key, which must still match a new certificate.
    if (body.key === undefined && record.key !== undefined && body.certificate !== record.json.certificate) {
      const problem = problemOf({ ...body, key: record.key });
      if (problem) fail(400, 'key: the stored private key does not match the new certificate');
    }
    store(record, body, state.timestamp(), true);
    keyPairs.set(String(record.json.id), record);
    return { status: 200, body: viewKeyPair(record) };
  });
  add('DELETE', '/organizations/:organizationId/keyPairs/:keyPairId', (context) => {
    const id = context.params.keyPairId as string;
    const record = find(tools.organizationOf(context), id);
    writable(record);
    keyPairs.delete(id);
    state.deletedIds.add(id);
    return { status: 204 };
  });
}
