import type { BackendSyncRules } from './backend-sync-rules.js';
import type { Cluster } from './cluster-model.js';
import type { KeyPair, ValidKeyPairCreateInput, ValidKeyPairUpdatePatch } from './key-pair-model.js';
import type {
  Namespace,
  NamespaceCreateInput,
  NamespaceUpdatePatch,
  Policy,
  PolicyCreateInput,
  PolicyUpdatePatch,
  RouteCreateInput,
  RouteUpdatePatch,
} from './model.js';
import type { PomeriumErrorCode } from './pomerium-error.js';
import type { BackendRoute } from './route-secrets.js';
import type { Secret } from './secret.js';
import type {
  IssuedServiceAccount,
  ServiceAccount,
  ServiceAccountCreateInput,
  ServiceAccountListFilter,
  ServiceAccountUpdatePatch,
} from './service-account-model.js';
import type { Settings, ValidSettingsUpdatePatch } from './settings-model.js';

/**
 * One wire exchange reported by an adapter through `CallOptions.onWireEvent`:
 * once (`request`) before sending each wire request and once (`response`) on its
 * answer or failure. Never carries headers or bodies.
 */
export interface WireEvent {
  /** `request` before sending, `response` on the answer or failure. */
  type: 'request' | 'response';
  /** The client operation this exchange belongs to, e.g. `routes.create`. */
  operation: string;
  /** The HTTP method, or the gRPC method name (`pomerium.dashboard.RouteService/GetRoute`). */
  method: string;
  /** The URL path (never a query carrying secrets) or the RPC path. */
  target: string;
  /** The client's attempt number (1-based). */
  attempt: number;
  /** HTTP status or gRPC code of the answer (`response` only). */
  status?: number | string;
  /** Time from sending to the answer or failure, in milliseconds (`response` only). */
  durationMs?: number;
  /** The PomeriumError code the failure maps to (`response` only, on failure). */
  errorCode?: PomeriumErrorCode;
}

/** Options every backend call accepts. */
export interface CallOptions {
  /**
   * Aborts the call; the promise rejects with `deadline_exceeded` or the abort
   * reason. Must be honoured at every stage, including a cold client's look-ups.
   * The client passes one signal combining the caller's signal and the call's deadline.
   */
  signal?: AbortSignal;
  /** The attempt number (1-based), set by the client's retry loop. */
  attempt?: number;
  /** Set by the client: adapters call it once before each wire request and once on its answer or failure. */
  onWireEvent?: (event: WireEvent) => void;
}

/** Options of a backend `get` or `delete`. */
export interface IdOptions extends CallOptions {
  /** The id of the object. */
  id: string;
}

/** Options of a backend `create`. Inputs reach the backend already validated and normalised. */
export interface CreateOptions<Input> extends CallOptions {
  /** The validated input. */
  input: Input;
}

/** Options of a backend `update`. Inputs reach the backend already validated and normalised. */
export interface UpdateOptions<Patch> extends CallOptions {
  /** The id of the object to update. */
  id: string;
  /** The validated partial patch: absent keys keep their value, `null` clears a route setting. */
  patch: Patch;
  /**
   * Optimistic concurrency: when set, the backend fails with `aborted` if the
   * stored object's `updatedAt` differs at write time.
   */
  expectedUpdatedAt?: string;
}

/** One page of a list call. */
export interface ListPageOptions extends CallOptions {
  /** Number of items to skip. */
  offset: number;
  /** Maximum number of items to return. */
  limit: number;
}

/** One page of results. */
export interface ListPage<Item> {
  /** The items of this page, at most `limit`. */
  items: Item[];
  /** Total number of matching items, when the backend knows it (Enterprise does, Zero does not). */
  totalCount?: number;
}

/** Filters of a namespace list. */
export interface NamespaceListFilter {
  /** Only the direct children of this namespace. */
  parentId?: string;
}

/** Filters of a policy or route list. */
export interface ResourceListFilter {
  /** Only objects of this namespace. When omitted: every namespace the credentials can see. */
  namespaceId?: string;
  /** Case-insensitive substring match on the name (routes: also on `from` and `to`). */
  query?: string;
}

/** The five operations every resource of a backend offers. */
export interface ResourceBackend<Item, CreateInput, Patch, Filter> {
  /** Lists one page. */
  list(options: ListPageOptions & Filter): Promise<ListPage<Item>>;
  /** Reads one object; `not_found` when it does not exist. */
  get(options: IdOptions): Promise<Item>;
  /** Creates an object and returns it as stored. */
  create(options: CreateOptions<CreateInput>): Promise<Item>;
  /** Applies a partial patch (read-modify-write where the wire needs a whole object) and returns the stored object. */
  update(options: UpdateOptions<Patch>): Promise<Item>;
  /** Deletes an object; `not_found` when it does not exist. */
  delete(options: IdOptions): Promise<void>;
}

/** The namespace operations of a backend. */
export type NamespaceBackend = ResourceBackend<
  Namespace,
  NamespaceCreateInput,
  NamespaceUpdatePatch,
  NamespaceListFilter
>;
/** The policy operations of a backend. */
export type PolicyBackend = ResourceBackend<Policy, PolicyCreateInput, PolicyUpdatePatch, ResourceListFilter>;
/**
 * The route operations of a backend. The client hands route secret settings over
 * as plain strings (revealed from their `Secret`s) and wraps the strings a
 * backend returns in `Secret`s, so a backend may return either.
 */
export type RouteBackend = ResourceBackend<BackendRoute, RouteCreateInput, RouteUpdatePatch, ResourceListFilter>;

/**
 * The key-pair operations of a backend (optional member `keyPairs`). Inputs
 * arrive validated: the certificate parses, the private key is a `Secret`.
 * Returned key pairs carry `fingerprint` = `certificateFingerprint(certificate)`.
 * `system` key pairs are read-only: update and delete fail with `failed_precondition`.
 */
export type KeyPairBackend = ResourceBackend<
  KeyPair,
  ValidKeyPairCreateInput,
  ValidKeyPairUpdatePatch,
  ResourceListFilter
>;

/** The service-account operations of a backend (optional member `serviceAccounts`). */
export interface ServiceAccountBackend {
  /** Lists one page (a backend without paging on the wire slices the whole list). */
  list(options: ListPageOptions & ServiceAccountListFilter): Promise<ListPage<ServiceAccount>>;
  /** Reads one account; `not_found` when it does not exist. */
  get(options: IdOptions): Promise<ServiceAccount>;
  /** Creates an account; the answer carries the issued token (a `Secret`, registered for redaction). */
  create(options: CreateOptions<ServiceAccountCreateInput>): Promise<IssuedServiceAccount>;
  /**
   * Applies a partial patch; `token` is the token the wire returned with the
   * update (Enterprise `SetPomeriumServiceAccount`), else undefined. Absent: updates are `unimplemented`.
   */
  update?(options: UpdateOptions<ServiceAccountUpdatePatch>): Promise<IssuedServiceAccount>;
  /** Deletes an account; `not_found` when it does not exist. */
  delete(options: IdOptions): Promise<void>;
  /** Reads the account's token (Zero `GET …/token`). Absent: `unimplemented`. */
  getToken?(options: IdOptions): Promise<Secret>;
}

/** Which settings object a call addresses. */
export interface SettingsScopeOptions extends CallOptions {
  /**
   * The cluster whose settings to read or write. Zero: defaults to the
   * adapter's `cluster` (none → `failed_precondition` asking for one);
   * Enterprise: unset means the default cluster.
   */
  clusterId?: string;
}

/** Options of a backend settings update. */
export interface SettingsUpdateOptions extends SettingsScopeOptions {
  /** The validated patch: absent keys keep their value, `null` unsets. Secrets are `Secret`s. */
  patch: ValidSettingsUpdatePatch;
  /** Optimistic concurrency, as in {@link UpdateOptions.expectedUpdatedAt}. */
  expectedUpdatedAt?: string;
}

/** The settings operations of a backend (optional member `settings`): one object per scope. */
export interface SettingsBackend {
  /** Reads the settings of the scope. Secrets the server returned masked are masked `Secret`s. */
  get(options: SettingsScopeOptions): Promise<Settings>;
  /** Applies a partial patch (read-modify-write where the wire needs a whole object) and returns the stored settings. */
  update(options: SettingsUpdateOptions): Promise<Settings>;
}

/** The cluster operations of a backend (optional member `clusters`): read-only. */
export interface ClusterBackend {
  /** Every cluster (neither console pages clusters). */
  list(options: CallOptions): Promise<Cluster[]>;
  /** Reads one cluster; `not_found` when it does not exist. */
  get(options: IdOptions): Promise<Cluster>;
}

/** What a backend can and cannot do. Operations it cannot do throw `unimplemented`. */
export interface BackendCapabilities {
  /** Namespaces can be created, renamed, moved and deleted (Enterprise, memory). Zero: false. */
  writeNamespaces: boolean;
  /** List calls report `totalCount` (Enterprise, memory). Zero: false. */
  listTotalCount: boolean;
  /** The backend keeps more than one health check per route (Enterprise, memory). Zero: false. */
  multipleHealthChecks: boolean;
  /**
   * An update sends only the patched fields, so re-sending it after a lost answer
   * cannot overwrite other edits (Zero with JSON Patch, memory). The client then
   * retries updates whose answer was lost. Default false: the client then reads
   * the object back and re-sends the update once only when its patch is not in place.
   */
  fieldLevelUpdates?: boolean;
  /**
   * Each update attempt re-reads the stored object and applies only the patch to
   * it, so re-sending an update after a lost answer cannot overwrite edits made
   * since (Enterprise: every resource it updates). The client then retries updates
   * whose answer was lost, like `fieldLevelUpdates`. Declare it only when it holds
   * for every update the backend offers. Default false.
   */
  patchReappliedOnRead?: boolean;
  /** The backend offers `bulk.putRoutes`: many route creates and updates in one call (Enterprise `SetRoutes`); used by the sync engine. Default false. */
  bulkRouteWrites?: boolean;
  /** The backend implements `keyPairs`. Default false. */
  keyPairs?: boolean;
  /** The backend implements `serviceAccounts` (list, get, create, delete). Default false. */
  serviceAccounts?: boolean;
  /** `serviceAccounts.update` is implemented. Default false. */
  serviceAccountUpdates?: boolean;
  /** `serviceAccounts.getToken` is implemented (Zero). Default false. */
  serviceAccountTokenRead?: boolean;
  /** The backend implements `settings`. Default false. */
  settings?: boolean;
  /** The backend implements `clusters`. Default false. */
  clusters?: boolean;
}

/** One element of a bulk route write: a route to create, or a partial patch of an existing route. */
export type BulkRouteWrite =
  | {
      /** A new route, validated and normalised like a `create` input. */
      input: RouteCreateInput;
    }
  | {
      /** The id of the route to update. */
      id: string;
      /** The validated partial patch: keys left out keep their value, `null` clears a setting. */
      patch: RouteUpdatePatch;
    };

/** Options of {@link BackendBulkOperations.putRoutes}. */
export interface PutRoutesOptions extends CallOptions {
  /** The writes, all in one request. */
  routes: BulkRouteWrite[];
}

/** Optional operations that write many objects in one request. Declared by `capabilities.bulkRouteWrites`. */
export interface BackendBulkOperations {
  /** Creates and updates many routes in one request; returns the stored routes in the order given. */
  putRoutes(options: PutRoutesOptions): Promise<BackendRoute[]>;
}

/**
 * The contract between the client and a deployment, version 1. An adapter
 * implements five operations per resource; `createPomeriumClient` adds
 * validation, paging and look-ups on top, once for every backend.
 */
export interface PomeriumBackend {
  /** The version of this contract the backend implements. */
  readonly specificationVersion: 'v1';
  /** Short backend name used in errors and extension bags: `memory`, `zero`, `enterprise`, … */
  readonly name: string;
  /** What the backend can do. */
  readonly capabilities: BackendCapabilities;
  /** Namespace operations. */
  readonly namespaces: NamespaceBackend;
  /** Policy operations. */
  readonly policies: PolicyBackend;
  /** Route operations. */
  readonly routes: RouteBackend;
  /** Bulk operations, when `capabilities.bulkRouteWrites` says the backend has them. */
  readonly bulk?: BackendBulkOperations;
  /** Key-pair operations (optional; declare `capabilities.keyPairs`). */
  readonly keyPairs?: KeyPairBackend;
  /** Service-account operations (optional; declare `capabilities.serviceAccounts`). */
  readonly serviceAccounts?: ServiceAccountBackend;
  /** Settings operations (optional; declare `capabilities.settings`). */
  readonly settings?: SettingsBackend;
  /** Cluster operations (optional; declare `capabilities.clusters`). */
  readonly clusters?: ClusterBackend;
  /** What `@pomerium-unified/sync` needs to know about this backend (optional; see {@link BackendSyncRules}). */
  readonly syncRules?: BackendSyncRules;
  /** Releases connections and timers. Safe to call twice. */
  close?(): Promise<void>;
}
