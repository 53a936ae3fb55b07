import { certificateFingerprint, type KeyPair, PomeriumError } from '@pomerium-unified/core';
import type { ConfigKeyPair, ConfigRoute, PomeriumConfig } from './config-document.js';
import { secretMarker } from './config-document.js';
import { isWithinPath, mapPath } from './config-keys.js';
import type { DesiredIndex } from './desired-index.js';
import {
  fingerprintsById,
  type KeyPairFacts,
  type KeyPairRefField,
  keyPairFactsOf,
  keyPairRefFields,
  referKeyPairsByFingerprint,
} from './export-key-pairs.js';
import { type KeyPairKeys, resolveKeyPairKeys } from './key-pair-keys.js';
import type { DeploymentState } from './read-deployment.js';
import type { FidelityIssue, FieldChange, PlannedChange } from './sync-plan.js';

/**
 * Checks the `keyPairs` of a document: one entry per fingerprint, and each
 * fingerprint that of its certificate. `invalid_argument` naming the entry.
 */
export function validateKeyPairEntries(config: PomeriumConfig, field = 'desired'): void {
  const seen = new Set<string>();
  (config.keyPairs ?? []).forEach((entry, index) => {
    const where = `${field}.keyPairs[${index}]`;
    if (certificateFingerprint(entry.certificate) !== entry.fingerprint) {
      throw new PomeriumError(
        `Invalid ${where}.fingerprint: it is not the SHA-256 of the certificate's first PEM block (or the certificate does not parse)`,
        { code: 'invalid_argument', field: `${where}.fingerprint` },
      );
    }
    if (seen.has(entry.fingerprint)) {
      throw new PomeriumError(`Invalid ${where}: a second entry with fingerprint ${entry.fingerprint}`, {
        code: 'invalid_argument',
        field: `${where}.fingerprint`,
      });
    }
    seen.add(entry.fingerprint);
  });
}

/** What {@link planKeyPairs} needs from the plan it is part of. */
export interface KeyPairPlanContext {
  /** The validated document. */
  config: PomeriumConfig;
  /** The document indexed by target key (selected routes). */
  desired: DesiredIndex;
  /** Document namespace path → target path. */
  namespaceMap: ReadonlyMap<string, string>;
  /** Document namespace paths selected, if any. */
  selection: string[] | undefined;
  /** The target paths the plan may write in. */
  scope: string[];
  /** The target as read. */
  state: DeploymentState;
  /** Target namespace paths that exist. */
  existingPaths: ReadonlySet<string>;
  /** Target namespace paths that cannot be made. */
  unavailable: ReadonlySet<string>;
  /** The user's private keys. */
  keyPairKeys: KeyPairKeys | undefined;
  /** Source ids by document key (`keyPair:<fingerprint>`). */
  sourceIds: Record<string, string>;
  /** The target backend's name. */
  targetName: string;
}

/** The key-pair part of a plan. */
export interface KeyPairPlan {
  /** Creates and updates of key pairs, by fingerprint. */
  changes: PlannedChange[];
  /** What cannot be carried. */
  fidelity: FidelityIssue[];
  /** Key pairs left as they are. */
  unchanged: number;
  /** Source id → target id of key pairs left as they are. */
  unchangedIdMap: Record<string, string>;
  /** Fingerprint → target id of every key pair on the target (the match of each desired one). */
  targetIds: Record<string, string>;
  /** A desired route entry with its key-pair references checked (unresolvable ones pushed to `issues` and removed). */
  judgeRoute(entry: ConfigRoute, key: string, issues: FidelityIssue[]): ConfigRoute;
  /** A target route entry with its key-pair ids replaced by fingerprints. */
  currentRoute(entry: ConfigRoute): ConfigRoute;
}

function shortFingerprint(fingerprint: string): string {
  return `${fingerprint.slice(0, 12)}…`;
}

function label(entry: ConfigKeyPair | undefined, fingerprint: string): string {
  return entry?.name
    ? `${JSON.stringify(entry.name)} (${shortFingerprint(fingerprint)})`
    : shortFingerprint(fingerprint);
}

/**
 * Plans the key pairs of a document: matched on the target by fingerprint
 * (never by name), created when missing (in the mapped namespace, or the
 * namespace of a route using it when that one is outside the plan's scope),
 * updated when the name differs or the target lacks a private key the user
 * supplied. Routes' references are checked: a reference that cannot be carried
 * (unknown fingerprint, system key pair, client certificate without private
 * key) is an error naming the route and field, and is removed from what is written.
 */
export function planKeyPairs(context: KeyPairPlanContext): KeyPairPlan {
  const { config, desired, namespaceMap, state, targetName } = context;
  const facts: KeyPairFacts | undefined = keyPairFactsOf(config);
  const fidelity: FidelityIssue[] = [];
  const changes: PlannedChange[] = [];
  const unchangedIdMap: Record<string, string> = {};
  let unchanged = 0;

  const onTarget = new Map<string, KeyPair[]>();
  for (const keyPair of [...(state.keyPairs ?? [])].sort((left, right) => (left.id < right.id ? -1 : 1))) {
    if (keyPair.fingerprint === undefined) continue;
    const list = onTarget.get(keyPair.fingerprint) ?? [];
    list.push(keyPair);
    onTarget.set(keyPair.fingerprint, list);
  }
  const targetFingerprints = fingerprintsById(state.keyPairs);
  const targetIds: Record<string, string> = {};
  // A reference to a key pair only the target holds goes to one with a private key when there is one.
  for (const [fingerprint, list] of onTarget) {
    targetIds[fingerprint] = (list.find((keyPair) => keyPair.hasPrivateKey) ?? list[0]!).id;
  }

  // Which document key pairs to plan: those in selected namespaces and those a selected route uses.
  const users = new Map<string, string[]>();
  for (const [key, item] of [...desired.routes].sort(([left], [right]) => (left < right ? -1 : 1))) {
    for (const [field] of keyPairRefFields) {
      const fingerprint = item.entry[field];
      if (fingerprint === undefined) continue;
      const list = users.get(fingerprint) ?? [];
      list.push(key);
      users.set(fingerprint, list);
    }
  }
  const entries = new Map<string, ConfigKeyPair>();
  const selected = (path: string) =>
    !context.selection || context.selection.some((ancestor) => isWithinPath(path, ancestor));
  for (const entry of config.keyPairs ?? []) {
    if (selected(entry.namespace) || users.has(entry.fingerprint)) entries.set(entry.fingerprint, entry);
  }
  const certificates = new Map([...entries].map(([fingerprint, entry]) => [fingerprint, entry.certificate]));
  const { keys } = resolveKeyPairKeys(context.keyPairKeys, certificates);

  const inScope = (path: string) => context.scope.some((root) => isWithinPath(path, root));
  const available = (path: string) =>
    !context.unavailable.has(path) && (context.existingPaths.has(path) || desired.namespaces.has(path));
  const routeNamespace = (routeKey: string) => desired.routes.get(routeKey)!.entry.namespace;
  const planned = new Set<string>();
  const dropped = new Set<string>();
  const keyed = new Set<string>();

  for (const [fingerprint, entry] of [...entries].sort(([left], [right]) => (left < right ? -1 : 1))) {
    const mapped = mapPath(entry.namespace, namespaceMap);
    const existing = onTarget.get(fingerprint);
    const sourceId = context.sourceIds[`keyPair:${fingerprint}`];
    const withSource = (change: PlannedChange) => {
      if (sourceId !== undefined) change.sourceId = sourceId;
      return change;
    };
    const what = label(entry, fingerprint);
    if (existing) {
      const current = existing.find((item) => context.state.paths.get(item.namespaceId) === mapped) ?? existing[0]!;
      targetIds[fingerprint] = current.id;
      planned.add(fingerprint);
      if (current.hasPrivateKey) keyed.add(fingerprint);
      const diff: FieldChange[] = [];
      if (current.origin !== 'system') {
        if (entry.name !== undefined && entry.name !== current.name) {
          diff.push({
            field: 'name',
            ...(current.name === undefined ? {} : { before: current.name }),
            after: entry.name,
          });
        }
        if (!current.hasPrivateKey && keys.has(fingerprint)) {
          diff.push({ field: 'privateKey', after: secretMarker });
          keyed.add(fingerprint);
        }
      }
      if (diff.length === 0) {
        unchanged++;
        if (sourceId !== undefined) unchangedIdMap[sourceId] = current.id;
      } else {
        changes.push(
          withSource({
            action: 'update',
            kind: 'keyPair',
            key: fingerprint,
            id: current.id,
            diff,
            desired: { ...entry, namespace: context.state.paths.get(current.namespaceId) ?? mapped },
            ...(current.updatedAt ? { expectedUpdatedAt: current.updatedAt } : {}),
          }),
        );
      }
    } else {
      let namespace = mapped;
      if (!inScope(mapped) || !available(mapped)) {
        const user = users.get(fingerprint)?.find((routeKey) => available(routeNamespace(routeKey)));
        if (user === undefined) {
          dropped.add(fingerprint);
          // An unused key pair outside the plan's namespaces is left out; one that belongs inside cannot be carried.
          const outside = !inScope(mapped) && !users.has(fingerprint);
          fidelity.push({
            severity: outside ? 'warning' : 'error',
            kind: 'keyPair',
            key: fingerprint,
            rule: outside ? 'key-pair-out-of-scope' : 'namespace-not-creatable',
            reason: outside
              ? `key pair ${what} lives in ${mapped}, outside the namespaces this plan writes, and no planned route uses it: left out`
              : `key pair ${what}: its namespace ${mapped} does not exist on ${targetName} and cannot be created`,
          });
          continue;
        }
        namespace = routeNamespace(user);
        fidelity.push({
          severity: 'warning',
          kind: 'keyPair',
          key: fingerprint,
          field: 'namespace',
          rule: 'key-pair-namespace-moved',
          reason: `key pair ${what} is created in ${namespace}, the namespace of route ${user}, as ${mapped} ${inScope(mapped) ? 'is not available' : 'is outside the namespaces this plan writes'}`,
        });
      }
      planned.add(fingerprint);
      const withPrivateKey = keys.has(fingerprint);
      if (withPrivateKey) keyed.add(fingerprint);
      changes.push(
        withSource({
          action: 'create',
          kind: 'keyPair',
          key: fingerprint,
          desired: { ...entry, namespace },
          ...(withPrivateKey ? { withPrivateKey: true } : {}),
        }),
      );
    }
    if (facts?.withPrivateKey.has(fingerprint) && !keyed.has(fingerprint)) {
      fidelity.push({
        severity: 'warning',
        kind: 'keyPair',
        key: fingerprint,
        field: 'privateKey',
        rule: 'key-pair-key-not-supplied',
        reason: `the source holds the private key of key pair ${what}, which no export carries: supply it with keyPairKeys (--key-pair-keys <dir>)`,
      });
    }
  }

  const sameBackend = config.source?.backend === undefined || config.source.backend === targetName;
  const judgeRoute = (entry: ConfigRoute, key: string, issues: FidelityIssue[]): ConfigRoute => {
    let result = entry;
    // Documents written before key pairs were synced hold ids: on the same backend, known ids become fingerprints.
    if (sameBackend) result = referKeyPairsByFingerprint(result, targetFingerprints).entry;
    for (const [field] of keyPairRefFields) {
      const fingerprint = result[field];
      if (fingerprint === undefined) continue;
      const reason = unresolvable(field, fingerprint);
      if (reason === undefined) continue;
      issues.push({ severity: reason.severity, kind: 'route', key, field, rule: reason.rule, reason: reason.text });
      if (reason.severity === 'error') {
        result = { ...result };
        delete result[field];
      }
    }
    return result;
  };
  const unresolvable = (
    field: KeyPairRefField,
    fingerprint: string,
  ): { severity: FidelityIssue['severity']; rule: string; text: string } | undefined => {
    const what = label(entries.get(fingerprint), fingerprint);
    const onlyOnTarget = !entries.has(fingerprint) && onTarget.has(fingerprint);
    if (planned.has(fingerprint) || onlyOnTarget) {
      if (field !== 'tlsClientKeyPair' || keyed.has(fingerprint)) return undefined;
      if (onlyOnTarget && onTarget.get(fingerprint)!.some((keyPair) => keyPair.hasPrivateKey)) return undefined;
      const sourceLacksKey = facts !== undefined && !facts.withPrivateKey.has(fingerprint);
      return {
        severity: sourceLacksKey ? 'warning' : 'error',
        rule: 'key-pair-key-missing',
        text: sourceLacksKey
          ? `the client certificate ${what} has no private key on the source either; the route cannot present it`
          : `the client certificate ${what} needs its private key on ${targetName}: supply the key file with keyPairKeys (--key-pair-keys <dir>)`,
      };
    }
    if (facts?.system.has(fingerprint)) {
      return {
        severity: 'error',
        rule: 'key-pair-system',
        text: `key pair ${what} was made by the source console itself (origin: system) and is never migrated`,
      };
    }
    if (dropped.has(fingerprint)) {
      return {
        severity: 'error',
        rule: 'key-pair-not-migrated',
        text: `key pair ${what} cannot be created on ${targetName} (see its own entry)`,
      };
    }
    return {
      severity: 'error',
      rule: 'key-pair-not-found',
      text: `key pair ${what} is neither in the document nor on ${targetName}`,
    };
  };

  return {
    changes,
    fidelity,
    unchanged,
    unchangedIdMap,
    targetIds,
    judgeRoute,
    currentRoute: (entry) => referKeyPairsByFingerprint(entry, targetFingerprints).entry,
  };
}
