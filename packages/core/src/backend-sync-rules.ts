/** The kinds of objects a backend's sync rules speak of. */
export type SyncRuleObjectKind = 'namespace' | 'policy' | 'route' | 'keyPair' | 'settings' | 'serviceAccount';

/** What one key of a backend's extension bag means when the target of a sync is another backend. */
export interface ForeignExtensionKeyRule {
  /** `error`: the value cannot be carried, so the plan is refused unless lossy; `warning`: dropping it is harmless. */
  severity: 'error' | 'warning';
  /** Why, in words a person reads in the fidelity report (`custom Rego policies exist only in …`). */
  reason: string;
}

/**
 * What a backend tells `@pomerium-unified/sync` about itself (optional member
 * `PomeriumBackend.syncRules`). Sync reads only the rules of the backends it
 * works with: the source's for its own extension keys, the target's for what
 * it accepts. Every member is optional; a backend without rules keeps every
 * extension key writable, and another backend's keys of its bag are reported
 * as wire fields the target cannot take (error).
 */
export interface BackendSyncRules {
  /**
   * Extension keys the backend computes or keeps read-only, per object kind:
   * an export leaves them out. `'*'` means the whole bag is read-only.
   */
  readonly readOnlyExtensionKeys?: Readonly<Partial<Record<SyncRuleObjectKind, readonly string[] | '*'>>>;
  /**
   * What each key of this backend's extension bag means when the target is
   * another backend, which has no such field. Keys not listed are reported as
   * wire fields the target cannot take (error).
   */
  readonly foreignExtensionKeys?: Readonly<
    Partial<Record<SyncRuleObjectKind, Readonly<Record<string, ForeignExtensionKeyRule>>>>
  >;
  /** Redirect response codes the backend accepts as a target. Absent: every code the core model accepts. */
  readonly redirectResponseCodes?: readonly number[];
  /**
   * Shared settings whose values form a closed set on this backend as a
   * target (field → accepted values), e.g. Zero's `dnsLookupFamily`. Absent:
   * whatever the core model accepts.
   */
  readonly settingsValueSets?: Readonly<Record<string, readonly string[]>>;
  /**
   * How the backend scopes service accounts: `namespace` (default: an account
   * belongs to a namespace) or `cluster` (it belongs to the backend's cluster
   * and has no namespace, as on Zero).
   */
  readonly serviceAccountScope?: 'namespace' | 'cluster';
}
