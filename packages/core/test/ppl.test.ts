import { findPplIssues, isValidPpl, normalizePpl, PomeriumError, pplEquals } from '@pomerium-unified/core';
import { describe, expect, it } from 'vitest';

const rule = { allow: { and: [{ email: { is: 'user@example.com' } }] } };

describe('PPL', () => {
  it('normalises a single rule into an array and leaves arrays as they are', () => {
    expect(normalizePpl(rule)).toEqual([rule]);
    expect(normalizePpl([rule, rule])).toEqual([rule, rule]);
  });

  it('returns a deep copy', () => {
    const input = [structuredClone(rule)];
    const normalized = normalizePpl(input);
    normalized[0]!.allow!.and!.push({ domain: { is: 'x' } });
    expect(input[0]?.allow.and).toHaveLength(1);
  });

  it('accepts every operator and claim criteria with a slash', () => {
    const ppl = [
      {
        allow: {
          and: [{ authenticated_user: true }],
          or: [{ 'claim/groups': 'admins' }, { 'claim/example.com/roles': { has: 'x' } }],
        },
        deny: { not: [{ http_method: { is: 'DELETE' } }], nor: [{ device: { is: 'x' } }] },
      },
    ];
    expect(findPplIssues(ppl)).toEqual([]);
    expect(isValidPpl(ppl)).toBe(true);
  });

  it.each([
    ['a string', 'allow all', 'ppl'],
    ['an empty array', [], 'ppl'],
    ['a rule without allow or deny', [{}], 'ppl[0]'],
    ['an unknown rule key', [{ permit: { and: [] } }], 'ppl[0].permit'],
    ['an unknown operator', [{ allow: { xor: [] } }], 'ppl[0].allow.xor'],
    ['criteria that are not an array', [{ allow: { and: { email: 'x' } } }], 'ppl[0].allow.and'],
    ['a criterion with two keys', [{ allow: { and: [{ email: 'x', domain: 'y' }] } }], 'ppl[0].allow.and[0]'],
    ['a criterion that is not an object', [{ allow: { or: ['email'] } }], 'ppl[0].allow.or[0]'],
    ['an empty body', [{ allow: {} }], 'ppl[0].allow'],
    ['a bad criterion name', [{ allow: { or: [{ 'bad name!': true }] } }], 'ppl[0].allow.or[0]'],
    ['nested logic', [{ allow: { or: [{ or: [{ email: { is: 'a@b.c' } }] }] } }], 'ppl[0].allow.or[0]'],
    ['an unknown criterion', { allow: { and: [{ accept: true }, { emial: 'a@b.c' }] } }, 'ppl.allow.and[1]'],
    ['an unknown matcher operator', [{ deny: { or: [{ email: { iss: 'x' } }] } }], 'ppl[0].deny.or[0].email'],
  ])('rejects %s', (_label, ppl, path) => {
    const issues = findPplIssues(ppl);
    expect(issues.length).toBeGreaterThan(0);
    expect(issues[0]?.path).toBe(path);
    expect(() => normalizePpl(ppl)).toThrow(PomeriumError);
    try {
      normalizePpl(ppl);
    } catch (error) {
      expect(error).toMatchObject({ code: 'invalid_argument', field: path });
    }
  });

  it('compares semantically: key order does not matter, a rule equals a one-rule array', () => {
    const reordered = { allow: { and: [{ email: { is: 'user@example.com' } }] } };
    expect(pplEquals(rule, [reordered])).toBe(true);
    const twoKeys = { deny: { or: [{ a: 1 }] }, allow: { or: [{ b: { is: 1, not: 2 } }] } };
    const twoKeysReordered = { allow: { or: [{ b: { not: 2, is: 1 } }] }, deny: { or: [{ a: 1 }] } };
    expect(pplEquals(twoKeys, twoKeysReordered)).toBe(true);
  });

  it('tells different policies apart, including criteria order', () => {
    expect(pplEquals(rule, { allow: { and: [{ email: { is: 'other@example.com' } }] } })).toBe(false);
    expect(pplEquals(rule, { deny: rule.allow })).toBe(false);
    const a = { allow: { or: [{ x: 1 }, { y: 2 }] } };
    const b = { allow: { or: [{ y: 2 }, { x: 1 }] } };
    expect(pplEquals(a, b)).toBe(false);
  });
});
