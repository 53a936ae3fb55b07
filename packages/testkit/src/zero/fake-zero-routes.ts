import { applyFakeZeroQuery, FakeZeroQueryError, fakeZeroFilterFields } from './apply-fake-zero-query.js';
import { applyJsonPatch, JsonPatchError } from './apply-json-patch.js';
import { addFakeZeroKeyPairRoutes } from './fake-zero-key-pairs.js';
import type { FakeZeroRouteTools } from './fake-zero-route-tools.js';
import { addFakeZeroServiceAccountRoutes } from './fake-zero-service-accounts.js';
import { addFakeZeroSettingsRoutes } from './fake-zero-settings.js';
import type { FakeZeroJson, FakeZeroRecord, FakeZeroState } from './fake-zero-state.js';
import { generateFakeZeroId } from './generate-fake-zero-id.js';
import {
  policyResponseOnlyKeys,
  routeResponseOnlyKeys,
  validatePolicyBody,
  validateRouteBody,
  withoutKeys,
} from './validate-fake-zero-body.js';

export { FakeZeroQueryError };

/** An HTTP error answer of the fake console: `{ "error": message }` with this status. */
export class HttpProblem extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** Applies a JSON Patch body to the stored properties; a bad patch is a 400, a failed `test` a 409. */
function patchedProperties(stored: FakeZeroJson, responseOnlyKeys: readonly string[], patch: unknown): unknown {
  try {
    return applyJsonPatch(withoutKeys(stored, responseOnlyKeys), patch);
  } catch (error) {
    if (error instanceof JsonPatchError) throw new HttpProblem(error.status, error.message);
    throw error;
  }
}

/** What a handler gets from one request. */
export interface RequestContext {
  method: string;
  params: Record<string, string>;
  searchParams: URLSearchParams;
  body: unknown;
  organizations: string[] | undefined;
}

/** A handler's answer: a status and a JSON body. */
export interface Answer {
  status: number;
  body?: unknown;
  /** Extra response headers. */
  headers?: Record<string, string>;
}

/** Serves one endpoint. */
export type Handler = (context: RequestContext) => Answer;

/** One endpoint: method, path pattern (`:name` segments are parameters) and handler. */
export interface RouteDefinition {
  method: string;
  pattern: string;
  segments: string[];
  handler: Handler;
  anonymous?: boolean;
}

const deletedMessage = 'viewer user required';

/** The parameters of a path matching a pattern's segments, or undefined. */
export function matchSegments(segments: string[], pathSegments: string[]): Record<string, string> | undefined {
  if (segments.length !== pathSegments.length) return undefined;
  const params: Record<string, string> = {};
  for (const [index, segment] of segments.entries()) {
    const actual = pathSegments[index] as string;
    if (segment.startsWith(':')) params[segment.slice(1)] = decodeURIComponent(actual);
    else if (segment !== actual) return undefined;
  }
  return params;
}

/**
 * The endpoints of the fake Zero console API (paths after `/api/v0`), each
 * with its handler over the console's state. Lists build views of one page
 * only; views read the state's indexes.
 */
export function createFakeZeroRoutes(state: FakeZeroState): RouteDefinition[] {
  const organizationOf = (context: RequestContext): string => {
    const organizationId = context.params.organizationId as string;
    if (!state.organizations.has(organizationId)) throw new HttpProblem(404, 'organization not found');
    if (!state.canSee(context.organizations, organizationId)) throw new HttpProblem(403, 'organization access denied');
    return organizationId;
  };

  const findRecord = (collection: Map<string, FakeZeroRecord>, organizationId: string, id: string, what: string) => {
    const record = collection.get(id);
    if (record && record.organizationId === organizationId) return record;
    if (state.deletedIds.has(id)) throw new HttpProblem(403, deletedMessage);
    throw new HttpProblem(404, `${what} not found`);
  };

  const namespaceForList = (context: RequestContext, organizationId: string): Set<string> => {
    const namespaceId = context.searchParams.get('namespaceId');
    if (!namespaceId) throw new HttpProblem(400, 'namespaceId: required query parameter is missing');
    const namespace = state.namespaces.get(namespaceId);
    if (!namespace || namespace.organizationId !== organizationId) {
      throw new HttpProblem(400, `namespaceId: namespace ${namespaceId} not found`);
    }
    const includeDescendants = context.searchParams.get('includeDescendants');
    if (includeDescendants !== null && includeDescendants !== 'true' && includeDescendants !== 'false') {
      throw new HttpProblem(400, 'includeDescendants: must be true or false');
    }
    return includeDescendants === 'true' ? state.namespaceAndDescendants(namespaceId) : new Set([namespaceId]);
  };

  const checkNamespace = (organizationId: string, namespaceId: unknown) => {
    const namespace = state.namespaces.get(String(namespaceId));
    if (!namespace || namespace.organizationId !== organizationId) {
      throw new HttpProblem(400, `namespaceId: namespace ${String(namespaceId)} not found`);
    }
  };

  const checkPolicyIds = (organizationId: string, policyIds: unknown) => {
    (policyIds as string[]).forEach((policyId, index) => {
      const policy = state.policies.get(policyId);
      if (!policy || policy.organizationId !== organizationId) {
        throw new HttpProblem(400, `policyIds[${index}]: policy ${policyId} not found`);
      }
    });
  };

  const list = (
    collection: 'routes' | 'policies',
    view: (record: FakeZeroRecord) => FakeZeroJson,
    fields: readonly string[],
  ): Handler => {
    return (context) => {
      const organizationId = organizationOf(context);
      const scope = namespaceForList(context, organizationId);
      const page = applyFakeZeroQuery(
        {
          items: state.recordsIn(collection, organizationId, scope),
          jsonOf: (record) => record.json,
          byId: (id) => {
            const record = state[collection].get(id);
            return record?.organizationId === organizationId && scope.has(String(record.json.namespaceId))
              ? record
              : undefined;
          },
        },
        context.searchParams,
        fields,
      );
      return { status: 200, body: page.map(view) };
    };
  };

  const routes: RouteDefinition[] = [];
  const add = (method: string, pattern: string, handler: Handler, anonymous = false) => {
    routes.push({ method, pattern, segments: pattern.split('/').filter(Boolean), handler, anonymous });
  };

  add(
    'POST',
    '/token',
    (context) => {
      const body = context.body as { refreshToken?: unknown } | undefined;
      if (typeof body?.refreshToken !== 'string') throw new HttpProblem(400, 'refreshToken: required string');
      const issued = state.exchangeToken(body.refreshToken);
      if (!issued) throw new HttpProblem(401, 'invalid or revoked refresh token');
      return { status: 200, body: { idToken: issued.idToken, expiresInSeconds: String(issued.expiresInSeconds) } };
    },
    true,
  );

  add('GET', '/organizations', (context) => ({
    status: 200,
    body: [...state.organizations.values()].filter((organization) =>
      state.canSee(context.organizations, String(organization.id)),
    ),
  }));
  add('GET', '/organizations/:organizationId', (context) => ({
    status: 200,
    body: state.organizations.get(organizationOf(context)),
  }));
  add('GET', '/organizations/:organizationId/namespaces', (context) => {
    const organizationId = organizationOf(context);
    const namespaces = [...state.namespaces.values()]
      .filter((record) => record.organizationId === organizationId)
      .map((record) => ({ ...structuredClone(record.json), role: 'admin' }));
    return { status: 200, body: namespaces };
  });
  add('GET', '/organizations/:organizationId/clusters', (context) => {
    const organizationId = organizationOf(context);
    const clusters = [...state.clusters.values()].filter((record) => record.organizationId === organizationId);
    return { status: 200, body: clusters.map((record) => record.json) };
  });
  add('GET', '/organizations/:organizationId/clusters/:clusterId', (context) => {
    const organizationId = organizationOf(context);
    const cluster = findRecord(state.clusters, organizationId, context.params.clusterId as string, 'cluster');
    return { status: 200, body: cluster.json };
  });

  /** The five endpoints of policies or routes: list, create, get, replace (PUT), patch (JSON Patch) and delete. */
  const addObjectEndpoints = (definition: {
    collection: 'policies' | 'routes';
    kind: 'policy' | 'route';
    validate: (body: unknown) => string | undefined;
    responseOnlyKeys: readonly string[];
    view: (record: FakeZeroRecord) => FakeZeroJson;
    /** Checks the references of a body to store, beyond its namespace. */
    checkReferences?: (organizationId: string, body: FakeZeroJson) => void;
    /** Refuses a delete that would break another object. */
    checkDelete?: (id: string) => void;
  }) => {
    const { collection, kind, validate, responseOnlyKeys, view } = definition;
    const records = state[collection];
    const base = `/organizations/:organizationId/${collection}`;
    const item = `${base}/:${kind}Id`;
    /** The body to store: checked, without response-only keys, its namespace and references known. */
    const storable = (organizationId: string, candidate: unknown): FakeZeroJson => {
      const problem = validate(candidate);
      if (problem) throw new HttpProblem(400, problem);
      const body = withoutKeys(candidate as FakeZeroJson, responseOnlyKeys);
      checkNamespace(organizationId, body.namespaceId);
      definition.checkReferences?.(organizationId, body);
      return body;
    };
    const replace = (record: FakeZeroRecord, body: FakeZeroJson): Answer => {
      record.json = { id: record.json.id, ...body, createdAt: record.json.createdAt, updatedAt: state.timestamp() };
      records.set(String(record.json.id), record);
      return { status: 200, body: view(record) };
    };
    const found = (context: RequestContext) =>
      findRecord(records, organizationOf(context), context.params[`${kind}Id`] as string, kind);
    add('GET', base, list(collection, view, fakeZeroFilterFields[collection]));
    add('POST', base, (context) => {
      const organizationId = organizationOf(context);
      const body = storable(organizationId, context.body);
      const timestamp = state.timestamp();
      const record = {
        organizationId,
        json: { id: generateFakeZeroId(), ...body, createdAt: timestamp, updatedAt: timestamp },
      };
      records.set(record.json.id, record);
      return { status: 201, body: view(record) };
    });
    add('GET', item, (context) => ({ status: 200, body: view(found(context)) }));
    add('PUT', item, (context) => {
      const record = found(context);
      return replace(record, storable(record.organizationId, context.body));
    });
    add('PATCH', item, (context) => {
      const record = found(context);
      const patched = patchedProperties(record.json, responseOnlyKeys, context.body);
      return replace(record, storable(record.organizationId, patched));
    });
    add('DELETE', item, (context) => {
      const id = context.params[`${kind}Id`] as string;
      found(context);
      definition.checkDelete?.(id);
      records.delete(id);
      state.deletedIds.add(id);
      return { status: 204 };
    });
  };
  addObjectEndpoints({
    collection: 'policies',
    kind: 'policy',
    validate: validatePolicyBody,
    responseOnlyKeys: policyResponseOnlyKeys,
    view: (record) => state.viewPolicy(record),
    checkDelete: (id) => {
      const users = [...state.routes.lookup('policy', id)];
      if (users.length > 0) {
        throw new HttpProblem(409, `policy is still assigned to ${users.length} route(s); remove it from them first`);
      }
    },
  });
  addObjectEndpoints({
    collection: 'routes',
    kind: 'route',
    validate: validateRouteBody,
    responseOnlyKeys: routeResponseOnlyKeys,
    view: (record) => state.viewRoute(record),
    checkReferences: (organizationId, body) => checkPolicyIds(organizationId, body.policyIds),
  });

  // Key pairs, service accounts and settings: one file per resource.
  const tools: FakeZeroRouteTools = {
    state,
    add: (method, pattern, handler) => add(method, pattern, handler),
    fail: (status, message) => {
      throw new HttpProblem(status, message);
    },
    organizationOf,
    namespaceForList,
    checkNamespace,
    clusterOf: (context, organizationId) =>
      findRecord(state.clusters, organizationId, context.params.clusterId as string, 'cluster'),
  };
  addFakeZeroKeyPairRoutes(tools);
  addFakeZeroServiceAccountRoutes(tools);
  addFakeZeroSettingsRoutes(tools);
  return routes;
}
