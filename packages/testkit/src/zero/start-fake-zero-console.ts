import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type FaultController, FaultInjector, type FaultKind, type FaultOptions } from '../shared/fault-injector.js';
import { defaultRequestLogLimit, pushBounded } from '../shared/push-bounded.js';
import { TimerSet } from '../shared/timer-set.js';
import { FakeZeroQueryError } from './apply-fake-zero-query.js';
import type { FakeZeroApiUser } from './fake-zero-api-users.js';
import { type Answer, createFakeZeroRoutes, HttpProblem, matchSegments } from './fake-zero-routes.js';
import type { FakeZeroSeed } from './fake-zero-seed.js';
import { FakeZeroState } from './fake-zero-state.js';

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
  /** Fault injection (off by default); change it later with `console.faults.configure`. */
  faults?: FaultOptions;
  /**
   * How many requests `stats.log` keeps (a ring buffer: the oldest are dropped). Default 10,000;
   * 0 keeps none, `Infinity` keeps all. Counters are kept either way.
   */
  requestLogLimit?: number;
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
  /** The status answered; 0 when the connection was reset or stalled. */
  status: number;
  /** The fault injected into this request, if any. */
  fault?: FaultKind;
}

/** Counters of a fake console. */
export interface FakeZeroStats {
  /** Number of token exchange requests (`POST /token`), successful or not. */
  tokenExchanges: number;
  /** Requests per route key, e.g. `'GET /organizations/:organizationId/routes': 3`. */
  requests: Record<string, number>;
  /** The most recent requests, in order (a ring buffer of `requestLogLimit` entries, default 10,000). */
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
  /** Counters of injected faults, and a switch to change fault injection at run time. */
  faults: FaultController;
  /** Stops the server and closes open connections. */
  close(): Promise<void>;
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** What the server does with one request: answer it, or (injected faults) reset or stall it. */
type Outcome = { answer: Answer; fault?: FaultKind } | { fault: 'reset_before_commit' | 'stall' };

/** The body a `wrong_shape` fault sends instead of the real one: `[]` for an object, `{}` for a list. */
function wrongShape(body: unknown): unknown {
  return Array.isArray(body) ? {} : [];
}

/**
 * Starts a wire-true fake of the Pomerium Zero console API (`/api/v0`) on
 * 127.0.0.1: token exchange with expiring id tokens, organizations,
 * namespaces, clusters, policies and routes with Zero's JSON shapes, required
 * fields, status codes, list query encoding and its 403 for deleted objects.
 * Lists build views of one page only, from indexes; `faults` injects
 * failures (see {@link FaultKind}).
 */
export async function startFakeZeroConsole(options: FakeZeroConsoleOptions = {}): Promise<FakeZeroConsole> {
  const state = new FakeZeroState({
    ...(options.apiUsers ? { apiUsers: options.apiUsers } : {}),
    ...(options.tokenTtlSeconds !== undefined ? { tokenTtlSeconds: options.tokenTtlSeconds } : {}),
    ...(options.seed ? { seed: options.seed } : {}),
    ...(options.now ? { now: options.now } : {}),
  });
  const logLimit = options.requestLogLimit ?? defaultRequestLogLimit;
  const injector = new FaultInjector(options.faults);
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
  const routes = createFakeZeroRoutes(state);
  const timers = new TimerSet();
  const later = (milliseconds: number, action: () => void) => timers.later(milliseconds, action);

  const serve = async (request: IncomingMessage, record: FakeZeroRequestRecord, url: URL): Promise<Outcome> => {
    const method = record.method;
    const pathSegments = record.path.split('/').filter(Boolean);
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
        if (failure) return { answer: { status: failure.status, body: failure.body ?? { error: 'injected failure' } } };
        const fault = injector.draw(record.route);
        if (fault === 'unavailable') {
          return { fault, answer: { status: 503, body: { error: 'service unavailable (injected fault)' } } };
        }
        if (fault === 'rate_limited') {
          const retryAfter = String(injector.options?.retryAfterSeconds ?? 1);
          return {
            fault,
            answer: {
              status: 429,
              body: { error: 'rate limit exceeded (injected fault)' },
              headers: { 'retry-after': retryAfter },
            },
          };
        }
        if (fault === 'reset_before_commit' || fault === 'stall') return { fault };
        let organizations: string[] | undefined;
        if (!definition.anonymous) {
          const match = /^(Bearer|Pomerium) (.+)$/.exec(request.headers.authorization ?? '');
          const user = match ? state.authenticate(match[2] as string) : undefined;
          if (!user) throw new HttpProblem(401, 'missing, invalid or expired id token');
          organizations = user.organizations;
        }
        try {
          const answer = definition.handler({
            method,
            params,
            searchParams: url.searchParams,
            body: record.body,
            organizations,
          });
          return fault ? { answer, fault } : { answer };
        } finally {
          // Keeps the indexes true after any write, including handlers that change a record in place.
          if (method !== 'GET') {
            if (params.routeId !== undefined) state.routes.reindex(params.routeId);
            if (params.policyId !== undefined) state.policies.reindex(params.policyId);
          }
        }
      }
      throw new HttpProblem(pathMatched ? 405 : 404, pathMatched ? 'method not allowed' : 'not found');
    } catch (error) {
      if (error instanceof HttpProblem) return { answer: { status: error.status, body: { error: error.message } } };
      if (error instanceof FakeZeroQueryError) return { answer: { status: 400, body: { error: error.message } } };
      return { answer: { status: 500, body: { error: 'internal error' } } };
    }
  };

  const respond = (response: ServerResponse, outcome: Outcome, record: FakeZeroRequestRecord) => {
    const { fault } = outcome;
    if (!('answer' in outcome)) {
      // reset_before_commit resets at once; stall holds the request, then resets.
      const delay = fault === 'stall' ? (injector.options?.stallMs ?? 30_000) : 0;
      if (delay === 0) response.socket?.destroy();
      else later(delay, () => response.socket?.destroy());
      return;
    }
    const { answer } = outcome;
    record.status = answer.status;
    if (fault === 'reset_after_commit') {
      record.status = 0;
      response.socket?.destroy();
      return;
    }
    const body = fault === 'wrong_shape' ? wrongShape(answer.body) : answer.body;
    const status = fault === 'wrong_shape' && answer.status === 204 ? 200 : answer.status;
    record.status = status;
    if (status === 204 || body === undefined) {
      response.writeHead(status, answer.headers ?? {}).end();
      return;
    }
    const payload = Buffer.from(JSON.stringify(body));
    response.writeHead(status, {
      ...answer.headers,
      'content-type': 'application/json',
      'content-length': payload.length,
    });
    if (fault !== 'slow_body') {
      response.end(payload);
      return;
    }
    // slow_body: headers now, then the body in pieces spread over slowBodyMs.
    const pieces = Math.min(10, payload.length);
    const interval = (injector.options?.slowBodyMs ?? 2_000) / pieces;
    const size = Math.ceil(payload.length / pieces);
    const writePiece = (index: number) => {
      if (response.destroyed) return;
      const piece = payload.subarray(index * size, (index + 1) * size);
      if (index >= pieces - 1 || (index + 1) * size >= payload.length) response.end(piece);
      else {
        response.write(piece);
        later(interval, () => writePiece(index + 1));
      }
    };
    later(interval, () => writePiece(0));
  };

  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const method = request.method ?? 'GET';
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const path = url.pathname.startsWith('/api/v0/') ? url.pathname.slice('/api/v0'.length) : url.pathname;
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
    serve(request, record, url).then((outcome) => {
      if (outcome.fault) record.fault = outcome.fault;
      respond(response, outcome, record);
      stats.requests[record.route] = (stats.requests[record.route] ?? 0) + 1;
      pushBounded(stats.log, record, logLimit);
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
    faults: injector.controller(),
    close() {
      closed ??= new Promise<void>((resolve) => {
        timers.clear();
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closed;
    },
  };
}
