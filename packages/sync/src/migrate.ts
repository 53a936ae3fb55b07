import type { PomeriumClient } from '@pomerium-unified/core';
import type { ApplyResult, SyncPlan, SyncProgressEvent } from './sync-plan.js';
import { unimplemented } from './unimplemented.js';

/** Options of {@link migrate}. */
export interface MigrateOptions {
  /** The deployment to read. */
  from: PomeriumClient;
  /** The deployment to write. */
  to: PomeriumClient;
  /** Source namespace path → target namespace path. */
  namespaceMap?: Record<string, string>;
  /** Only these source namespace paths and those below them. */
  namespaces?: string[];
  /** Delete target objects the source does not hold (inside the mapped namespaces). */
  prune?: boolean;
  /** Plan and check, write nothing. */
  dryRun?: boolean;
  /** Proceed despite fidelity errors. */
  allowLossy?: boolean;
  /** Carry secret values too. Default true: a migration needs them. */
  includeSecrets?: boolean;
  /** Writes in flight at once. Default 8. */
  concurrency?: number;
  /** Called after each change. */
  onProgress?: (event: SyncProgressEvent) => void;
  /** Aborts the migration. */
  signal?: AbortSignal;
}

/** What {@link migrate} did: the plan and the apply result. */
export interface MigrateResult {
  /** The plan that was applied (or would be, with `dryRun`). */
  plan: SyncPlan;
  /** What the apply did. */
  result: ApplyResult;
}

/** Export + plan + apply: copies a deployment's namespaces, policies and routes to another. */
export async function migrate(_options: MigrateOptions): Promise<MigrateResult> {
  return unimplemented('migrate');
}
