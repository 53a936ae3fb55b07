import { applyFakeZeroQuery } from './apply-fake-zero-query.js';
import { applyJsonPatch } from './apply-json-patch.js';
import type { FakeZeroClusterRecord } from './fake-zero-resources-state.js';
import type { FakeZeroRouteTools, FakeZeroToolContext } from './fake-zero-route-tools.js';
import type { FakeZeroJson } from './fake-zero-state.js';
import { generateFakeZeroId } from './generate-fake-zero-id.js';

/** The keys of `ServiceAccountProperties` (the POST body and the document a PATCH edits). */
const bodyKeys = new Set(['description', 'expiresAt', 'originatorId', 'userId']);

function problemOf(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return 'body: must be a JSON object';
  const json = body as FakeZeroJson;
  for (const key of Object.keys(json)) if (!bodyKeys.has(key)) return `${key}: unknown field`;
  if (typeof json.userId !== 'string' || json.userId === '') return 'userId: required string';
  if (typeof json.description !== 'string') return 'description: required string';
  if (json.originatorId !== undefined && typeof json.originatorId !== 'string') return 'originatorId: must be a string';
  if (
    json.expiresAt !== undefined &&
    (typeof json.expiresAt !== 'string' || Number.isNaN(Date.parse(json.expiresAt)))
  ) {
    return 'expiresAt: must be an RFC 3339 date-time';
  }
  return undefined;
}

/**
 * The service-account endpoints of the fake Zero console
 * (`{org}/clusters/{cluster}/serviceAccounts`): list (`offset`/`limit` only,
 * from the cluster index), create (201, with the token once), get, PATCH
 * (JSON Patch; no PUT, as on Zero), delete, and `GET …/token`, which returns
 * the token issued at create. Tokens never appear in other answers.
 */
export function addFakeZeroServiceAccountRoutes(tools: FakeZeroRouteTools): void {
  const { state, add, fail } = tools;
  const accounts = state.resources.serviceAccounts;
  const base = '/organizations/:organizationId/clusters/:clusterId/serviceAccounts';

  const clusterIdOf = (context: FakeZeroToolContext) => {
    const organizationId = tools.organizationOf(context);
    return { organizationId, clusterId: String(tools.clusterOf(context, organizationId).json.id) };
  };
  const find = (context: FakeZeroToolContext): FakeZeroClusterRecord => {
    const { organizationId, clusterId } = clusterIdOf(context);
    const id = context.params.serviceAccountId as string;
    const record = accounts.get(id);
    if (record && record.organizationId === organizationId && record.clusterId === clusterId) return record;
    if (state.deletedIds.has(id)) fail(403, 'viewer user required');
    return fail(404, 'service account not found');
  };

  add('GET', base, (context) => {
    const { organizationId, clusterId } = clusterIdOf(context);
    for (const key of context.searchParams.keys()) {
      if (key !== 'offset' && key !== 'limit') fail(400, `${key}: unknown query parameter`);
    }
    const page = applyFakeZeroQuery(
      {
        items: accounts.snapshot('cluster', clusterId).filter((record) => record.organizationId === organizationId),
        jsonOf: (record) => record.json,
      },
      context.searchParams,
      [],
    );
    return { status: 200, body: page.map((record) => structuredClone(record.json)) };
  });
  add('POST', base, (context) => {
    const { organizationId, clusterId } = clusterIdOf(context);
    const problem = problemOf(context.body);
    if (problem) fail(400, problem);
    const timestamp = state.timestamp();
    const json = {
      id: generateFakeZeroId(),
      ...(context.body as FakeZeroJson),
      createdAt: timestamp,
      updatedAt: timestamp,
    };
    accounts.set(json.id, { organizationId, clusterId, json });
    const token = state.resources.issueToken(json.id);
    return { status: 201, body: { ...structuredClone(json), token } };
  });
  add('GET', `${base}/:serviceAccountId`, (context) => ({ status: 200, body: structuredClone(find(context).json) }));
  add('PATCH', `${base}/:serviceAccountId`, (context) => {
    const record = find(context);
    const document = Object.fromEntries(Object.entries(record.json).filter(([key]) => bodyKeys.has(key)));
    const patched = applyJsonPatch(document, context.body);
    const problem = problemOf(patched);
    if (problem) fail(400, problem);
    record.json = {
      id: record.json.id,
      ...(patched as FakeZeroJson),
      createdAt: record.json.createdAt,
      updatedAt: state.timestamp(),
    };
    accounts.set(String(record.json.id), record);
    return { status: 200, body: structuredClone(record.json) };
  });
  add('DELETE', `${base}/:serviceAccountId`, (context) => {
    const record = find(context);
    const id = String(record.json.id);
    accounts.delete(id);
    state.resources.revokeToken(id);
    state.deletedIds.add(id);
    return { status: 204 };
  });
  add('GET', `${base}/:serviceAccountId/token`, (context) => {
    const record = find(context);
    const token = state.resources.tokenOf(String(record.json.id)) ?? state.resources.issueToken(String(record.json.id));
    return { status: 200, body: { token } };
  });
}
