import { PomeriumError } from './pomerium-error.js';
import type { PplOperator, TypedPplRuleBody } from './ppl.js';
import type {
  PplCertificateMatcher,
  PplClaimCriterionName,
  PplDeviceMatcher,
  PplKnownCriterion,
  PplScalar,
  PplStringListMatcherObject,
  PplStringMatcherObject,
} from './ppl-criteria.js';

/** A criterion with one key `Name` holding `Value`, as the builders produce it. */
export type PplBuiltCriterion<Name extends string, Value> = { readonly [Key in Name]: Value };

function criterion<Name extends string, Value>(name: Name, value: Value): PplBuiltCriterion<Name, Value> {
  return { [name]: value } as PplBuiltCriterion<Name, Value>;
}

/** Builds criteria whose value is a string matcher (`email`, `domain`, `http_method`, …). */
export interface PplStringCriterionBuilder<Name extends string> {
  /** `{ <name>: { is: value } }`: the value equals this. */
  is(value: PplScalar): PplBuiltCriterion<Name, PplStringMatcherObject>;
  /** `{ <name>: { not: value } }`: the value differs from this. */
  not(value: PplScalar): PplBuiltCriterion<Name, PplStringMatcherObject>;
  /** `{ <name>: { starts_with: prefix } }`. */
  startsWith(prefix: string): PplBuiltCriterion<Name, PplStringMatcherObject>;
  /** `{ <name>: { ends_with: suffix } }`. */
  endsWith(suffix: string): PplBuiltCriterion<Name, PplStringMatcherObject>;
  /** `{ <name>: { contains: part } }`. */
  contains(part: string): PplBuiltCriterion<Name, PplStringMatcherObject>;
  /** `{ <name>: { in: values } }`: the value is one of these. */
  in(values: readonly PplScalar[]): PplBuiltCriterion<Name, PplStringMatcherObject>;
  /** `{ <name>: { not_in: values } }`: the value is none of these. */
  notIn(values: readonly PplScalar[]): PplBuiltCriterion<Name, PplStringMatcherObject>;
  /** `{ <name>: matcher }`: several operators at once, all of which must hold. */
  matches(matcher: PplStringMatcherObject): PplBuiltCriterion<Name, PplStringMatcherObject>;
}

/** Builds criteria whose value is a string list matcher (`groups`, `claim/<name>`). */
export interface PplStringListCriterionBuilder<Name extends string> {
  /** `{ <name>: { has: value } }`: some element equals this. */
  has(value: PplScalar): PplBuiltCriterion<Name, PplStringListMatcherObject>;
  /** `{ <name>: { is: value } }`: exactly one element, equal to this. */
  is(value: PplScalar): PplBuiltCriterion<Name, PplStringListMatcherObject>;
  /** `{ <name>: { exclude: value } }`: no element equals this. */
  exclude(value: PplScalar): PplBuiltCriterion<Name, PplStringListMatcherObject>;
  /** `{ <name>: matcher }`: several operators at once, all of which must hold. */
  matches(matcher: PplStringListMatcherObject): PplBuiltCriterion<Name, PplStringListMatcherObject>;
}

function stringCriterion<Name extends string>(name: Name): PplStringCriterionBuilder<Name> {
  const build = (matcher: PplStringMatcherObject) => criterion(name, matcher);
  return Object.freeze({
    is: (value: PplScalar) => build({ is: value }),
    not: (value: PplScalar) => build({ not: value }),
    startsWith: (prefix: string) => build({ starts_with: prefix }),
    endsWith: (suffix: string) => build({ ends_with: suffix }),
    contains: (part: string) => build({ contains: part }),
    in: (values: readonly PplScalar[]) => build({ in: [...values] }),
    notIn: (values: readonly PplScalar[]) => build({ not_in: [...values] }),
    matches: (matcher: PplStringMatcherObject) => build({ ...matcher }),
  });
}

function stringListCriterion<Name extends string>(name: Name): PplStringListCriterionBuilder<Name> {
  const build = (matcher: PplStringListMatcherObject) => criterion(name, matcher);
  return Object.freeze({
    has: (value: PplScalar) => build({ has: value }),
    is: (value: PplScalar) => build({ is: value }),
    exclude: (value: PplScalar) => build({ exclude: value }),
    matches: (matcher: PplStringListMatcherObject) => build({ ...matcher }),
  });
}

function block<Operator extends PplOperator>(operator: Operator) {
  return (...criteria: PplKnownCriterion[]): { [Key in Operator]: PplKnownCriterion[] } =>
    ({ [operator]: criteria }) as { [Key in Operator]: PplKnownCriterion[] };
}

function action<Action extends 'allow' | 'deny'>(name: Action) {
  return (...blocks: TypedPplRuleBody[]): { [Key in Action]: TypedPplRuleBody } => {
    const body: Record<string, unknown> = {};
    for (const part of blocks) {
      for (const [operator, criteria] of Object.entries(part)) {
        if (criteria === undefined) continue;
        if (operator in body) {
          throw new PomeriumError(
            `${name}() got two "${operator}" blocks; put their criteria in one ${operator}(…) or use separate rules`,
            { code: 'invalid_argument', field: `${name}.${operator}` },
          );
        }
        body[operator] = criteria;
      }
    }
    return { [name]: body as TypedPplRuleBody } as { [Key in Action]: TypedPplRuleBody };
  };
}

const unused =
  <Name extends string>(name: Name) =>
  (): PplBuiltCriterion<Name, true> =>
    criterion(name, true as const);

/**
 * Builders for typed PPL that produce the same JSON as the hand-written form.
 * Destructure what you need:
 *
 * @example
 * const { allow, deny, or, and, email, domain, claim, httpMethod } = pplBuilders;
 * const ppl = [
 *   allow(or(email.is('a@example.com'), domain.is('example.com'))),
 *   deny(or(httpMethod.is('DELETE'))),
 * ];
 * // one rule holding both actions: { ...allow(…), ...deny(…) }
 */
export const pplBuilders = Object.freeze({
  /** `{ allow: body }` from operator blocks: `allow(or(…), and(…))`; one block per operator. */
  allow: action('allow'),
  /** `{ deny: body }` from operator blocks: `deny(or(…))`; one block per operator. */
  deny: action('deny'),
  /** `{ and: criteria }`: every criterion must match. */
  and: block('and'),
  /** `{ or: criteria }`: at least one criterion must match. */
  or: block('or'),
  /** `{ not: criteria }`: every criterion must fail. */
  not: block('not'),
  /** `{ nor: criteria }`: at least one criterion must fail. */
  nor: block('nor'),
  /** `{ accept: true }`: always true. */
  accept: unused('accept'),
  /** `{ reject: true }`: always false. */
  reject: unused('reject'),
  /** `{ authenticated_user: true }`: any signed-in user. */
  authenticatedUser: unused('authenticated_user'),
  /** `{ cors_preflight: true }`: a CORS preflight request. */
  corsPreflight: unused('cors_preflight'),
  /** `{ invalid_client_certificate: true }`: no valid client certificate. */
  invalidClientCertificate: unused('invalid_client_certificate'),
  /** `{ ssh_username_matches_email: true }`: the SSH username is the local part of the user's email. */
  sshUsernameMatchesEmail: unused('ssh_username_matches_email'),
  /** The user's email: `email.is('a@example.com')`, `email.endsWith('@example.com')`, … */
  email: stringCriterion('email'),
  /** The domain of the user's email: `domain.is('example.com')`. */
  domain: stringCriterion('domain'),
  /** The session's user id: `user.is('user-id')`. */
  user: stringCriterion('user'),
  /** The request method: `httpMethod.is('GET')`. */
  httpMethod: stringCriterion('http_method'),
  /** The request path: `httpPath.startsWith('/admin')`. */
  httpPath: stringCriterion('http_path'),
  /** The MCP tool name: `mcpTool.in(['search', 'fetch'])`. */
  mcpTool: stringCriterion('mcp_tool'),
  /** The requested SSH username: `sshUsername.is('deploy')`. */
  sshUsername: stringCriterion('ssh_username'),
  /** The user's directory group ids: `groups.has('admins')`. */
  groups: stringListCriterion('groups'),
  /** A claim of the user: `claim('groups').has('admin')` gives `{ 'claim/groups': { has: 'admin' } }`. */
  claim: <Name extends string>(name: Name) =>
    stringListCriterion(`claim/${name}` as const satisfies PplClaimCriterionName),
  /** `{ source_ip: [ranges] }`: the client IP is in one of these IPs or CIDR ranges (always an array). */
  sourceIp: (...ranges: string[]) => criterion('source_ip', ranges),
  /** `{ ssh_publickey: [keys] }`: the SSH client key is one of these authorized_keys lines. */
  sshPublicKey: (...keys: string[]) => criterion('ssh_publickey', keys),
  /** `{ ssh_ca: [keys] }`: the SSH user certificate is signed by one of these CA keys. */
  sshCa: (...keys: string[]) => criterion('ssh_ca', keys),
  /** `{ ssh_username_matches_claim: claim }`: the SSH username is a value of this claim. */
  sshUsernameMatchesClaim: (claim: string) => criterion('ssh_username_matches_claim', claim),
  /** `{ client_certificate: matcher }`: the client certificate meets every condition. */
  clientCertificate: (matcher: PplCertificateMatcher) => criterion('client_certificate', { ...matcher }),
  /** `{ device: matcher }`: the user's registered device meets the conditions. */
  device: (matcher: PplDeviceMatcher = {}) => criterion('device', { ...matcher }),
});
