import { clone, create, fromJson, type JsonValue, toJson } from '@bufbuild/protobuf';
import { ListValueSchema } from '@bufbuild/protobuf/wkt';
import {
  type Policy,
  type PolicyCreateInput,
  type PolicyUpdatePatch,
  type Ppl,
  pplEquals,
} from '@pomerium-unified/core';
import { PolicySchema, type Policy as ProtoPolicy } from '@pomerium-unified/enterprise-protos';
import { timestampToString } from './convert-duration.js';
import { deepEqual } from './deep-equal.js';

/** Enterprise-only fields of a policy, kept in `extensions.enterprise` so a read-modify-write loses nothing. */
export interface EnterprisePolicyExtension {
  /** Legacy allow list of user ids or emails (`allowed_users`). */
  allowedUsers?: string[];
  /** Legacy allow list of email domains (`allowed_domains`). */
  allowedDomains?: string[];
  /** Custom Rego policy sources (`rego`). */
  rego?: string[];
  /** Legacy allow list of IdP claims: claim name → accepted values (`allowed_idp_claims`). */
  allowedIdpClaims?: Record<string, JsonValue[]>;
  /** Id of the system that created the policy, when not a person. */
  originatorId?: string;
  /** Name of the policy's namespace (computed, read-only). */
  namespaceName?: string;
  /** Route id → route name of the routes the policy is assigned to (computed, read-only). */
  routeNames?: Record<string, string>;
  /** The `ppl` string as stored when it is not valid JSON (read-only). */
  unparsedPpl?: string;
  /** Numbers of protobuf fields the console sent that this library does not know (read-only; they stay on the console). */
  unknownFields?: number[];
}

declare module '@pomerium-unified/core' {
  interface PolicyExtensions {
    /** Enterprise-only policy fields. */
    enterprise?: EnterprisePolicyExtension;
  }
}

/** Parses the console's PPL JSON string into canonical core PPL (an array of rules). */
export function pplFromString(ppl: string): { ppl: Ppl; unparsed?: string } {
  if (ppl.trim() === '') return { ppl: [] };
  try {
    const parsed: unknown = JSON.parse(ppl);
    if (Array.isArray(parsed)) return { ppl: parsed as Ppl };
    if (typeof parsed === 'object' && parsed !== null) return { ppl: [parsed as Ppl[number]] };
    return { ppl: [], unparsed: ppl };
  } catch {
    return { ppl: [], unparsed: ppl };
  }
}

/** Serialises core PPL to the JSON string the console stores in `Policy.ppl`. */
export function pplToString(ppl: Ppl | Ppl[number]): string {
  return JSON.stringify(Array.isArray(ppl) ? ppl : [ppl]);
}

function nonEmpty<T>(values: T[]): T[] | undefined {
  return values.length > 0 ? [...values] : undefined;
}

function readExtension(policy: ProtoPolicy): EnterprisePolicyExtension {
  const extension: EnterprisePolicyExtension = {};
  const allowedUsers = nonEmpty(policy.allowedUsers);
  if (allowedUsers) extension.allowedUsers = allowedUsers;
  const allowedDomains = nonEmpty(policy.allowedDomains);
  if (allowedDomains) extension.allowedDomains = allowedDomains;
  const rego = nonEmpty(policy.rego);
  if (rego) extension.rego = rego;
  const claims = Object.entries(policy.allowedIdpClaims);
  if (claims.length > 0) {
    extension.allowedIdpClaims = Object.fromEntries(
      claims.map(([claim, values]) => [claim, toJson(ListValueSchema, values) as JsonValue[]]),
    );
  }
  if (policy.originatorId !== '') extension.originatorId = policy.originatorId;
  if (policy.namespaceName !== '') extension.namespaceName = policy.namespaceName;
  if (Object.keys(policy.routes).length > 0) extension.routeNames = { ...policy.routes };
  if (policy.$unknown && policy.$unknown.length > 0) {
    extension.unknownFields = [...new Set(policy.$unknown.map((field) => field.no))];
  }
  return extension;
}

/** Converts a console `Policy` into the core model; `ppl` is parsed from its JSON string. */
export function policyFromProto(policy: ProtoPolicy): Policy {
  const { ppl, unparsed } = pplFromString(policy.ppl);
  const enterprise = readExtension(policy);
  if (unparsed !== undefined) enterprise.unparsedPpl = unparsed;
  return {
    id: policy.id,
    namespaceId: policy.namespaceId,
    name: policy.name,
    description: policy.description,
    enforced: policy.enforced,
    ppl,
    explanation: policy.explanation,
    remediation: policy.remediation,
    routeIds: Object.keys(policy.routes),
    createdAt: timestampToString(policy.createdAt),
    updatedAt: timestampToString(policy.modifiedAt),
    extensions: { enterprise },
  };
}

/** The writable policy fields: a create input or an update patch. */
export type PolicyChanges = PolicyUpdatePatch & Partial<Pick<PolicyCreateInput, 'namespaceId'>>;

function writeExtension(policy: ProtoPolicy, extension: EnterprisePolicyExtension): void {
  const before = readExtension(policy);
  if ('allowedUsers' in extension && !deepEqual(before.allowedUsers, extension.allowedUsers)) {
    policy.allowedUsers = [...(extension.allowedUsers ?? [])];
  }
  if ('allowedDomains' in extension && !deepEqual(before.allowedDomains, extension.allowedDomains)) {
    policy.allowedDomains = [...(extension.allowedDomains ?? [])];
  }
  if ('rego' in extension && !deepEqual(before.rego, extension.rego)) policy.rego = [...(extension.rego ?? [])];
  if ('allowedIdpClaims' in extension && !deepEqual(before.allowedIdpClaims, extension.allowedIdpClaims)) {
    policy.allowedIdpClaims = Object.fromEntries(
      Object.entries(extension.allowedIdpClaims ?? {}).map(([claim, values]) => [
        claim,
        fromJson(ListValueSchema, values),
      ]),
    );
  }
  if ('originatorId' in extension && extension.originatorId !== before.originatorId) {
    policy.originatorId = extension.originatorId ?? '';
  }
}

/**
 * Applies policy changes to a copy of a console `Policy` (or a new one). Keys
 * left out keep their value, as do fields the core model does not know.
 * Computed fields (`routes`, `namespace_name`) are cleared: the console owns
 * them. `ppl` is only rewritten when it changed semantically, so the stored
 * string survives a read-modify-write byte for byte.
 */
export function policyToProto(changes: PolicyChanges, base?: ProtoPolicy): ProtoPolicy {
  return base
    ? writePolicyOnto(clone(PolicySchema, base), changes)
    : writePolicyOnto(create(PolicySchema), changes, true);
}

/**
 * {@link policyToProto} without the copy: applies `changes` to `policy` itself
 * and returns it. For a message the caller owns and sends next (an update's
 * fresh read); `isNew` when `policy` is a new message rather than one read.
 */
export function writePolicyOnto(policy: ProtoPolicy, changes: PolicyChanges, isNew = false): ProtoPolicy {
  if (changes.namespaceId !== undefined) policy.namespaceId = changes.namespaceId;
  if (changes.name !== undefined) policy.name = changes.name;
  if (changes.description !== undefined) policy.description = changes.description;
  if (changes.enforced !== undefined) policy.enforced = changes.enforced;
  if (changes.explanation !== undefined) policy.explanation = changes.explanation;
  if (changes.remediation !== undefined) policy.remediation = changes.remediation;
  if (changes.ppl !== undefined) {
    const current = pplFromString(policy.ppl);
    if (isNew || current.unparsed !== undefined || !pplEquals(current.ppl, changes.ppl)) {
      policy.ppl = pplToString(changes.ppl as Ppl);
    }
  }
  const extension = changes.extensions?.enterprise;
  if (extension !== undefined && extension !== null) writeExtension(policy, extension);
  policy.routes = {};
  policy.namespaceName = '';
  return policy;
}
