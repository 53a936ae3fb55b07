import {
  type BackendRoute,
  type Namespace,
  type Policy,
  type PomeriumClient,
  PomeriumError,
  parseInput,
  type Route,
  type RouteCreateInput,
  routeCreateInputSchema,
  toUpdatePatch,
} from '@pomerium-unified/core';
import { keyPairWriter } from './apply-key-pairs.js';
import { createPlannedServiceAccounts } from './apply-service-accounts.js';
import { applySettingsChange } from './apply-settings.js';
import {
  type IdResolver,
  namespaceCreateInput,
  policyCreateInput,
  policyUpdatePatch,
  routeCreateInput,
  routeUpdatePatch,
  serverDroppedFields,
} from './change-writes.js';
import { changesetNotice } from './changeset-notice.js';
import type { ConfigPolicy, ConfigRoute } from './config-document.js';
import type { EntryContext } from './config-entries.js';
import { nameOfPath, rootPath } from './config-keys.js';
import type { KeyPairKeys } from './key-pair-keys.js';
import { readDeployment } from './read-deployment.js';
import { routeSecretFields } from './route-field-paths.js';
import { runPool, throwIfAborted } from './run-pool.js';
import { SyncFidelityError } from './sync-fidelity-error.js';
import type { ApplyResult, PlannedChange, SyncPlan, SyncProgressEvent } from './sync-plan.js';
import { digestDeployment } from './target-digest.js';
import { openTokenFile, type TokenFile } from './write-token-file.js';

/** Options of {@link applyPlan}. */
export interface ApplyPlanOptions {
  /** Writes in flight at once. Default 8. */
  concurrency?: number;
  /** Check everything (staleness, fidelity) but write nothing. */
  dryRun?: boolean;
  /** Proceed despite fidelity errors; what cannot be carried is dropped and listed in the result. */
  allowLossy?: boolean;
  /**
   * Re-read the target and refuse the plan when its digest changed. Default true; `migrate` turns it off because it
   * plans right before applying. A plan without changes never reads the target.
   */
  checkTarget?: boolean;
  /** Routes per bulk request on backends with `capabilities.bulkRouteWrites`. Default 100; 0 turns bulk off. */
  bulkSize?: number;
  /**
   * The private keys of the plan's key pairs (fingerprint → PEM, or PEM keys matched by public key): a plan never
   * holds them, so pass the ones given when planning.
   */
  keyPairKeys?: KeyPairKeys;
  /**
   * The file that receives the tokens of the service accounts the plan creates (mode 0600, one JSON object per
   * line); required when it creates any. Tokens go nowhere else.
   */
  serviceAccountTokenFile?: string;
  /** Replace an existing token file instead of refusing it (`already_exists`). */
  overwriteServiceAccountTokenFile?: boolean;
  /** Called after each change. */
  onProgress?: (event: SyncProgressEvent) => void;
  /** Aborts the apply between writes and inside each call. */
  signal?: AbortSignal;
}

function invalid(message: string, field: string): never {
  throw new PomeriumError(message, { code: 'invalid_argument', field });
}

function asPomeriumError(error: unknown, backend: string): PomeriumError {
  if (PomeriumError.isInstance(error)) return error;
  return new PomeriumError(`Sync failed: ${(error as Error)?.message ?? String(error)}`, {
    code: 'unknown',
    cause: error,
    backend,
  });
}

/** Whether a failed create may have left an object behind (its answer was lost). */
function mayHaveCreated(error: unknown): boolean {
  if (!PomeriumError.isInstance(error)) return false;
  return error.code === 'already_exists' || error.mayHaveCommitted;
}

const secretFields = new Set<string>(routeSecretFields);

/**
 * Applies a plan to the deployment it was computed against. Refuses fidelity
 * errors (a `SyncFidelityError`) unless `allowLossy`, and a plan whose target
 * changed since planning (the digest is recomputed; `aborted`). Writes in
 * order: namespaces parents first, key pairs, policies, routes, then deletes in reverse;
 * at most `concurrency` at once; updates send only the fields of their diff.
 * A create whose answer was lost is recovered by name, so an interrupted
 * apply planned and applied again converges without duplicates.
 */
export async function applyPlan(
  plan: SyncPlan,
  target: PomeriumClient,
  options: ApplyPlanOptions = {},
): Promise<ApplyResult> {
  if (plan?.formatVersion !== 1 || !Array.isArray(plan.changes) || !Array.isArray(plan.fidelity)) {
    invalid('plan is not a formatVersion 1 sync plan', 'plan');
  }
  const concurrency = options.concurrency ?? 8;
  if (!Number.isInteger(concurrency) || concurrency < 1)
    invalid('concurrency must be a positive integer', 'concurrency');
  const bulkSize = options.bulkSize ?? 100;
  if (!Number.isInteger(bulkSize) || bulkSize < 0) invalid('bulkSize must be a non-negative integer', 'bulkSize');
  const backendName = target.backend.name;
  if (plan.target.backend !== backendName) {
    throw new PomeriumError(`The plan was computed for a ${plan.target.backend} target, not ${backendName}`, {
      code: 'failed_precondition',
    });
  }
  const accountCreates = plan.changes.filter((change) => change.kind === 'serviceAccount');
  if (accountCreates.length > 0 && !options.dryRun && !options.serviceAccountTokenFile) {
    invalid(
      'the plan creates service accounts: serviceAccountTokenFile must name the file for their new tokens',
      'serviceAccountTokenFile',
    );
  }
  const errors = plan.fidelity.filter((issue) => issue.severity === 'error');
  if (errors.length > 0 && !options.allowLossy) throw new SyncFidelityError(errors);
  const { signal } = options;
  if (plan.changes.length > 0 && options.checkTarget !== false) {
    const state = await readDeployment(target, signal);
    if (digestDeployment(state) !== plan.target.digest) {
      throw new PomeriumError('The target changed since the plan was computed; plan again', { code: 'aborted' });
    }
  }
  const result: ApplyResult = {
    created: 0,
    updated: 0,
    deleted: 0,
    failed: [],
    idMap: { ...plan.unchangedIdMap },
    dropped: plan.fidelity,
    serverDropped: [],
  };
  if (options.dryRun) return result;
  let tokenFile: TokenFile | undefined;
  if (accountCreates.length > 0) {
    tokenFile = await openTokenFile(
      options.serviceAccountTokenFile!,
      options.overwriteServiceAccountTokenFile === true,
    );
    result.serviceAccountTokenFile = tokenFile.path;
    result.serviceAccountsCreated = [];
  }
  let autoApplyChangesets = plan.targetAutoApplyChangesets;

  const ids: IdResolver = {
    namespaces: new Map(Object.entries(plan.targetIds.namespaces)),
    policies: new Map(Object.entries(plan.targetIds.policies)),
    keyPairs: new Map(Object.entries(plan.targetIds.keyPairs ?? {})),
  };
  const paths = new Map<string, string>();
  for (const [path, id] of ids.namespaces) paths.set(id, path);
  const policyLocations = new Map<string, { namespace: string; name: string }>();
  for (const [key, id] of ids.policies) policyLocations.set(id, locationOfKey(key));
  const context: EntryContext = { paths, policies: policyLocations, includeSecrets: true, backend: target.backend };
  const total = plan.changes.length;
  let done = 0;
  const call = signal ? { signal } : {};
  const guarded = (change: PlannedChange) =>
    change.expectedUpdatedAt ? { ...call, expectedUpdatedAt: change.expectedUpdatedAt } : call;
  const report = (change: PlannedChange, status: 'ok' | 'failed') => {
    done++;
    options.onProgress?.({ done, total, change, status });
  };
  const succeeded = (change: PlannedChange, id: string | undefined) => {
    if (change.action === 'create') result.created++;
    else if (change.action === 'update') result.updated++;
    else result.deleted++;
    if (id !== undefined && change.action !== 'delete')
      result.idMap[change.sourceId ?? `${change.kind}:${change.key}`] = id;
    report(change, 'ok');
  };
  const failed = (change: PlannedChange, error: unknown) => {
    result.failed.push({ key: change.key, kind: change.kind, error: asPomeriumError(error, backendName) });
    report(change, 'failed');
  };
  const readBack = (change: PlannedChange, stored: Policy | Route | BackendRoute) => {
    const fields = change.action === 'update' ? (change.diff ?? []).map((field) => field.field) : undefined;
    for (const field of serverDroppedFields(change.kind, change.desired as ConfigRoute, stored, context, fields)) {
      if (!secretFields.has(field)) result.serverDropped.push({ key: change.key, kind: change.kind, field });
    }
  };

  const recoverCreate = async <Item extends { id: string; name: string }>(
    error: unknown,
    list: () => Promise<Item[]>,
    name: string,
  ): Promise<Item> => {
    if (!mayHaveCreated(error)) throw error;
    const found = (await list()).filter((item) => item.name === name);
    if (found.length !== 1) throw error;
    return found[0]!;
  };

  const writeNamespace = async (change: PlannedChange) => {
    try {
      const input = namespaceCreateInput(ids, change.key);
      let created: Namespace;
      try {
        created = await target.namespaces.create(input, call);
      } catch (error) {
        const parentId = input.parentId;
        created = await recoverCreate(
          error,
          () => target.namespaces.list({ ...(parentId ? { parentId } : {}), ...call }).toArray(),
          nameOfPath(change.key),
        );
      }
      ids.namespaces.set(change.key, created.id);
      paths.set(created.id, change.key);
      succeeded(change, created.id);
    } catch (error) {
      failed(change, error);
    }
  };

  const writePolicy = async (change: PlannedChange) => {
    const entry = change.desired as ConfigPolicy;
    try {
      let stored: Policy;
      if (change.action === 'update')
        stored = await target.policies.update(change.id!, policyUpdatePatch(change), guarded(change));
      else {
        const input = policyCreateInput(ids, entry);
        try {
          stored = await target.policies.create(input, call);
        } catch (error) {
          const found = await recoverCreate(
            error,
            () => target.policies.list({ namespaceId: input.namespaceId, query: entry.name, ...call }).toArray(),
            entry.name,
          );
          const patch = toUpdatePatch(input, found);
          stored = Object.keys(patch).length > 0 ? await target.policies.update(found.id, patch, call) : found;
        }
      }
      ids.policies.set(change.key, stored.id);
      policyLocations.set(stored.id, locationOfKey(change.key));
      readBack(change, stored);
      succeeded(change, stored.id);
    } catch (error) {
      failed(change, error);
    }
  };

  const writeRoute = async (change: PlannedChange, afterLostBulk = false) => {
    const entry = change.desired as ConfigRoute;
    try {
      let stored: Route;
      if (change.action === 'update')
        stored = await target.routes.update(change.id!, routeUpdatePatch(ids, change), guarded(change));
      else {
        const input = routeCreateInput(ids, entry);
        const sameName = () =>
          target.routes.list({ namespaceId: input.namespaceId, query: entry.name, ...call }).toArray();
        const adopt = async (found: Route) => {
          const patch = toUpdatePatch(input, found);
          return Object.keys(patch).length > 0 ? target.routes.update(found.id, patch, call) : found;
        };
        // After a bulk write whose answer was lost, the route may exist already: look before creating.
        const existing = afterLostBulk ? (await sameName()).filter((route) => route.name === entry.name) : [];
        if (existing.length > 1) {
          throw new PomeriumError(`Route ${change.key} exists ${existing.length} times; not guessing`, {
            code: 'failed_precondition',
          });
        }
        if (existing[0]) stored = await adopt(existing[0]);
        else {
          try {
            stored = await target.routes.create(input, call);
          } catch (error) {
            stored = await adopt(await recoverCreate(error, sameName, entry.name));
          }
        }
      }
      readBack(change, stored);
      succeeded(change, stored.id);
    } catch (error) {
      failed(change, error);
    }
  };

  const writeRoutesInBulk = async (batch: PlannedChange[]) => {
    const writes: ({ input: RouteCreateInput } | { id: string; patch: ReturnType<typeof routeUpdatePatch> })[] = [];
    const accepted: PlannedChange[] = [];
    for (const change of batch) {
      try {
        if (change.action === 'update') writes.push({ id: change.id!, patch: routeUpdatePatch(ids, change) });
        else {
          const input = routeCreateInput(ids, change.desired as ConfigRoute);
          parseInput(routeCreateInputSchema, input, `route input ${change.key}`);
          writes.push({ input });
        }
        accepted.push(change);
      } catch (error) {
        failed(change, error);
      }
    }
    if (writes.length === 0) return;
    try {
      const stored = await target.backend.bulk!.putRoutes({ routes: writes, ...call });
      accepted.forEach((change, index) => {
        const route = stored[index];
        if (route) readBack(change, route);
        succeeded(change, route?.id);
      });
    } catch (error) {
      // A bulk write is one request: retrying it route by route recovers creates by name.
      if (!mayHaveCreated(error) && PomeriumError.isInstance(error) && error.code !== 'unavailable') {
        for (const change of accepted) failed(change, error);
        return;
      }
      await runPool(accepted, concurrency, (change) => writeRoute(change, true), signal);
    }
  };

  const byDepth = (changes: PlannedChange[], deepestFirst: boolean) => {
    const groups = new Map<number, PlannedChange[]>();
    for (const change of changes) {
      const depth = change.key === rootPath ? 0 : change.key.split('/').length;
      const list = groups.get(depth) ?? [];
      list.push(change);
      groups.set(depth, list);
    }
    return [...groups.entries()]
      .sort(([left], [right]) => (deepestFirst ? right - left : left - right))
      .map(([, list]) => list);
  };
  const select = (action: PlannedChange['action'] | 'write', kind: PlannedChange['kind']) =>
    plan.changes.filter(
      (change) => change.kind === kind && (action === 'write' ? change.action !== 'delete' : change.action === action),
    );
  const remove = async (change: PlannedChange) => {
    try {
      await target[
        change.kind === 'namespace' ? 'namespaces' : change.kind === 'policy' ? 'policies' : 'routes'
      ].delete(change.id!, call);
      succeeded(change, undefined);
    } catch (error) {
      if (PomeriumError.hasCode(error, 'not_found')) succeeded(change, undefined);
      else failed(change, error);
    }
  };

  /** Every create and update, in order: settings, namespaces parents first, key pairs, policies, routes, service accounts. */
  const writeEverything = async () => {
    for (const change of select('update', 'settings')) {
      try {
        autoApplyChangesets = (await applySettingsChange(change, target, call)).autoApplyChangesets;
        succeeded(change, undefined);
      } catch (error) {
        failed(change, error);
      }
    }
    for (const level of byDepth(select('create', 'namespace'), false))
      await runPool(level, concurrency, writeNamespace, signal);
    const writeKeyPair = keyPairWriter(plan, {
      target,
      ids,
      keyPairKeys: options.keyPairKeys,
      call,
      succeeded,
      failed,
    });
    await runPool(select('write', 'keyPair'), concurrency, writeKeyPair, signal);
    await runPool(select('write', 'policy'), concurrency, writePolicy, signal);
    const routeWrites = select('write', 'route');
    if (target.capabilities.bulkRouteWrites && target.backend.bulk && bulkSize > 1) {
      const batches: PlannedChange[][] = [];
      for (let index = 0; index < routeWrites.length; index += bulkSize)
        batches.push(routeWrites.slice(index, index + bulkSize));
      await runPool(batches, Math.max(1, Math.ceil(concurrency / 4)), writeRoutesInBulk, signal);
    } else await runPool(routeWrites, concurrency, (change) => writeRoute(change), signal);
    await createPlannedServiceAccounts(accountCreates, target, ids.namespaces, tokenFile!, {
      concurrency,
      call,
      created: (change, id) => {
        result.serviceAccountsCreated!.push({ userId: change.key, id });
        succeeded(change, undefined);
      },
      failed,
    });
  };

  try {
    await writeEverything();
  } finally {
    await tokenFile?.close();
  }
  await runPool(select('delete', 'route'), concurrency, remove, signal);
  await runPool(select('delete', 'policy'), concurrency, remove, signal);
  for (const level of byDepth(select('delete', 'namespace'), true)) await runPool(level, concurrency, remove, signal);
  throwIfAborted(signal);
  const notice = changesetNotice(backendName, autoApplyChangesets, result.created + result.updated + result.deleted);
  if (notice) result.notices = [notice];
  return result;
}

function locationOfKey(key: string): { namespace: string; name: string } {
  const index = key.lastIndexOf('/');
  const namespace = index <= 0 ? rootPath : key.slice(0, index);
  return { namespace, name: nameOfPath(key) };
}
