import type { ConfigServiceAccount } from './config-document.js';
import { mapPath } from './config-keys.js';
import { type ServiceAccountsRead, serviceAccountKey } from './export-service-accounts.js';
import type { FidelityIssue, PlannedChange } from './sync-plan.js';

/** What comparing the document's service accounts with the target's gives. */
export interface ServiceAccountPlan {
  /** Creates (only with `createServiceAccounts`). */
  changes: PlannedChange[];
  /** Accounts the target lacks (without `createServiceAccounts`), scope changes, a target without accounts. */
  fidelity: FidelityIssue[];
  /** Accounts the target has already. */
  unchanged: number;
}

/** What {@link planServiceAccounts} compares. */
export interface ServiceAccountPlanInput {
  /** The document's accounts (undefined: the document says nothing about them). */
  desired: readonly ConfigServiceAccount[] | undefined;
  /** The target's accounts as listed. */
  current: ServiceAccountsRead;
  /** The target backend's name. */
  targetName: string;
  /** How the target scopes service accounts (its `syncRules.serviceAccountScope`); default `namespace`. */
  targetScope: 'namespace' | 'cluster' | undefined;
  /** Document namespace path → target namespace path. */
  namespaceMap: ReadonlyMap<string, string>;
  /** Plan a create for each missing account (its new token goes to the token file on apply). */
  createServiceAccounts: boolean;
}

/**
 * Reports the document's service accounts that the target lacks, matched by
 * bare user id (tokens never move: they are credentials of the issuing
 * deployment). With `createServiceAccounts` each missing account becomes a
 * planned create instead. Existing accounts are never changed or deleted.
 */
export function planServiceAccounts(input: ServiceAccountPlanInput): ServiceAccountPlan {
  const { desired, current, targetName } = input;
  const result: ServiceAccountPlan = { changes: [], fidelity: [], unchanged: 0 };
  if (desired === undefined || desired.length === 0) return result;
  if (current.unavailable !== undefined) {
    result.fidelity.push({
      severity: 'warning',
      kind: 'serviceAccount',
      key: '*',
      rule: 'service-accounts-unsupported',
      reason: `${desired.length} service account(s) of the source are not compared: ${current.unavailable}`,
    });
    return result;
  }
  const existing = new Set(current.serviceAccounts.map((account) => serviceAccountKey(account)));
  const planned = new Set<string>();
  const clusterScoped = input.targetScope === 'cluster';
  for (const entry of desired) {
    const key = serviceAccountKey(entry);
    if (existing.has(key)) {
      result.unchanged++;
      continue;
    }
    if (planned.has(key)) continue;
    planned.add(key);
    if (!input.createServiceAccounts) {
      result.fidelity.push({
        severity: 'warning',
        kind: 'serviceAccount',
        key,
        rule: 'service-account-missing',
        reason:
          `${targetName} has no service account ${key}, and tokens cannot be carried: ` +
          'create it on request (createServiceAccounts, --create-service-accounts) and hand out its new token',
      });
      continue;
    }
    const writable: ConfigServiceAccount = { ...entry, userId: key };
    delete writable.extensions;
    if (entry.namespace !== undefined) {
      if (clusterScoped) {
        delete writable.namespace;
        result.fidelity.push({
          severity: 'warning',
          kind: 'serviceAccount',
          key,
          field: 'namespace',
          rule: 'service-account-scope',
          reason: `${targetName} scopes service accounts by cluster; the account belonged to namespace ${entry.namespace}`,
        });
      } else writable.namespace = mapPath(entry.namespace, input.namespaceMap);
    }
    result.changes.push({ action: 'create', kind: 'serviceAccount', key, desired: writable });
  }
  return result;
}
