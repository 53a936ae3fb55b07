// The PPL criteria and matchers Pomerium Core knows (v0.33.x): types for editors and
// the runtime registry the validator reads. Facts: shared/reference/ppl.md §2–§3.

/** A JSON scalar: what a matcher operator compares with. */
export type PplScalar = string | number | boolean | null;

/** One value or an array of them (a single value means a one-element array). */
export type PplOneOrMany<T> = T | readonly T[];

/**
 * The object form of a string matcher; every key present must hold. Used by
 * `email`, `domain`, `user`, `http_method`, `http_path`, `mcp_tool`,
 * `ssh_username` and the `san_*` keys of `client_certificate`.
 */
export interface PplStringMatcherObject {
  /** The value equals this. */
  readonly is?: PplScalar;
  /** The value differs from this (Core v0.29.0+). */
  readonly not?: PplScalar;
  /** The value starts with this. */
  readonly starts_with?: string;
  /** The value ends with this. */
  readonly ends_with?: string;
  /** The value contains this. */
  readonly contains?: string;
  /** The value is one of these (Core v0.30.0+). */
  readonly in?: readonly PplScalar[];
  /** The value is none of these (Core v0.31.0+). */
  readonly not_in?: readonly PplScalar[];
}

/** A string matcher: a scalar is shorthand for `{ is: value }` (Core v0.28.0+), or the object form. */
export type PplStringMatcher = PplScalar | PplStringMatcherObject;

/**
 * The object form of a string list matcher, used by `groups` and `claim/<name>`;
 * every key present must hold. There is no "any of" operator: use several criteria under `or`.
 */
export interface PplStringListMatcherObject {
  /** Some element of the list equals this. */
  readonly has?: PplScalar;
  /** The list has exactly one element, equal to this (Core v0.28.0+). */
  readonly is?: PplScalar;
  /** No element of the list equals this; true for a missing claim (Core v0.29.0+). */
  readonly exclude?: PplScalar;
}

/** A string list matcher: a scalar is shorthand for `{ has: value }` (Core v0.28.0+), or the object form. */
export type PplStringListMatcher = PplScalar | PplStringListMatcherObject;

/** The `client_certificate` matcher: the presented mTLS leaf certificate meets every listed condition. */
export interface PplCertificateMatcher {
  /** SHA-256 fingerprints: 64 lower-case hex characters, or upper-case hex pairs separated by colons. */
  readonly fingerprint?: PplOneOrMany<string>;
  /** Base64 (padded) SHA-256 hashes of the SubjectPublicKeyInfo. */
  readonly spki_hash?: PplOneOrMany<string>;
  /** Some SAN email address matches. */
  readonly san_email?: PplStringMatcher;
  /** Some SAN DNS name matches. */
  readonly san_dns?: PplStringMatcher;
  /** Some SAN URI matches. */
  readonly san_uri?: PplStringMatcher;
}

/** The `device` matcher: the user's registered device of the given type meets the conditions. */
export interface PplDeviceMatcher {
  /** The device credential id. */
  readonly is?: string;
  /** True: the enrolment must be approved; false: it must not be; absent: not checked. */
  readonly approved?: boolean;
  /** The device type id: `any` (default), `enclave_only` or a type defined in the databroker. */
  readonly type?: 'any' | 'enclave_only' | (string & {});
}

/**
 * Every criterion name Pomerium Core registers, with the type of its value.
 * `claim/<name>` is not listed here: see {@link PplClaimCriterionName}.
 */
export interface PplCriterionValues {
  /** Always true; the value is ignored (`true` by convention). */
  accept: unknown;
  /** The session has a user; the value is ignored. */
  authenticated_user: unknown;
  /** The presented client certificate meets the conditions. */
  client_certificate: PplCertificateMatcher;
  /** A CORS preflight request; the value is ignored. */
  cors_preflight: unknown;
  /** The user's registered device meets the conditions. */
  device: PplDeviceMatcher;
  /** The part of the user's email after `@`. */
  domain: PplStringMatcher;
  /** The user's email. */
  email: PplStringMatcher;
  /** The user's directory group ids. */
  groups: PplStringListMatcher;
  /** The request method (case-sensitive). */
  http_method: PplStringMatcher;
  /** The request path, without the query string. */
  http_path: PplStringMatcher;
  /** No valid client certificate was presented; the value is ignored. */
  invalid_client_certificate: unknown;
  /** The tool name of an MCP `tools/call` request. */
  mcp_tool: PplStringMatcher;
  /** Always false; the value is ignored. */
  reject: unknown;
  /** The client IP is in one of these IPs or CIDR ranges. */
  source_ip: PplOneOrMany<string>;
  /** The SSH user certificate is signed by one of these CA keys (authorized_keys format). */
  ssh_ca: PplOneOrMany<string>;
  /** The SSH client's public key is one of these (authorized_keys format). */
  ssh_publickey: PplOneOrMany<string>;
  /** The requested SSH username. */
  ssh_username: PplStringMatcher;
  /** The SSH username equals a value of the named claim (the claim name is the value). */
  ssh_username_matches_claim: string;
  /** The SSH username equals the local part of the user's email; the value is ignored. */
  ssh_username_matches_email: unknown;
  /** The session's user id (not the email). */
  user: PplStringMatcher;
}

/** A `claim/<name>` criterion key; the claim name may contain `/` and `.`. */
export type PplClaimCriterionName = `claim/${string}`;

/** Every criterion key the library knows: the registered names and `claim/<name>`. */
export type PplCriterionName = keyof PplCriterionValues | PplClaimCriterionName;

/** A criterion the library knows, with its matcher fully typed: exactly one key. */
export type PplKnownCriterion =
  | {
      [Name in keyof PplCriterionValues]: { readonly [Key in Name]: PplCriterionValues[Name] };
    }[keyof PplCriterionValues]
  | { readonly [Key in PplClaimCriterionName]: PplStringListMatcher };

/** How the value of a criterion is checked. */
export type PplMatcherKind =
  | 'unused'
  | 'string'
  | 'string_list'
  | 'certificate'
  | 'device'
  | 'ip_list'
  | 'ssh_key_list'
  | 'claim_name';

/** The criteria Pomerium Core registers (v0.33.x), each with how its value is checked. */
export const pplCriterionKinds: Readonly<Record<keyof PplCriterionValues | 'claim', PplMatcherKind>> = Object.freeze({
  accept: 'unused',
  authenticated_user: 'unused',
  claim: 'string_list',
  client_certificate: 'certificate',
  cors_preflight: 'unused',
  device: 'device',
  domain: 'string',
  email: 'string',
  groups: 'string_list',
  http_method: 'string',
  http_path: 'string',
  invalid_client_certificate: 'unused',
  mcp_tool: 'string',
  reject: 'unused',
  source_ip: 'ip_list',
  ssh_ca: 'ssh_key_list',
  ssh_publickey: 'ssh_key_list',
  ssh_username: 'string',
  ssh_username_matches_claim: 'claim_name',
  ssh_username_matches_email: 'unused',
  user: 'string',
});

/** The operators of a string matcher. */
export const pplStringMatcherOperators: readonly (keyof PplStringMatcherObject)[] = Object.freeze([
  'is',
  'not',
  'starts_with',
  'ends_with',
  'contains',
  'in',
  'not_in',
]);

/** The operators of a string list matcher. */
export const pplStringListMatcherOperators: readonly (keyof PplStringListMatcherObject)[] = Object.freeze([
  'has',
  'is',
  'exclude',
]);

/** The keys of the `client_certificate` matcher. */
export const pplCertificateMatcherKeys: readonly (keyof PplCertificateMatcher)[] = Object.freeze([
  'fingerprint',
  'spki_hash',
  'san_email',
  'san_dns',
  'san_uri',
]);

/** The keys of the `device` matcher. */
export const pplDeviceMatcherKeys: readonly (keyof PplDeviceMatcher)[] = Object.freeze(['is', 'approved', 'type']);

/** Splits a criterion key at its first `/` into the criterion name and the sub-path (claim name). */
export function splitPplCriterionKey(key: string): { name: string; subPath: string | undefined } {
  const slash = key.indexOf('/');
  return slash === -1
    ? { name: key, subPath: undefined }
    : { name: key.slice(0, slash), subPath: key.slice(slash + 1) };
}

/** True when `name` (without sub-path) is a criterion Pomerium Core registers. */
export function isKnownPplCriterionName(name: string): name is keyof PplCriterionValues | 'claim' {
  return Object.hasOwn(pplCriterionKinds, name);
}
