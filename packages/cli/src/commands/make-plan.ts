import { knownBackendSyncRules } from '@pomerium-unified/config';
import { type KeyPairKeys, migrate, planSync, type SyncPlan } from '@pomerium-unified/sync';
import type { CommandContext } from '../command-context.js';
import type { DeploymentEndpoint, Endpoint } from '../endpoints.js';

/** What to plan. */
export interface MakePlanOptions {
  /** Source namespace path → target namespace path. */
  namespaceMap?: Record<string, string> | undefined;
  /** Only these source namespace paths and below. */
  namespaces?: string[] | undefined;
  /** Delete what the source does not hold, inside the selected or mapped namespaces. */
  prune?: boolean | undefined;
  /** The private keys of the key pairs (`--key-pair-keys`). */
  keyPairKeys?: KeyPairKeys | undefined;
  /** Plan creates of the source's service accounts the target lacks. */
  createServiceAccounts?: boolean | undefined;
  /** False: leave the settings out (from a deployment source). */
  settings?: boolean | undefined;
}

/**
 * Plans bringing `target` to what `source` holds: from a document through
 * `planSync`, from a deployment through a dry-run `migrate` (which also carries
 * the source ids into the plan, so the id map is keyed by them). Nothing is
 * written.
 */
export async function makePlan(
  source: Endpoint,
  target: DeploymentEndpoint,
  options: MakePlanOptions,
  context: CommandContext,
): Promise<SyncPlan> {
  const signal = context.io.signal ? { signal: context.io.signal } : {};
  const shared = {
    ...(options.namespaceMap ? { namespaceMap: options.namespaceMap } : {}),
    ...(options.namespaces && options.namespaces.length > 0 ? { namespaces: options.namespaces } : {}),
    ...(options.prune ? { prune: true } : {}),
    ...(options.keyPairKeys ? { keyPairKeys: options.keyPairKeys } : {}),
    ...(options.createServiceAccounts ? { createServiceAccounts: true } : {}),
    ...signal,
  };
  if (source.type === 'file') {
    const sourceRules = knownBackendSyncRules(source.config.source?.backend);
    return planSync({
      desired: source.config,
      target: target.client,
      ...(sourceRules ? { sourceRules } : {}),
      ...shared,
    });
  }
  const { plan } = await migrate({
    from: source.client,
    to: target.client,
    dryRun: true,
    allowLossy: true,
    ...(options.settings === false ? { settings: false } : {}),
    ...shared,
  });
  return plan;
}
