import type { Ppl, RouteSettings, Secret, SharedSettingsFields } from '@pomerium-unified/core';

/** The `apiVersion` of every document this package writes and reads. */
export const configApiVersion = 'pomerium-unified/v1';

/** The `kind` of a configuration document. */
export const configKind = 'PomeriumConfig';

/** What a secret value is replaced with in an export made without `includeSecrets`. */
export const secretMarker = '<secret omitted>';

/** What a secret the server returned masked is replaced with: its value is unknown, so it is never written. */
export const maskedSecretMarker = '<secret masked by the server>';

/** Backend-specific fields of a document entry, kept under their backend key (`enterprise`, `zero`, …). */
export type ConfigExtensions = Record<string, Record<string, unknown>>;

/** A namespace of a document, keyed by its path (`/` is the root, `Production/team-a` a child of a child). */
export interface ConfigNamespace {
  /** The names below the root joined with `/`; a `/` inside a name is written `%2F`. The root is `/`. */
  path: string;
  /** Backend-specific writable fields. */
  extensions?: ConfigExtensions;
}

/** A policy of a document, keyed by namespace path + name. */
export interface ConfigPolicy {
  /** Path of the namespace the policy lives in. */
  namespace: string;
  /** Display name, unique within the namespace. */
  name: string;
  /** Human-readable description. */
  description?: string;
  /** Applies to every route of the namespace and below. */
  enforced?: boolean;
  /** The policy in canonical PPL form. */
  ppl: Ppl;
  /** Shown to denied users: why. */
  explanation?: string;
  /** Shown to denied users: what to do. */
  remediation?: string;
  /** Backend-specific writable fields. */
  extensions?: ConfigExtensions;
}

/** A reference from a route to a policy: its name when it lives in the route's namespace, else its namespace and name. */
export type ConfigPolicyRef = string | { namespace: string; name: string };

/** `T` with every `Secret` it holds (at any depth) as a plain string. */
type PlainSecrets<T> = T extends Secret
  ? string
  : T extends readonly (infer Item)[]
    ? PlainSecrets<Item>[]
    : T extends object
      ? { [Key in keyof T]: PlainSecrets<T[Key]> }
      : T;

/** The shared route settings as a document holds them: secrets as plain strings, or the {@link secretMarker}. */
export type ConfigRouteSettings = PlainSecrets<RouteSettings>;

/**
 * A key pair of a document (a certificate, or chain), matched across
 * deployments by `fingerprint`, never by name. Private keys never appear in a
 * document: they come from the user's key files (`keyPairKeys`,
 * `--key-pair-keys <dir>`). Zero system key pairs (`origin: system`) are not exported.
 */
export interface ConfigKeyPair {
  /** SHA-256 of the DER encoding of the first certificate, 64 lower-case hex digits (`certificateFingerprint()`). */
  fingerprint: string;
  /** Path of the namespace the key pair lives in. */
  namespace: string;
  /** Display name (optional; not a match key). */
  name?: string;
  /** The certificate (or chain) as PEM text. */
  certificate: string;
  /** Backend-specific writable fields. */
  extensions?: ConfigExtensions;
}

/** A route's references to key pairs, by certificate fingerprint (instead of the deployment's `…KeyPairId` ids). */
export interface ConfigKeyPairRefs {
  /** The client certificate presented to the upstream (`tlsClientKeyPairId`); the target needs its private key. */
  tlsClientKeyPair?: string;
  /** The CA that verifies the upstream's certificate (`tlsCustomCaKeyPairId`). */
  tlsCustomCaKeyPair?: string;
  /** The CA that verifies downstream client certificates (`tlsDownstreamClientCaKeyPairId`). */
  tlsDownstreamClientCaKeyPair?: string;
}

/**
 * A route of a document, keyed by namespace path + name; policies are referred
 * to by name, key pairs by fingerprint (`…KeyPairId` ids are only kept when
 * the source could not read its key pairs).
 */
export interface ConfigRoute extends ConfigRouteSettings, ConfigKeyPairRefs {
  /** Path of the namespace the route lives in. */
  namespace: string;
  /** Display name, unique within the namespace. */
  name: string;
  /** External URL. */
  from: string;
  /** Upstream URLs. */
  to: string[];
  /** The assigned policies. */
  policies?: ConfigPolicyRef[];
  /** Backend-specific writable fields. */
  extensions?: ConfigExtensions;
}

/**
 * The settings of a document: the backend-neutral settings without id, scope
 * or timestamps. Secrets are text, {@link secretMarker} (exported without
 * `includeSecrets`) or {@link maskedSecretMarker}; neither marker is ever
 * written. A field left out keeps the target's value (sync never unsets a setting).
 */
export interface ConfigSettings extends SharedSettingsFields<string> {
  /** Backend-specific writable settings. */
  extensions?: ConfigExtensions;
}

/** A service account of a document, matched by its bare user id; its token never appears in a document. */
export interface ConfigServiceAccount {
  /** The bare account name, without the `@<namespaceId>.pomerium` suffix Enterprise adds. */
  userId: string;
  /** Path of the owning namespace (Enterprise); absent for accounts of a cluster (Zero) or the global namespace. */
  namespace?: string;
  /** Free text. */
  description?: string;
  /** Expiry, RFC 3339; absent: never expires. */
  expiresAt?: string;
  /** Backend-specific writable fields. */
  extensions?: ConfigExtensions;
}

/** A versioned, backend-neutral description of what a deployment holds: no ids, no timestamps, no computed fields. */
export interface PomeriumConfig {
  /** Always `pomerium-unified/v1`. */
  apiVersion: typeof configApiVersion;
  /** Always `PomeriumConfig`. */
  kind: typeof configKind;
  /** Where the document came from, when exported (`zero`, `enterprise`, …). */
  source?: { backend: string };
  /** Namespaces, parents before children. */
  namespaces: ConfigNamespace[];
  /** Policies, by namespace path then name. */
  policies: ConfigPolicy[];
  /** Routes, by namespace path then name. */
  routes: ConfigRoute[];
  /** Key pairs (certificates only), by fingerprint; absent in documents that hold none. */
  keyPairs?: ConfigKeyPair[];
  /** The settings of the deployment's scope (its cluster on Zero), when it has any. */
  settings?: ConfigSettings;
  /** Service accounts, by user id (their tokens never). */
  serviceAccounts?: ConfigServiceAccount[];
}
