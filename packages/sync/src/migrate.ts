import { type PomeriumClient, PomeriumError } from '@pomerium-unified/core';
import { applyPlan } from './apply-plan.js';
import { configFromDeployment, parseNamespaceSelection } from './export-config.js';
import { addDeploymentExtras, readDeploymentExtras } from './export-extras.js';
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
  /**
   * Carry the settings of the source's scope to the target's (fields that differ only; never `autoApplyChangesets`,
   * the target's review workflow). Default true.
   */
  settings?: boolean;
  /**
   * Create the source's service accounts the target lacks (matched by bare user id). Their new tokens are written
   * only to `serviceAccountTokenFile`, which is then required. Default false: they are only reported.
   */
  createServiceAccounts?: boolean;
  /** The file (created mode 0600, one JSON object per line) that receives the new tokens. */
  serviceAccountTokenFile?: string;
  /** Replace an existing token file instead of refusing it. */
  overwriteServiceAccountTokenFile?: boolean;
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
 * remapped to the target's ids, and the settings; reports the source's service
 * accounts the target lacks (creating them only with `createServiceAccounts`,
 * their tokens written only to the token file). The target's
 * `autoApplyChangesets` is never changed by a migration. Refuses fidelity errors unless
 * `allowLossy` (a `SyncFidelityError`, nothing written). Running it again
 * plans nothing; an interrupted run, run again, converges without duplicates.
 */
export async function migrate(options: MigrateOptions): Promise<MigrateResult> {
  const namespaces = parseNamespaceSelection(options.namespaces);
  parseNamespaceMap(options.namespaceMap); // invalid_argument before any call
  if (options.createServiceAccounts && !options.dryRun && !options.serviceAccountTokenFile) {
    throw new PomeriumError(
      'createServiceAccounts needs serviceAccountTokenFile: the new tokens are written only to that file',
      { code: 'invalid_argument', field: 'serviceAccountTokenFile' },
    );
  }
  // Both deployments are read at once; the source's objects are dropped once the document is built.
  const targetState = readDeployment(options.to, options.signal);
  targetState.catch(() => {}); // a failed source read below reports first; planning awaits this one again
  const ids = new Map<string, string>();
  const [state, extras] = await Promise.all([
    readDeployment(options.from, options.signal),
    readDeploymentExtras(options.from, { settings: options.settings !== false }, options.signal),
  ]);
  const config = addDeploymentExtras(
    configFromDeployment(state, { ...(namespaces ? { namespaces } : {}), includeSecrets: true, ids }),
    extras,
    state.paths,
    {
      includeSecrets: true,
      reader: { name: state.backend, syncRules: state.syncRules },
      ...(namespaces ? { namespaces } : {}),
    },
  );
  // Whether writes wait for a changeset apply is the target's review workflow: a migration leaves it alone.
  if (config.settings) delete config.settings.autoApplyChangesets;
  const desired = markTrusted(config);
  const plan = await planSyncWith(
    {
      desired,
      target: options.to,
      ...(options.namespaceMap ? { namespaceMap: options.namespaceMap } : {}),
      ...(namespaces ? { namespaces } : {}),
      ...(options.prune ? { prune: true } : {}),
      ...(options.from.backend.syncRules ? { sourceRules: options.from.backend.syncRules } : {}),
      ...(options.createServiceAccounts ? { createServiceAccounts: true } : {}),
      sourceIds: Object.fromEntries(ids),
      ...(options.keyPairKeys ? { keyPairKeys: options.keyPairKeys } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    },
    { targetState, lazyDigest: true },
  );
  if (extras.settings?.unavailable !== undefined) {
    plan.fidelity.push({
      severity: 'warning',
      kind: 'settings',
      key: 'default',
      rule: 'settings-unsupported',
      reason: `the source's settings are not carried: ${extras.settings.unavailable}`,
    });
  }
  const result = await applyPlan(plan, options.to, {
    checkTarget: false,
    ...(options.concurrency === undefined ? {} : { concurrency: options.concurrency }),
    ...(options.dryRun ? { dryRun: true } : {}),
    ...(options.allowLossy ? { allowLossy: true } : {}),
    ...(options.keyPairKeys ? { keyPairKeys: options.keyPairKeys } : {}),
    ...(options.serviceAccountTokenFile ? { serviceAccountTokenFile: options.serviceAccountTokenFile } : {}),
    ...(options.overwriteServiceAccountTokenFile ? { overwriteServiceAccountTokenFile: true } : {}),
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  });
  return { plan, result };
}
