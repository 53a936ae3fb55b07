import type { PomeriumError } from '@pomerium-unified/core';
import type {
  ConfigKeyPair,
  ConfigNamespace,
  ConfigPolicy,
  ConfigRoute,
  ConfigServiceAccount,
  ConfigSettings,
} from './config-document.js';

/** The kinds of object a plan handles. */
export type SyncObjectKind = 'namespace' | 'policy' | 'route' | 'keyPair' | 'settings' | 'serviceAccount';

/** One field that differs between the target and the desired state. */
export interface FieldChange {
  /** The field, e.g. `to`, `ppl`, `extensions.enterprise.rego`. */
  field: string;
  /** The target's current value (absent when unset). */
  before?: unknown;
  /** The desired value (absent when it is cleared). */
  after?: unknown;
}

/** One write of a plan. */
export interface PlannedChange {
  /** What the write does. */
  action: 'create' | 'update' | 'delete';
  /** What it writes. */
  kind: SyncObjectKind;
  /**
   * The object's key on the target: the namespace path, or namespace path + `/` + name (`/name` in the root); for a
   * key pair its certificate fingerprint.
   */
  key: string;
  /** The target id (updates and deletes). */
  id?: string;
  /** The key in the desired document before `namespaceMap` was applied, when it differs. */
  sourceKey?: string;
  /** The id the object has on the source deployment, when known (migrate). */
  sourceId?: string;
  /** For updates: the fields that change. */
  diff?: FieldChange[];
  /** For updates: the target object's `updatedAt` when planned; the update fails with `aborted` if it changed since. */
  expectedUpdatedAt?: string;
  /** For creates and updates: the desired entry, with namespaces already mapped. */
  desired?: ConfigNamespace | ConfigPolicy | ConfigRoute | ConfigKeyPair | ConfigSettings | ConfigServiceAccount;
  /**
   * Key-pair creates: the private key is written, read at apply time from the
   * `keyPairKeys` option (never stored in the plan).
   */
  withPrivateKey?: boolean;
}

/** One object or field the target cannot represent. */
export interface FidelityIssue {
  /** `error` refuses the apply unless `allowLossy`; `warning` is informational. */
  severity: 'error' | 'warning';
  /** The kind of object concerned. */
  kind: SyncObjectKind;
  /** The object's key (target side; a key pair's fingerprint). */
  key: string;
  /** The field concerned, when one. */
  field?: string;
  /** The rule that found the issue, e.g. `enterprise-only-field`, `namespace-not-creatable`. */
  rule: string;
  /** Why the target cannot take it. */
  reason: string;
}

/** A serialisable plan: the writes that bring a target to the desired state. */
export interface SyncPlan {
  /** Version of this plan format. */
  formatVersion: 1;
  /** The target the plan was computed against, and a digest of its state then. */
  target: { backend: string; digest: string };
  /** The writes, in apply order. */
  changes: PlannedChange[];
  /** What the target cannot represent. */
  fidelity: FidelityIssue[];
  /** Counts per action. */
  summary: { create: number; update: number; delete: number; unchanged: number };
  /** Target ids of objects that exist and are referred to by name (namespaces by path, policies by key). */
  targetIds: {
    namespaces: Record<string, string>;
    policies: Record<string, string>;
    routes: Record<string, string>;
    /** Key pairs by fingerprint (plans made before key pairs were synced lack it). */
    keyPairs?: Record<string, string>;
  };
  /** Source id → target id of objects left unchanged (when source ids were given), so the id map covers them. */
  unchangedIdMap: Record<string, string>;
  /** The namespace paths the plan may write in (after mapping); prune deletes only inside them. */
  scope: string[];
  /**
   * The target's `autoApplyChangesets` setting when planned, if it was read. `false`: writes are saved in a changeset
   * that is not live until it is applied (Zero).
   */
  targetAutoApplyChangesets?: boolean;
}

/** Something the caller should know about an apply that is neither a failure nor a fidelity issue. */
export interface SyncNotice {
  /** `changes-not-live`: the target saved the writes in a changeset that still has to be applied. */
  code: 'changes-not-live';
  /** What it means and what to do, in one sentence. */
  message: string;
}

/** One progress report of {@link applyPlan}. */
export interface SyncProgressEvent {
  /** Changes finished so far. */
  done: number;
  /** Changes in the plan. */
  total: number;
  /** The change that just finished. */
  change: PlannedChange;
  /** How it ended. */
  status: 'ok' | 'failed';
}

/** What {@link applyPlan} did. */
export interface ApplyResult {
  /** Objects created. */
  created: number;
  /** Objects updated. */
  updated: number;
  /** Objects deleted. */
  deleted: number;
  /** Changes that failed, with their error. */
  failed: Array<{ key: string; kind: SyncObjectKind; error: PomeriumError }>;
  /** Source id (or key when the source id is unknown) → target id of every object the plan covers. */
  idMap: Record<string, string>;
  /** The fidelity issues that were dropped because `allowLossy` was set. */
  dropped: FidelityIssue[];
  /** Fields written but missing from what the server returned (older consoles ignore newer fields). */
  serverDropped: Array<{ key: string; kind: SyncObjectKind; field: string }>;
  /** Service accounts created (with `createServiceAccounts`); their tokens went only to the token file. */
  serviceAccountsCreated?: Array<{ userId: string; id: string }>;
  /** The file the new service-account tokens were written to, when any were created. */
  serviceAccountTokenFile?: string;
  /** Notices about the writes, e.g. that they are saved but not live yet. */
  notices?: SyncNotice[];
}
