import {
  findPplIssues,
  findUnknownPplCriteria,
  normalizePpl,
  type PplInput,
  type PplKnownCriterion,
  type PplOperator,
  pplBuilders,
  pplEquals,
  stringifyPplCanonical,
} from '@pomerium-unified/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

const scalar = fc.oneof(fc.string(), fc.integer(), fc.boolean(), fc.constant(null));
const nonEmpty = <T extends object>(arbitrary: fc.Arbitrary<T>) =>
  arbitrary.filter((value) => Object.keys(value).length > 0);

const stringMatcher = fc.oneof(
  scalar,
  nonEmpty(
    fc.record(
      {
        is: scalar,
        not: scalar,
        starts_with: fc.string(),
        ends_with: fc.string(),
        contains: fc.string(),
        in: fc.array(scalar, { maxLength: 3 }),
        not_in: fc.array(scalar, { maxLength: 3 }),
      },
      { requiredKeys: [] },
    ),
  ),
);
const listMatcher = fc.oneof(
  scalar,
  nonEmpty(fc.record({ has: scalar, is: scalar, exclude: scalar }, { requiredKeys: [] })),
);
const bytes32 = fc.uint8Array({ minLength: 32, maxLength: 32 }).map((array) => Buffer.from(array));
const fingerprint = bytes32.chain((buffer) =>
  fc.constantFrom(
    buffer.toString('hex'),
    [...buffer].map((byte) => byte.toString(16).padStart(2, '0').toUpperCase()).join(':'),
  ),
);
const oneOrMany = <T>(arbitrary: fc.Arbitrary<T>) =>
  fc.oneof(arbitrary, fc.array(arbitrary, { minLength: 1, maxLength: 3 }));
const ipRange = fc.oneof(
  fc.ipV4(),
  fc.ipV6(),
  fc.tuple(fc.ipV4(), fc.integer({ min: 0, max: 32 })).map(([ip, prefix]) => `${ip}/${prefix}`),
  fc.tuple(fc.ipV6(), fc.integer({ min: 0, max: 128 })).map(([ip, prefix]) => `${ip}/${prefix}`),
);
const sshKey = fc
  .tuple(fc.constantFrom('ssh-ed25519', 'ssh-rsa'), fc.base64String({ minLength: 4 }), fc.constantFrom('', ' u@h'))
  .map(([type, blob, comment]) => `${type} ${blob}${comment}`);

const valueArbitraries: Record<string, fc.Arbitrary<unknown>> = {
  accept: fc.constant(true),
  authenticated_user: fc.jsonValue(),
  cors_preflight: fc.constant(null),
  invalid_client_certificate: fc.boolean(),
  reject: fc.constant(true),
  ssh_username_matches_email: fc.constant(true),
  domain: stringMatcher,
  email: stringMatcher,
  user: stringMatcher,
  http_method: stringMatcher,
  http_path: stringMatcher,
  mcp_tool: stringMatcher,
  ssh_username: stringMatcher,
  groups: listMatcher,
  client_certificate: fc.record(
    {
      fingerprint: oneOrMany(fingerprint),
      spki_hash: oneOrMany(bytes32.map((buffer) => buffer.toString('base64'))),
      san_email: stringMatcher,
      san_dns: stringMatcher,
      san_uri: stringMatcher,
    },
    { requiredKeys: [] },
  ),
  device: fc.record(
    { is: fc.string(), approved: fc.boolean(), type: fc.constantFrom('any', 'enclave_only', 'custom') },
    { requiredKeys: [] },
  ),
  source_ip: oneOrMany(ipRange),
  ssh_ca: oneOrMany(sshKey),
  ssh_publickey: oneOrMany(sshKey),
  ssh_username_matches_claim: fc.string(),
};

const criterion: fc.Arbitrary<Record<string, unknown>> = fc.oneof(
  ...Object.entries(valueArbitraries).map(([name, value]) => value.map((matcher) => ({ [name]: matcher }))),
  fc.tuple(fc.string({ minLength: 1 }), listMatcher).map(([claim, matcher]) => ({ [`claim/${claim}`]: matcher })),
);
const criteria = fc.array(criterion, { maxLength: 4 });
const body = nonEmpty(fc.record({ and: criteria, or: criteria, not: criteria, nor: criteria }, { requiredKeys: [] }));
const rule = nonEmpty(fc.record({ allow: body, deny: body }, { requiredKeys: [] }));
const ppl = fc.oneof(rule, fc.array(rule, { minLength: 1, maxLength: 3 })) as fc.Arbitrary<PplInput>;

describe('PPL properties', () => {
  it('every generated valid PPL validates and round-trips through normalize and canonical JSON', () => {
    fc.assert(
      fc.property(ppl, (document) => {
        expect(findPplIssues(document)).toEqual([]);
        expect(findUnknownPplCriteria(document)).toEqual([]);
        const normalized = normalizePpl(document);
        const canonical = stringifyPplCanonical(normalized);
        const reparsed = JSON.parse(canonical) as PplInput;
        expect(findPplIssues(reparsed)).toEqual([]);
        expect(pplEquals(reparsed, document)).toBe(true);
        expect(stringifyPplCanonical(normalizePpl(reparsed))).toBe(canonical);
      }),
      { numRuns: 300 },
    );
  });

  const stringOperators = [
    ['is', 'is'],
    ['not', 'not'],
    ['startsWith', 'starts_with'],
    ['endsWith', 'ends_with'],
    ['contains', 'contains'],
    ['in', 'in'],
    ['notIn', 'not_in'],
  ] as const;
  const stringCriteria = [
    ['email', 'email'],
    ['domain', 'domain'],
    ['user', 'user'],
    ['httpMethod', 'http_method'],
    ['httpPath', 'http_path'],
    ['mcpTool', 'mcp_tool'],
    ['sshUsername', 'ssh_username'],
  ] as const;
  /** A criterion built both ways: with the builders and by hand. */
  type Twin = [PplKnownCriterion, Record<string, unknown>];
  const twin: fc.Arbitrary<Twin> = fc.oneof(
    fc
      .tuple(fc.constantFrom(...stringCriteria), fc.constantFrom(...stringOperators), fc.string())
      .map(([[builder, name], [method, operator], value]): Twin => {
        const list = method === 'in' || method === 'notIn';
        const operand = list ? [value] : value;
        const built = list
          ? pplBuilders[builder][method]([value])
          : pplBuilders[builder][method as Exclude<typeof method, 'in' | 'notIn'>](value);
        return [built, { [name]: { [operator]: operand } }];
      }),
    fc
      .tuple(
        fc.option(fc.string({ minLength: 1 }), { nil: undefined }),
        fc.constantFrom('has', 'is', 'exclude'),
        scalar,
      )
      .map(([claim, operator, value]): Twin => {
        const builder = claim === undefined ? pplBuilders.groups : pplBuilders.claim(claim);
        return [
          builder[operator](value),
          { [claim === undefined ? 'groups' : `claim/${claim}`]: { [operator]: value } },
        ];
      }),
    fc
      .array(ipRange, { minLength: 1, maxLength: 3 })
      .map((ranges): Twin => [pplBuilders.sourceIp(...ranges), { source_ip: ranges }]),
    fc.constantFrom<Twin>(
      [pplBuilders.accept(), { accept: true }],
      [pplBuilders.authenticatedUser(), { authenticated_user: true }],
      [pplBuilders.reject(), { reject: true }],
    ),
  );

  it('builder output equals the hand-written JSON', () => {
    const operators: PplOperator[] = ['and', 'or', 'not', 'nor'];
    fc.assert(
      fc.property(
        fc.constantFrom('allow', 'deny' as const),
        fc.uniqueArray(fc.constantFrom(...operators), { minLength: 1 }),
        fc.array(twin, { minLength: 1, maxLength: 4 }),
        (action, chosen, twins) => {
          const built = pplBuilders[action](
            ...chosen.map((operator) => pplBuilders[operator](...twins.map(([criterion]) => criterion))),
          );
          const hand = {
            [action]: Object.fromEntries(chosen.map((operator) => [operator, twins.map(([, json]) => json)])),
          };
          expect(stringifyPplCanonical(built)).toBe(stringifyPplCanonical(hand as PplInput));
          expect(pplEquals(built, hand as PplInput)).toBe(true);
          expect(findPplIssues(built)).toEqual([]);
        },
      ),
      { numRuns: 200 },
    );
  });
});
