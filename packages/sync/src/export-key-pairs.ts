import { type KeyPair, PomeriumError } from '@pomerium-unified/core';
import type { ConfigKeyPair, ConfigKeyPairRefs, ConfigRoute, PomeriumConfig } from './config-document.js';
import { writableExtensions } from './config-entries.js';
import { objectKey } from './config-keys.js';
import type { DeploymentState } from './read-deployment.js';

/** The route fields that refer to key pairs: the document's fingerprint field and the model's id field. */
export const keyPairRefFields = [
  ['tlsClientKeyPair', 'tlsClientKeyPairId'],
  ['tlsCustomCaKeyPair', 'tlsCustomCaKeyPairId'],
  ['tlsDownstreamClientCaKeyPair', 'tlsDownstreamClientCaKeyPairId'],
] as const satisfies readonly (readonly [keyof ConfigKeyPairRefs, keyof ConfigRoute])[];

/** A document field that refers to a key pair by fingerprint. */
export type KeyPairRefField = (typeof keyPairRefFields)[number][0];

/** Key-pair id → fingerprint of every key pair with a parseable certificate (system ones too). */
export function fingerprintsById(keyPairs: readonly KeyPair[] | undefined): Map<string, string> {
  const result = new Map<string, string>();
  for (const keyPair of keyPairs ?? []) if (keyPair.fingerprint) result.set(keyPair.id, keyPair.fingerprint);
  return result;
}

/**
 * A route entry with its key-pair ids replaced by fingerprints (in place of
 * the id field, so the document keeps its order). Ids missing from
 * `fingerprints` stay as ids and are returned in `unknownIds`.
 */
export function referKeyPairsByFingerprint(
  entry: ConfigRoute,
  fingerprints: ReadonlyMap<string, string>,
): { entry: ConfigRoute; unknownIds: string[] } {
  const values = entry as unknown as Record<string, unknown>;
  if (!keyPairRefFields.some(([, idField]) => values[idField] !== undefined)) return { entry, unknownIds: [] };
  const unknownIds: string[] = [];
  const result: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(values)) {
    const ref = keyPairRefFields.find(([, idField]) => idField === key);
    const fingerprint = ref && typeof value === 'string' ? fingerprints.get(value) : undefined;
    if (ref && fingerprint !== undefined) result[ref[0]] = fingerprint;
    else {
      if (ref && typeof value === 'string') unknownIds.push(value);
      result[key] = value;
    }
  }
  return { entry: result as unknown as ConfigRoute, unknownIds };
}

/** What an export knew about the source's key pairs beyond the document (used by migrate's fidelity report). */
export interface KeyPairFacts {
  /** Fingerprints of Zero system key pairs (never exported). */
  system: Set<string>;
  /** Fingerprints of key pairs the source holds a private key for. */
  withPrivateKey: Set<string>;
  /** Fingerprints whose certificate several source key pairs share (exported once). */
  merged: Set<string>;
}

const factsByDocument = new WeakMap<PomeriumConfig, KeyPairFacts>();

/** Remembers what the export knew about the source's key pairs, for a document built internally. */
export function rememberKeyPairFacts(config: PomeriumConfig, facts: KeyPairFacts): PomeriumConfig {
  factsByDocument.set(config, facts);
  return config;
}

/** What the export knew about the source's key pairs, when `config` was built by this process. */
export function keyPairFactsOf(config: PomeriumConfig): KeyPairFacts | undefined {
  return factsByDocument.get(config);
}

function compare(left: string, right: string): number {
  return left < right ? -1 : left > right ? 1 : 0;
}

/**
 * The key-pair part of an export: converts routes' key-pair ids to
 * fingerprints (`refer`), then builds the `keyPairs` entries (`entries`): user
 * key pairs in the selected namespaces plus those a selected route refers to,
 * one entry per fingerprint (the one in the shallowest namespace when several
 * share a certificate), certificates only. System key pairs are never exported.
 */
export function keyPairExport(state: DeploymentState, ids?: Map<string, string>) {
  const fingerprints = fingerprintsById(state.keyPairs);
  const readable = state.keyPairs !== undefined;
  const referenced = new Set<string>();
  const facts: KeyPairFacts = { system: new Set(), withPrivateKey: new Set(), merged: new Set() };
  return {
    facts,
    /** Converts a route entry's ids; throws when a selected route refers to a key pair the source does not list. */
    refer(entry: ConfigRoute, selected: boolean): ConfigRoute {
      const converted = referKeyPairsByFingerprint(entry, fingerprints);
      if (!selected) return converted.entry;
      if (converted.unknownIds.length > 0 && readable) {
        throw new PomeriumError(
          `Route ${objectKey(entry.namespace, entry.name)} refers to key pairs the credentials cannot see: ${converted.unknownIds.join(', ')}`,
          { code: 'failed_precondition', backend: state.backend },
        );
      }
      for (const [field] of keyPairRefFields) {
        const fingerprint = converted.entry[field];
        if (fingerprint !== undefined) referenced.add(fingerprint);
      }
      return converted.entry;
    },
    /** The `keyPairs` entries, sorted by namespace, name and fingerprint. */
    entries(selected: (path: string) => boolean): ConfigKeyPair[] {
      const chosen = new Map<string, { keyPair: KeyPair; path: string }>();
      for (const keyPair of state.keyPairs ?? []) {
        const fingerprint = keyPair.fingerprint;
        if (fingerprint === undefined || keyPair.certificate === undefined) continue;
        if (keyPair.origin === 'system') {
          facts.system.add(fingerprint);
          continue;
        }
        if (keyPair.hasPrivateKey) facts.withPrivateKey.add(fingerprint);
        const path = state.paths.get(keyPair.namespaceId) ?? `?${keyPair.namespaceId}`;
        const earlier = chosen.get(fingerprint);
        if (earlier) facts.merged.add(fingerprint);
        const depth = (value: string) => (value === '/' ? 0 : value.split('/').length);
        if (
          !earlier ||
          depth(path) < depth(earlier.path) ||
          (depth(path) === depth(earlier.path) && compare(keyPair.id, earlier.keyPair.id) < 0)
        ) {
          chosen.set(fingerprint, { keyPair, path });
        }
      }
      const result: ConfigKeyPair[] = [];
      for (const [fingerprint, { keyPair, path }] of chosen) {
        if (!selected(path) && !referenced.has(fingerprint)) continue;
        facts.system.delete(fingerprint);
        ids?.set(`keyPair:${fingerprint}`, keyPair.id);
        const entry = { fingerprint, namespace: path } as ConfigKeyPair;
        if (keyPair.name !== undefined) entry.name = keyPair.name;
        entry.certificate = keyPair.certificate!;
        const extensions = writableExtensions(keyPair.extensions, 'keyPair', {
          name: state.backend,
          syncRules: state.syncRules,
        });
        if (extensions) entry.extensions = extensions;
        result.push(entry);
      }
      return result.sort(
        (left, right) =>
          compare(left.namespace, right.namespace) ||
          compare(left.name ?? '', right.name ?? '') ||
          compare(left.fingerprint, right.fingerprint),
      );
    },
  };
}
