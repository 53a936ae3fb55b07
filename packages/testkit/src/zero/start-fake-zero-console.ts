import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { applyFakeZeroQuery, FakeZeroQueryError, fakeZeroFilterFields } from './apply-fake-zero-query.js';
import {
  type FakeZeroApiUser,
  type FakeZeroJson,
  type FakeZeroRecord,
  type FakeZeroSeed,
  FakeZeroState,
  generateFakeZeroId,
} from './fake-zero-state.js';
import {
  policyResponseOnlyKeys,
  routeResponseOnlyKeys,
  validatePolicyBody,
  validateRouteBody,
  withoutKeys,
} from './validate-fake-zero-body.js';

/** Options of {@link startFakeZeroConsole}. */
export interface FakeZeroConsoleOptions {
  /** API user tokens (or users limited to some organizations). One random token when omitted. */
  apiUsers?: (string | FakeZeroApiUser)[];
  /** Lifetime of issued id tokens in seconds. Default 3600. */
  tokenTtlSeconds?: number;
  /** Initial content. Default: one organization with one cluster named `production`. */
  seed?: FakeZeroSeed;
  /** Port to listen on. Default 0 (a random free port). */
  port?: number;
  /** Address to listen on. Default `127.0.0.1`; a container needs `0.0.0.0`. The returned `url` always names 127.0.0.1. */
  host?: string;
  /** Clock in milliseconds. Default `Date.now`. */
  now?: () => number;
}

/** One request the fake console received. */
export interface FakeZeroRequestRecord {
  /** HTTP method. */
  method: string;
  /** Route key, e.g. `GET /organizations/:organizationId/routes`. */
  route: string;
  /** Path after `/api/v0`. */
  path: string;
  /** Query parameters. */
  searchParams: URLSearchParams;
  /** The Authorization header as received (test data only). */
  authorization: string | undefined;
  /** The Content-Type header as received. */
  contentType: string | undefined;
  /** The parsed JSON body, when there was one. */
  body: unknown;
  /** The status answered. */
  status: number;
}

/** Counters of a fake console. */
export interface FakeZeroStats {
  /** Number of token exchange requests (`POST /token`), successful or not. */
  tokenExchanges: number;
  /** Requests per route key, e.g. `'GET /organizations/:organizationId/routes': 3`. */
  requests: Record<string, number>;
  /** Every request received, in order. */
  log: FakeZeroRequestRecord[];
  /** Sets every counter back to zero and clears the log. */
  reset(): void;
}

/** A running fake Zero console. */
export interface FakeZeroConsole {
  /** Base URL without `/api/v0`, e.g. `http://127.0.0.1:41234`: pass it as `apiUrl`. */
  url: string;
  /** The first API user token (handy when `apiUsers` was omitted). */
  apiUserToken: string;
  /** The console's data; tests may read and change it. */
  state: FakeZeroState;
  /** Request counters. */
  stats: FakeZeroStats;
  /** Stops the server and closes open connections. */
  close(): Promise<void>;
}

class HttpProblem extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

interface RequestContext {
  method: string;
  params: Record<string, string>;
  searchParams: URLSearchParams;
  body: unknown;
  organizations: string[] | undefined;
}

interface Answer {
  status: number;
  body?: unknown;
}

type Handler = (context: RequestContext) => Answer;

interface RouteDefinition {
  method: string;
  pattern: string;
  segments: string[];
  handler: Handler;
  anonymous?: boolean;
}

const deletedMessage = 'viewer user required';

function matchSegments(segments: string[], pathSegments: string[]): Record<string, string> | undefined {
  if (segments.length !== pathSegments.length) return undefined;
  const params: Record<string, string> = {};
  for (const [index, segment] of segments.entries()) {
    const actual = pathSegments[index] as string;
    if (segment.startsWith(':')) params[segment.slice(1)] = decodeURIComponent(actual);
    else if (segment !== actual) return undefined;
  }
  return params;
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * Starts a wire-true fake of the Pomerium Zero console API (`/api/v0`) on
 * 127.0.0.1: token exchange with expiring id tokens, organizations,
 * namespaces, clusters, policies and routes with Zero's JSON shapes, required
 * fields, status codes, list query encoding and its 403 for deleted objects.
 */
export async function startFakeZeroConsole(options: FakeZeroConsoleOptions = {}): Promise<FakeZeroConsole> {
  const state = new FakeZeroState({
    ...(options.apiUsers ? { apiUsers: options.apiUsers } : {}),
    ...(options.tokenTtlSeconds !== undefined ? { tokenTtlSeconds: options.tokenTtlSeconds } : {}),
    ...(options.seed ? { seed: options.seed } : {}),
    ...(options.now ? { now: options.now } : {}),
  });
  const stats: FakeZeroStats = {
    tokenExchanges: 0,
    requests: {},
    log: [],
    reset() {
      stats.tokenExchanges = 0;
      stats.requests = {};
      stats.log = [];
    },
  };

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
    collection: Map<string, FakeZeroRecord>,
    view: (record: FakeZeroRecord) => FakeZeroJson,
    fields: readonly string[],
  ): Handler => {
    return (context) => {
      const organizationId = organizationOf(context);
      const scope = namespaceForList(context, organizationId);
      const items = [...collection.values()]
        .filter((record) => record.organizationId === organizationId && scope.has(String(record.json.namespaceId)))
        .map(view);
      return { status: 200, body: applyFakeZeroQuery(items, context.searchParams, fields) };
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

  // Policies.
  add(
    'GET',
    '/organizations/:organizationId/policies',
    list(state.policies, (record) => state.viewPolicy(record), fakeZeroFilterFields.policies),
  );
  add('POST', '/organizations/:organizationId/policies', (context) => {
    const organizationId = organizationOf(context);
    const problem = validatePolicyBody(context.body);
    if (problem) throw new HttpProblem(400, problem);
    const body = withoutKeys(context.body as FakeZeroJson, policyResponseOnlyKeys);
    checkNamespace(organizationId, body.namespaceId);
    const timestamp = state.timestamp();
    const record = {
      organizationId,
      json: { id: generateFakeZeroId(), ...body, createdAt: timestamp, updatedAt: timestamp },
    };
    state.policies.set(record.json.id, record);
    return { status: 201, body: state.viewPolicy(record) };
  });
  add('GET', '/organizations/:organizationId/policies/:policyId', (context) => {
    const organizationId = organizationOf(context);
    const record = findRecord(state.policies, organizationId, context.params.policyId as string, 'policy');
    return { status: 200, body: state.viewPolicy(record) };
  });
  add('PUT', '/organizations/:organizationId/policies/:policyId', (context) => {
    const organizationId = organizationOf(context);
    const record = findRecord(state.policies, organizationId, context.params.policyId as string, 'policy');
    const problem = validatePolicyBody(context.body);
    if (problem) throw new HttpProblem(400, problem);
    const body = withoutKeys(context.body as FakeZeroJson, policyResponseOnlyKeys);
    checkNamespace(organizationId, body.namespaceId);
    record.json = { id: record.json.id, ...body, createdAt: record.json.createdAt, updatedAt: state.timestamp() };
    return { status: 200, body: state.viewPolicy(record) };
  });
  add('DELETE', '/organizations/:organizationId/policies/:policyId', (context) => {
    const organizationId = organizationOf(context);
    const id = context.params.policyId as string;
    findRecord(state.policies, organizationId, id, 'policy');
    const users = [...state.routes.values()].filter(
      (route) => Array.isArray(route.json.policyIds) && (route.json.policyIds as unknown[]).includes(id),
    );
    if (users.length > 0) {
      throw new HttpProblem(409, `policy is still assigned to ${users.length} route(s); remove it from them first`);
    }
    state.policies.delete(id);
    state.deletedIds.add(id);
    return { status: 204 };
  });

  // Routes.
  add(
    'GET',
    '/organizations/:organizationId/routes',
    list(state.routes, (record) => state.viewRoute(record), fakeZeroFilterFields.routes),
  );
  add('POST', '/organizations/:organizationId/routes', (context) => {
    const organizationId = organizationOf(context);
    const problem = validateRouteBody(context.body);
    if (problem) throw new HttpProblem(400, problem);
    const body = withoutKeys(context.body as FakeZeroJson, routeResponseOnlyKeys);
    checkNamespace(organizationId, body.namespaceId);
    checkPolicyIds(organizationId, body.policyIds);
    const timestamp = state.timestamp();
    const record = {
      organizationId,
      json: { id: generateFakeZeroId(), ...body, createdAt: timestamp, updatedAt: timestamp },
    };
    state.routes.set(record.json.id, record);
    return { status: 201, body: state.viewRoute(record) };
  });
  add('GET', '/organizations/:organizationId/routes/:routeId', (context) => {
    const organizationId = organizationOf(context);
    const record = findRecord(state.routes, organizationId, context.params.routeId as string, 'route');
    return { status: 200, body: state.viewRoute(record) };
  });
  add('PUT', '/organizations/:organizationId/routes/:routeId', (context) => {
    const organizationId = organizationOf(context);
    const record = findRecord(state.routes, organizationId, context.params.routeId as string, 'route');
    const problem = validateRouteBody(context.body);
    if (problem) throw new HttpProblem(400, problem);
    const body = withoutKeys(context.body as FakeZeroJson, routeResponseOnlyKeys);
    checkNamespace(organizationId, body.namespaceId);
    checkPolicyIds(organizationId, body.policyIds);
    record.json = { id: record.json.id, ...body, createdAt: record.json.createdAt, updatedAt: state.timestamp() };
    return { status: 200, body: state.viewRoute(record) };
  });
  add('DELETE', '/organizations/:organizationId/routes/:routeId', (context) => {
    const organizationId = organizationOf(context);
    const id = context.params.routeId as string;
    findRecord(state.routes, organizationId, id, 'route');
    state.routes.delete(id);
    state.deletedIds.add(id);
    return { status: 204 };
  });

  const serve = async (request: IncomingMessage): Promise<{ answer: Answer; record: FakeZeroRequestRecord }> => {
    const method = request.method ?? 'GET';
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const path = url.pathname.startsWith('/api/v0/') ? url.pathname.slice('/api/v0'.length) : url.pathname;
    const pathSegments = path.split('/').filter(Boolean);
    const record: FakeZeroRequestRecord = {
      method,
      route: `${method} ${path}`,
      path,
      searchParams: url.searchParams,
      authorization: request.headers.authorization,
      contentType: request.headers['content-type'],
      body: undefined,
      status: 0,
    };
    try {
      const text = await readBody(request);
      if (text !== '') {
        try {
          record.body = JSON.parse(text);
        } catch {
          throw new HttpProblem(400, 'request body is not valid JSON');
        }
      }
      if (!url.pathname.startsWith('/api/v0/')) throw new HttpProblem(404, 'not found');
      let pathMatched = false;
      for (const definition of routes) {
        const params = matchSegments(definition.segments, pathSegments);
        if (!params) continue;
        pathMatched = true;
        if (definition.method !== method) continue;
        record.route = `${method} ${definition.pattern}`;
        if (definition.pattern === '/token') stats.tokenExchanges += 1;
        const failure = state.takeFailure(method, record.route);
        if (failure)
          return { answer: { status: failure.status, body: failure.body ?? { error: 'injected failure' } }, record };
        let organizations: string[] | undefined;
        if (!definition.anonymous) {
          const match = /^(Bearer|Pomerium) (.+)$/.exec(request.headers.authorization ?? '');
          const user = match ? state.authenticate(match[2] as string) : undefined;
          if (!user) throw new HttpProblem(401, 'missing, invalid or expired id token');
          organizations = user.organizations;
        }
        const answer = definition.handler({
          method,
          params,
          searchParams: url.searchParams,
          body: record.body,
          organizations,
        });
        return { answer, record };
      }
      throw new HttpProblem(pathMatched ? 405 : 404, pathMatched ? 'method not allowed' : 'not found');
    } catch (error) {
      if (error instanceof HttpProblem)
        return { answer: { status: error.status, body: { error: error.message } }, record };
      if (error instanceof FakeZeroQueryError)
        return { answer: { status: 400, body: { error: error.message } }, record };
      return { answer: { status: 500, body: { error: 'internal error' } }, record };
    }
  };

  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    serve(request).then(({ answer, record }) => {
      record.status = answer.status;
      stats.requests[record.route] = (stats.requests[record.route] ?? 0) + 1;
      stats.log.push(record);
      if (answer.status === 204 || answer.body === undefined) {
        response.writeHead(answer.status).end();
        return;
      }
      const payload = JSON.stringify(answer.body);
      response
        .writeHead(answer.status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) })
        .end(payload);
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  let closed: Promise<void> | undefined;
  return {
    url: `http://127.0.0.1:${port}`,
    apiUserToken: state.apiUserTokens()[0] ?? '',
    state,
    stats,
    close() {
      closed ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closed;
    },
  };
}
