import type { PomeriumClient } from '@pomerium-unified/core';
import type { PomeriumConfig } from './config-document.js';
import type { SyncPlan } from './sync-plan.js';
import { unimplemented } from './unimplemented.js';

/** Options of {@link planSync}. */
export interface PlanSyncOptions {
  /** The state to reach. */
  desired: PomeriumConfig;
  /** The deployment to change. */
  target: PomeriumClient;
  /** Source namespace path → target namespace path; the longest matching prefix wins. */
  namespaceMap?: Record<string, string>;
  /** Delete target objects the desired state does not hold (only inside the selected or mapped namespaces). */
  prune?: boolean;
  /** Only these desired namespace paths and those below them. */
  namespaces?: string[];
  /** Source ids by desired key (set by migrate), so the id map of the result is keyed by source id. */
  sourceIds?: Record<string, string>;
  /** Aborts the planning. */
  signal?: AbortSignal;
}

/** Computes the writes that bring `target` to the `desired` state, with a fidelity report. */
export async function planSync(_options: PlanSyncOptions): Promise<SyncPlan> {
  return unimplemented('planSync');
}
