import type { PomeriumClient } from '@pomerium-unified/core';
import { applyPlan } from './apply-plan.js';
import { configFromDeployment, parseNamespaceSelection } from './export-config.js';
import type { KeyPairKeys } from './key-pair-keys.js';
import { markTrusted, parseNamespaceMap } from './plan-options.js';
import { planSyncWith } from './plan-sync.js';
import { readDeployment } from './read-deployment.js';
import type { ApplyResult, SyncPlan, SyncProgressEvent } from './sync-plan.js';

/** Options of {@link migrate}. */
export interface MigrateOptions {
  /** The deployment to read. */
  from: PomeriumClient;
  /** The deployment to write. */
  to: PomeriumClient;
  /** Source namespace path → target namespace path; the longest matching prefix wins. */
  namespaceMap?: Record<string, string>;
  /** Only these source namespace paths and those below them. */
  namespaces?: string[];
  /** Delete target objects the source does not hold (inside the mapped or selected namespaces). */
  prune?: boolean;
  /** Plan and check, write nothing. */
  dryRun?: boolean;
  /** Proceed despite fidelity errors; what cannot be carried is listed in `result.dropped`. */
  allowLossy?: boolean;
  /**
   * The private keys of the source's key pairs (no API returns them): fingerprint → PEM, or PEM keys matched to
   * certificates by public key (`readKeyPairKeys(dir)` reads a directory of key files). A client certificate a
   * route uses needs its key on the target; without it the route is a fidelity error.
   */
  keyPairKeys?: KeyPairKeys;
  /** Writes in flight at once. Default 8. */
  concurrency?: number;
  /** Called after each change. */
  onProgress?: (event: SyncProgressEvent) => void;
  /** Aborts the migration. */
  signal?: AbortSignal;
}

/** What {@link migrate} did: the plan and the apply result (`result.idMap`: source id → target id). */
export interface MigrateResult {
  /** The plan that was applied (or would be, with `dryRun`). */
  plan: SyncPlan;
  /** What the apply did. */
  result: ApplyResult;
}

/**
 * Export + plan + apply: copies namespaces, policies, routes (secrets
 * included) and the key pairs they use (certificates; private keys from
 * `keyPairKeys`) from one deployment to another, routes' key-pair references
 * remapped to the target's ids. Refuses fidelity errors unless
 * `allowLossy` (a `SyncFidelityError`, nothing written). Running it again
 * plans nothing; an interrupted run, run again, converges without duplicates.
 */
export async function migrate(options: MigrateOptions): Promise<MigrateResult> {
  const namespaces = parseNamespaceSelection(options.namespaces);
  parseNamespaceMap(options.namespaceMap); // invalid_argument before any call
  // Both deployments are read at once; the source's objects are dropped once the document is built.
  const targetState = readDeployment(options.to, options.signal);
  targetState.catch(() => {}); // a failed source read below reports first; planning awaits this one again
  const ids = new Map<string, string>();
  const desired = markTrusted(
    configFromDeployment(await readDeployment(options.from, options.signal), {
      ...(namespaces ? { namespaces } : {}),
      includeSecrets: true,
      ids,
    }),
  );
  const plan = await planSyncWith(
    {
      desired,
      target: options.to,
      ...(options.namespaceMap ? { namespaceMap: options.namespaceMap } : {}),
      ...(namespaces ? { namespaces } : {}),
      ...(options.prune ? { prune: true } : {}),
      ...(options.from.backend.syncRules ? { sourceRules: options.from.backend.syncRules } : {}),
      sourceIds: Object.fromEntries(ids),
      ...(options.keyPairKeys ? { keyPairKeys: options.keyPairKeys } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    },
    { targetState, lazyDigest: true },
  );
  const result = await applyPlan(plan, options.to, {
    checkTarget: false,
    ...(options.concurrency === undefined ? {} : { concurrency: options.concurrency }),
    ...(options.dryRun ? { dryRun: true } : {}),
    ...(options.allowLossy ? { allowLossy: true } : {}),
    ...(options.keyPairKeys ? { keyPairKeys: options.keyPairKeys } : {}),
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  });
  return { plan, result };
}
