import type { BackendSyncRules, Namespace, Policy, PomeriumClient, Route } from '@pomerium-unified/core';
import type { ConfigPolicyRef, ConfigRoute, PomeriumConfig } from './config-document.js';
import { secretMarker } from './config-document.js';
import { type EntryContext, policyEntry, policyRef, routeEntry } from './config-entries.js';
import { isWithinPath, mapPath, objectKey, parentPathOf, rootPath } from './config-keys.js';
import { ambiguous, type DesiredIndex, indexDesired } from './desired-index.js';
import { diffPolicyEntries, diffRouteEntries } from './diff-entries.js';
import { getPath, setPath } from './dotted-path.js';
import { enforcedScopeIssues } from './enforced-scope.js';
import { parseNamespaceSelection } from './export-config.js';
import { readServiceAccounts } from './export-service-accounts.js';
import { readSettings } from './export-settings.js';
import { type FidelityTarget, judgePolicy, judgeRoute, wireOnlyExtensionKeys } from './fidelity-rules.js';
import { hideRouteSecretsFromInspect } from './hide-route-secrets.js';
import type { KeyPairKeys } from './key-pair-keys.js';
import { planKeyPairs, validateKeyPairEntries } from './plan-key-pairs.js';
import { parseNamespaceMap, validateConfig } from './plan-options.js';
import { planSettings } from './plan-settings.js';
import { type DeploymentState, locationKey, readDeployment } from './read-deployment.js';
import { routeSecretFields } from './route-field-paths.js';
import { planServiceAccounts } from './service-account-report.js';
import type { FidelityIssue, FieldChange, PlannedChange, SyncPlan } from './sync-plan.js';
import { digestDeployment } from './target-digest.js';

/** Options of {@link planSync}. */
export interface PlanSyncOptions {
  /** The state to reach. */
  desired: PomeriumConfig;
  /** The deployment to change. */
  target: PomeriumClient;
  /** Document namespace path → target namespace path; the longest matching prefix wins. */
  namespaceMap?: Record<string, string>;
  /** Delete target objects the desired state does not hold (only inside the selected or mapped namespaces). */
  prune?: boolean;
  /** Only these document namespace paths and those below them. */
  namespaces?: string[];
  /**
   * The sync rules the backend named by `desired.source.backend` declares
   * (`client.backend.syncRules`): what the keys of its extension bag mean on
   * the target. `migrate` passes the source's. Without them, every key of that
   * bag is reported as a field the target cannot take (error).
   */
  sourceRules?: BackendSyncRules;
  /**
   * The private keys of the document's key pairs (which no document holds): fingerprint → PEM, or a list of PEM
   * keys matched to certificates by public key (see `readKeyPairKeys`). Only whether a key exists enters the plan.
   */
  keyPairKeys?: KeyPairKeys;
  /** Source ids by document key (`route:Production/app`), set by migrate so the id map is keyed by source id. */
  sourceIds?: Record<string, string>;
  /** Plan a create for each service account of the document the target lacks (apply then needs a token file). */
  createServiceAccounts?: boolean;
  /** Aborts the planning. */
  signal?: AbortSignal;
}

/** The target indexed by key; duplicates kept so they can be reported. */
interface TargetIndex {
  namespaces: Map<string, Namespace[]>;
  policies: Map<string, Policy[]>;
  routes: Map<string, Route[]>;
}

function push<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function indexTarget(state: DeploymentState): TargetIndex {
  const index: TargetIndex = { namespaces: new Map(), policies: new Map(), routes: new Map() };
  const pathOf = (id: string) => state.paths.get(id) ?? `?${id}`;
  for (const namespace of state.namespaces) push(index.namespaces, pathOf(namespace.id), namespace);
  for (const policy of state.policies) push(index.policies, objectKey(pathOf(policy.namespaceId), policy.name), policy);
  for (const route of state.routes) push(index.routes, objectKey(pathOf(route.namespaceId), route.name), route);
  return index;
}

function checkTargetAmbiguity(target: TargetIndex, desired: DesiredIndex, scope: string[]): void {
  const relevant = (path: string, key: string, wanted: boolean) =>
    wanted || scope.some((root) => isWithinPath(path, root)) || key === path;
  const problems: string[] = [];
  for (const [path, list] of target.namespaces) {
    if (list.length > 1 && relevant(path, path, desired.namespaces.has(path))) {
      problems.push(`${list.length} sibling namespaces at ${path} (${list.map((item) => item.id).join(', ')})`);
    }
  }
  for (const [kind, map, wanted] of [
    ['policies', target.policies, desired.policies],
    ['routes', target.routes, desired.routes],
  ] as const) {
    for (const [key, list] of map as Map<string, { id: string; namespaceId: string }[]>) {
      const path = parentPathOf(key) ?? rootPath;
      if (list.length > 1 && relevant(path, key, wanted.has(key))) {
        problems.push(`${list.length} ${kind} at ${key} (${list.map((item) => item.id).join(', ')})`);
      }
    }
  }
  if (problems.length > 0) ambiguous('target', problems);
}

function stripWireOnly<Entry extends { extensions?: Record<string, Record<string, unknown>> }>(entry: Entry): Entry {
  if (!entry.extensions) return entry;
  const extensions: Record<string, Record<string, unknown>> = {};
  for (const [backend, bag] of Object.entries(entry.extensions)) {
    const kept = Object.fromEntries(
      Object.entries(bag).filter(([key]) => !(wireOnlyExtensionKeys as readonly string[]).includes(key)),
    );
    if (Object.keys(kept).length > 0) extensions[backend] = kept;
  }
  const next = { ...entry };
  if (Object.keys(extensions).length > 0) next.extensions = extensions;
  else delete next.extensions;
  return next;
}

/** A plan's `target` whose `digest` is computed when first read (an enumerable getter: it serialises as a value). */
function lazyDigestTarget(backend: string, compute: () => string): SyncPlan['target'] {
  let digest: string | undefined;
  let source: (() => string) | undefined = compute;
  const target = { backend } as SyncPlan['target'];
  Object.defineProperty(target, 'digest', {
    enumerable: true,
    configurable: true,
    get: () => {
      if (digest === undefined) {
        digest = source!();
        source = undefined;
      }
      return digest;
    },
    set: (value: string) => {
      digest = value;
      source = undefined;
    },
  });
  return target;
}

/** The optimistic-concurrency guard of an update: the `updatedAt` the plan saw. */
function guard(current: { updatedAt: string | undefined }): { expectedUpdatedAt?: string } {
  return current.updatedAt ? { expectedUpdatedAt: current.updatedAt } : {};
}

/** Replaces secret values in a route diff with the marker: a plan is shown and saved. */
function redactSecrets(diff: FieldChange[]): FieldChange[] {
  for (const change of diff) {
    for (const secret of routeSecretFields) {
      const [top, ...rest] = secret.split('.');
      if (change.field !== top) continue;
      for (const side of ['before', 'after'] as const) {
        if (change[side] === undefined) continue;
        if (rest.length === 0) change[side] = secretMarker;
        else if (getPath(change[side], rest.join('.')) !== undefined) {
          setPath(change[side] as Record<string, unknown>, rest.join('.'), secretMarker);
        }
      }
    }
  }
  return diff;
}

/**
 * Computes the writes that bring `target` to the `desired` state. Reads the
 * target with list calls only; matches objects by namespace path and name;
 * compares field by field (PPL by meaning); reports what the target cannot
 * represent. Ambiguous names on either side stop the plan
 * (`failed_precondition`, naming them). Deletes only with `prune`, only inside
 * the selected or mapped namespaces.
 */
export async function planSync(options: PlanSyncOptions): Promise<SyncPlan> {
  return planSyncWith(options, {});
}

/** How `migrate` plans: with the target read already under way, and the digest computed only when read. */
export interface PlanInternals {
  /** The target's state, read while the source was read. */
  targetState?: Promise<DeploymentState>;
  /** Compute `target.digest` when it is first read instead of while planning (migrate does not check it). */
  lazyDigest?: boolean;
}

/** {@link planSync} with the hints of {@link PlanInternals}. */
export async function planSyncWith(options: PlanSyncOptions, internals: PlanInternals): Promise<SyncPlan> {
  const desiredConfig = validateConfig(options.desired);
  validateKeyPairEntries(desiredConfig);
  const namespaceMap = parseNamespaceMap(options.namespaceMap);
  const selection = parseNamespaceSelection(options.namespaces);
  const client = options.target;
  const sourceName = desiredConfig.source?.backend;
  const fidelityTarget: FidelityTarget = {
    name: client.backend.name,
    capabilities: client.capabilities,
    syncRules: client.backend.syncRules,
    source: sourceName === undefined ? undefined : { name: sourceName, syncRules: options.sourceRules },
  };
  const desired = indexDesired(desiredConfig, namespaceMap, selection);
  const [state, targetSettings, targetAccounts] = await Promise.all([
    internals.targetState ?? readDeployment(client, options.signal),
    readSettings(client, options.signal),
    desiredConfig.serviceAccounts?.length ? readServiceAccounts(client, options.signal) : undefined,
  ]);
  const target = indexTarget(state);
  const scope = selection
    ? selection.map((path) => mapPath(path, namespaceMap))
    : namespaceMap.size > 0
      ? [...new Set(namespaceMap.values())]
      : [rootPath];
  checkTargetAmbiguity(target, desired, scope);

  const context: EntryContext = {
    paths: state.paths,
    policies: state.policyLocations,
    includeSecrets: true,
    backend: client.backend,
  };
  const routeEntries = new Map<string, ConfigRoute>();
  const currentRouteEntry = (route: Route): ConfigRoute => {
    let entry = routeEntries.get(route.id);
    if (!entry) {
      entry = routeEntry(route, context).entry;
      routeEntries.set(route.id, entry);
    }
    return entry;
  };
  const sourceIds = options.sourceIds ?? {};
  const fidelity: FidelityIssue[] = [];
  const creates: PlannedChange[] = [];
  const policyChanges: PlannedChange[] = [];
  const routeChanges: PlannedChange[] = [];
  const unchangedIdMap: Record<string, string> = {};
  let unchanged = 0;
  const withSource = (change: PlannedChange, kind: string, sourceKey: string): PlannedChange => {
    if (sourceKey !== change.key) change.sourceKey = sourceKey;
    const sourceId = sourceIds[`${kind}:${sourceKey}`];
    if (sourceId !== undefined) change.sourceId = sourceId;
    return change;
  };
  const noteUnchanged = (kind: string, sourceKey: string, id: string) => {
    unchanged++;
    const sourceId = sourceIds[`${kind}:${sourceKey}`];
    if (sourceId !== undefined) unchangedIdMap[sourceId] = id;
  };

  // Namespaces, parents first.
  const unavailable = new Set<string>();
  for (const path of [...desired.namespaces.keys()].sort()) {
    const sourcePath = desired.namespaces.get(path)!;
    const existing = target.namespaces.get(path)?.[0];
    if (existing) {
      noteUnchanged('namespace', sourcePath, existing.id);
      continue;
    }
    const parent = parentPathOf(path) ?? rootPath;
    if (!client.capabilities.writeNamespaces || unavailable.has(parent)) {
      unavailable.add(path);
      fidelity.push({
        severity: 'error',
        kind: 'namespace',
        key: path,
        rule: 'namespace-not-creatable',
        reason: client.capabilities.writeNamespaces
          ? `its parent ${parent} cannot be created`
          : `${client.backend.name} cannot create namespaces through its API: map it to an existing one with namespaceMap`,
      });
      continue;
    }
    creates.push(
      withSource({ action: 'create', kind: 'namespace', key: path, desired: { path } }, 'namespace', sourcePath),
    );
  }
  const droppedWithNamespace = (kind: 'policy' | 'route', key: string, namespace: string) => {
    if (!unavailable.has(namespace)) return false;
    fidelity.push({
      severity: 'error',
      kind,
      key,
      rule: 'namespace-not-creatable',
      reason: `its namespace ${namespace} does not exist on ${client.backend.name} and cannot be created`,
    });
    return true;
  };

  const keyPairs = planKeyPairs({
    config: desiredConfig,
    desired,
    namespaceMap,
    selection,
    scope,
    state,
    existingPaths: new Set(target.namespaces.keys()),
    unavailable,
    keyPairKeys: options.keyPairKeys,
    sourceIds,
    targetName: client.backend.name,
  });
  fidelity.push(...keyPairs.fidelity);
  unchanged += keyPairs.unchanged;
  Object.assign(unchangedIdMap, keyPairs.unchangedIdMap);

  // Policies.
  for (const [key, item] of [...desired.policies].sort(([left], [right]) => (left < right ? -1 : 1))) {
    if (droppedWithNamespace('policy', key, item.entry.namespace)) continue;
    const { writable, issues } = judgePolicy(item.entry, key, fidelityTarget);
    fidelity.push(...issues);
    const current = target.policies.get(key)?.[0];
    if (!current) {
      policyChanges.push(
        withSource({ action: 'create', kind: 'policy', key, desired: writable }, 'policy', item.sourceKey),
      );
      continue;
    }
    const diff = diffPolicyEntries(writable, stripWireOnly(policyEntry(current, context)));
    if (diff.length === 0) noteUnchanged('policy', item.sourceKey, current.id);
    else {
      policyChanges.push(
        withSource(
          { action: 'update', kind: 'policy', key, id: current.id, diff, desired: writable, ...guard(current) },
          'policy',
          item.sourceKey,
        ),
      );
    }
  }

  // Routes.
  const policyExists = (key: string) =>
    (desired.policies.has(key) && !unavailable.has(desired.policies.get(key)!.entry.namespace)) ||
    target.policies.has(key);
  for (const [key, item] of [...desired.routes].sort(([left], [right]) => (left < right ? -1 : 1))) {
    if (droppedWithNamespace('route', key, item.entry.namespace)) continue;
    const refs: ConfigPolicyRef[] = [];
    const refKeys: string[] = [];
    for (const ref of item.entry.policies ?? []) {
      const namespace = mapPath(typeof ref === 'string' ? item.sourceNamespace : ref.namespace, namespaceMap);
      const name = typeof ref === 'string' ? ref : ref.name;
      const refKey = objectKey(namespace, name);
      if (!policyExists(refKey)) {
        fidelity.push({
          severity: 'error',
          kind: 'route',
          key,
          field: 'policies',
          rule: 'policy-not-found',
          reason: `policy ${refKey} is neither in the document nor on the target`,
        });
        continue;
      }
      refs.push(policyRef({ namespace, name }, item.entry.namespace));
      refKeys.push(refKey);
    }
    const mapped: ConfigRoute = keyPairs.judgeRoute({ ...item.entry }, key, fidelity);
    if (refs.length > 0) mapped.policies = refs;
    else delete mapped.policies;
    const current = target.routes.get(key)?.[0];
    const currentEntry = current ? stripWireOnly(keyPairs.currentRoute(currentRouteEntry(current))) : undefined;
    const { writable, issues } = judgeRoute(mapped, key, fidelityTarget, {
      sourceBackend: desiredConfig.source?.backend,
      current: currentEntry,
    });
    fidelity.push(...issues);
    if (!current || !currentEntry) {
      routeChanges.push(
        withSource(
          { action: 'create', kind: 'route', key, desired: hideRouteSecretsFromInspect(writable) },
          'route',
          item.sourceKey,
        ),
      );
      continue;
    }
    const currentKeys = current.policyIds.map((id) => {
      const location = state.policyLocations.get(id);
      return location ? locationKey(location) : `?${id}`;
    });
    const diff = redactSecrets(diffRouteEntries(writable, currentEntry, { desired: refKeys, current: currentKeys }));
    if (diff.length === 0) noteUnchanged('route', item.sourceKey, current.id);
    else {
      routeChanges.push(
        withSource(
          {
            action: 'update',
            kind: 'route',
            key,
            id: current.id,
            diff,
            desired: hideRouteSecretsFromInspect(writable),
            ...guard(current),
          },
          'route',
          item.sourceKey,
        ),
      );
    }
  }
  if (namespaceMap.size > 0) fidelity.push(...enforcedScopeIssues(desired, target, namespaceMap));

  // Deletes, in reverse order: routes, policies, then namespaces deepest first.
  const deletes: PlannedChange[] = [];
  if (options.prune) {
    const inScope = (path: string) => scope.some((root) => isWithinPath(path, root));
    for (const [kind, map, wanted] of [
      ['route', target.routes, desired.routes],
      ['policy', target.policies, desired.policies],
    ] as const) {
      for (const [key, list] of [...(map as Map<string, { id: string }[]>)].sort(([left], [right]) =>
        left < right ? -1 : 1,
      )) {
        if (wanted.has(key) || !inScope(parentPathOf(key) ?? rootPath)) continue;
        for (const item of list) deletes.push({ action: 'delete', kind, key, id: item.id });
      }
    }
    if (client.capabilities.writeNamespaces) {
      for (const [path, list] of [...target.namespaces].sort(([left], [right]) => (left < right ? 1 : -1))) {
        if (path === rootPath || desired.namespaces.has(path) || scope.includes(path) || !inScope(path)) continue;
        for (const namespace of list)
          deletes.push({ action: 'delete', kind: 'namespace', key: path, id: namespace.id });
      }
    }
  }

  const settingsPlan = planSettings({
    desired: desiredConfig.settings,
    current: targetSettings,
    target: fidelityTarget,
    sourceBackend: desiredConfig.source?.backend,
  });
  const accountsPlan = targetAccounts
    ? planServiceAccounts({
        desired: desiredConfig.serviceAccounts,
        current: targetAccounts,
        targetName: client.backend.name,
        targetScope: client.backend.syncRules?.serviceAccountScope,
        namespaceMap,
        createServiceAccounts: options.createServiceAccounts === true,
      })
    : undefined;
  fidelity.push(...(settingsPlan.fidelity ?? []), ...(accountsPlan?.fidelity ?? []));
  if (settingsPlan.unchanged) unchanged++;
  unchanged += accountsPlan?.unchanged ?? 0;
  const settingsChanges = settingsPlan.change ? [settingsPlan.change] : [];
  const changes = [
    ...settingsChanges,
    ...creates,
    ...keyPairs.changes,
    ...policyChanges,
    ...routeChanges,
    ...(accountsPlan?.changes ?? []),
    ...deletes,
  ];
  const targetIds: SyncPlan['targetIds'] = { namespaces: {}, policies: {}, routes: {}, keyPairs: keyPairs.targetIds };
  for (const [path, list] of target.namespaces) if (list.length === 1) targetIds.namespaces[path] = list[0]!.id;
  for (const [key, list] of target.policies) if (list.length === 1) targetIds.policies[key] = list[0]!.id;
  for (const [key, list] of target.routes) if (list.length === 1) targetIds.routes[key] = list[0]!.id;
  const digest = () => digestDeployment(state, { routeEntry: currentRouteEntry });
  return {
    formatVersion: 1,
    target: internals.lazyDigest
      ? lazyDigestTarget(client.backend.name, digest)
      : { backend: client.backend.name, digest: digest() },
    changes,
    fidelity,
    summary: {
      create: changes.filter((change) => change.action === 'create').length,
      update: changes.filter((change) => change.action === 'update').length,
      delete: deletes.length,
      unchanged,
    },
    targetIds,
    unchangedIdMap,
    scope,
    ...(settingsPlan.autoApplyChangesets === undefined
      ? {}
      : { targetAutoApplyChangesets: settingsPlan.autoApplyChangesets }),
  };
}
