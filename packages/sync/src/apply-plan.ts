import type { PomeriumClient } from '@pomerium-unified/core';
import type { ApplyResult, SyncPlan, SyncProgressEvent } from './sync-plan.js';
import { unimplemented } from './unimplemented.js';

/** Options of {@link applyPlan}. */
export interface ApplyPlanOptions {
  /** Writes in flight at once. Default 8. */
  concurrency?: number;
  /** Check everything (staleness, fidelity) but write nothing. */
  dryRun?: boolean;
  /** Proceed despite fidelity errors; what cannot be carried is dropped and listed in the result. */
  allowLossy?: boolean;
  /** Called after each change. */
  onProgress?: (event: SyncProgressEvent) => void;
  /** Aborts the apply between writes and inside each call. */
  signal?: AbortSignal;
}

/** Applies a plan to the deployment it was computed against. */
export async function applyPlan(
  _plan: SyncPlan,
  _target: PomeriumClient,
  _options: ApplyPlanOptions = {},
): Promise<ApplyResult> {
  return unimplemented('applyPlan');
}
