import type { FakeZeroRecord, FakeZeroState } from './fake-zero-state.js';

/** What one request gives a handler of the fake console (see `RequestContext`). */
export interface FakeZeroToolContext {
  params: Record<string, string>;
  searchParams: URLSearchParams;
  body: unknown;
  organizations: string[] | undefined;
}

/** A handler's answer. */
export interface FakeZeroToolAnswer {
  status: number;
  body?: unknown;
}

/** The helpers the per-resource endpoint files of the fake console share. */
export interface FakeZeroRouteTools {
  /** The console's data. */
  state: FakeZeroState;
  /** Registers one endpoint (path after `/api/v0`, `:name` segments are parameters). */
  add(method: string, pattern: string, handler: (context: FakeZeroToolContext) => FakeZeroToolAnswer): void;
  /** Answers `{ "error": message }` with this status. */
  fail(status: number, message: string): never;
  /** The organization of the path, checked against the caller's access. */
  organizationOf(context: FakeZeroToolContext): string;
  /** The namespaces a list call covers (`namespaceId`, `includeDescendants`). */
  namespaceForList(context: FakeZeroToolContext, organizationId: string): Set<string>;
  /** 400 unless the namespace exists in the organization. */
  checkNamespace(organizationId: string, namespaceId: unknown): void;
  /** The cluster of the path in the organization (404 when unknown). */
  clusterOf(context: FakeZeroToolContext, organizationId: string): FakeZeroRecord;
}
