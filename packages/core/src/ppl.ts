import { PomeriumError } from './pomerium-error.js';

import {
  checkPplCriterion,
  type PplCheckContext,
  type PplIssue,
  type PplValidationOptions,
} from './ppl-check-criterion.js';
import type { PplCriterionValues, PplKnownCriterion } from './ppl-criteria.js';
import { suggestClosest } from './ppl-suggest.js';

/**
 * One PPL criterion: an object with a single key naming the criterion (`email`,
 * `groups`, `claim/department`, `accept`, …) and its matcher as value, e.g.
 * `{ email: { is: 'user@example.com' } }`. Editors complete the known names and
 * type their matchers; other keys type-check so that PPL read from a console
 * with newer criteria still fits, and are refused at run time unless
 * `allowUnknownCriteria` is set. {@link PplKnownCriterion} is the strict type.
 */
export interface PplCriterion extends Partial<Readonly<PplCriterionValues>> {
  /** Any other key (`claim/<name>`, or a criterion newer than the library). */
  readonly [criterion: string]: unknown;
}

/** The logical operators that combine criteria inside an allow or deny block. */
export type PplOperator = 'and' | 'or' | 'not' | 'nor';

/**
 * The body of an `allow` or `deny` block. Sibling operators are OR-ed:
 * `{ and: [A, B], not: [C] }` means (A and B) or not C. Operators do not nest.
 */
export interface PplRuleBody {
  /** Every criterion must match. */
  and?: PplCriterion[];
  /** At least one criterion must match. */
  or?: PplCriterion[];
  /** Every criterion must fail (not A and not B). */
  not?: PplCriterion[];
  /** At least one criterion must fail (not A or not B). */
  nor?: PplCriterion[];
}

/** One PPL rule: access is allowed when some `allow` block matches and no `deny` block does. */
export interface PplRule {
  /** Criteria that grant access. */
  allow?: PplRuleBody;
  /** Criteria that refuse access, whatever `allow` says. */
  deny?: PplRuleBody;
}

/** A PPL document in its canonical form: an array of rules. */
export type Ppl = PplRule[];

/** What callers may pass: a single rule or an array of rules (both backends accept both). */
export type PplInput = PplRule | PplRule[];

/** A rule body whose criteria are all known to the library, with typed matchers. */
export interface TypedPplRuleBody {
  /** Every criterion must match. */
  and?: PplKnownCriterion[];
  /** At least one criterion must match. */
  or?: PplKnownCriterion[];
  /** Every criterion must fail. */
  not?: PplKnownCriterion[];
  /** At least one criterion must fail. */
  nor?: PplKnownCriterion[];
}

/** A rule whose criteria are all known to the library; assignable to {@link PplRule}. */
export interface TypedPplRule {
  /** Criteria that grant access. */
  allow?: TypedPplRuleBody;
  /** Criteria that refuse access, whatever `allow` says. */
  deny?: TypedPplRuleBody;
}

/** A fully typed PPL document: a typo such as `emial` is a compile error. Assignable to {@link PplInput}. */
export type TypedPpl = TypedPplRule | TypedPplRule[];

/** Options of {@link findPplIssues}, {@link normalizePpl} and {@link isValidPpl}. */
export interface PplCheckOptions extends PplValidationOptions {
  /** Path prefix used in issues and error fields. Default `ppl`. */
  path?: string;
}

const operators: readonly PplOperator[] = ['and', 'or', 'not', 'nor'];
const actions = ['allow', 'deny'] as const;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function structure(path: string, message: string): PplIssue {
  return { path, message, code: 'structure' };
}

function unknownKey(path: string, message: string, key: string, expected: readonly string[]): PplIssue {
  const suggestion = suggestClosest(key, expected);
  return suggestion
    ? { path, message: `${message}; did you mean "${suggestion}"?`, code: 'structure', suggestion }
    : { path, message: `${message} (expected ${expected.join(', ')})`, code: 'structure' };
}

function checkCriteria(value: unknown, path: string, context: PplCheckContext): void {
  if (!Array.isArray(value)) {
    context.issues.push(structure(path, 'must be an array of criteria'));
    return;
  }
  value.forEach((criterion, index) => {
    const at = `${path}[${index}]`;
    if (!isPlainObject(criterion)) {
      context.issues.push(structure(at, 'a criterion must be an object'));
      return;
    }
    const keys = Object.keys(criterion);
    if (keys.length !== 1) {
      context.issues.push(structure(at, `a criterion must have exactly one key, found ${keys.length}`));
      return;
    }
    const key = keys[0] as string;
    checkPplCriterion(key, criterion[key], at, context);
  });
}

function walkPpl(ppl: unknown, path: string, context: PplCheckContext): void {
  const { issues } = context;
  const rules = Array.isArray(ppl) ? ppl : [ppl];
  if (Array.isArray(ppl) && ppl.length === 0) {
    issues.push(structure(path, 'must contain at least one rule'));
  }
  rules.forEach((rule, index) => {
    const at = Array.isArray(ppl) ? `${path}[${index}]` : path;
    if (!isPlainObject(rule)) {
      issues.push(structure(at, 'a rule must be an object with allow and/or deny'));
      return;
    }
    const keys = Object.keys(rule).filter((key) => rule[key] !== undefined);
    if (keys.length === 0) {
      issues.push(structure(at, 'a rule must have allow or deny'));
    }
    for (const key of keys) {
      if (!(actions as readonly string[]).includes(key)) {
        issues.push(unknownKey(`${at}.${key}`, `unknown rule key "${key}"`, key, actions));
        continue;
      }
      const body = rule[key];
      if (!isPlainObject(body)) {
        issues.push(structure(`${at}.${key}`, 'must be an object with and, or, not or nor'));
        continue;
      }
      const bodyKeys = Object.keys(body).filter((bodyKey) => body[bodyKey] !== undefined);
      if (bodyKeys.length === 0) {
        issues.push(structure(`${at}.${key}`, 'must have at least one of and, or, not, nor'));
      }
      for (const operator of bodyKeys) {
        if (operator === 'action' && context.allowUnknown) {
          // Pomerium tolerates and ignores `action` in a rule body; keep it when reading back.
          context.unknown.push(`${at}.${key}.${operator}`);
          continue;
        }
        if (!(operators as readonly string[]).includes(operator)) {
          issues.push(unknownKey(`${at}.${key}.${operator}`, `unknown operator "${operator}"`, operator, operators));
          continue;
        }
        checkCriteria(body[operator], `${at}.${key}.${operator}`, context);
      }
    }
  });
}

function toOptions(pathOrOptions: string | PplCheckOptions | undefined): PplCheckOptions {
  return typeof pathOrOptions === 'string' ? { path: pathOrOptions } : (pathOrOptions ?? {});
}

/**
 * Checks a PPL document (a rule or an array of rules) and returns every
 * problem found; an empty array means it is valid. Criterion names are checked
 * against the criteria Pomerium Core registers (unknown ones come with a "did
 * you mean" suggestion) and matchers against each criterion's operators.
 * Pass `{ allowUnknownCriteria: true }` for PPL read back from a console.
 * The second argument may also be the path prefix (default `ppl`).
 */
export function findPplIssues(ppl: unknown, pathOrOptions?: string | PplCheckOptions): PplIssue[] {
  const { path = 'ppl', allowUnknownCriteria = false } = toOptions(pathOrOptions);
  const context: PplCheckContext = { allowUnknown: allowUnknownCriteria, issues: [], unknown: [] };
  walkPpl(ppl, path, context);
  return context.issues;
}

/**
 * Paths of the criterion names and matcher operators in `ppl` that this
 * library does not know, e.g. `ppl[0].allow.or[1].date` or
 * `ppl[0].allow.and[0].email.regex` (the last segment is the unknown key).
 * Such PPL passes validation only with `allowUnknownCriteria`; sync lists these
 * as warnings. Structural problems are not reported here: see {@link findPplIssues}.
 */
export function findUnknownPplCriteria(ppl: unknown, path = 'ppl'): string[] {
  const context: PplCheckContext = { allowUnknown: true, issues: [], unknown: [] };
  walkPpl(ppl, path, context);
  return context.unknown;
}

/** True when `ppl` is a valid PPL rule or array of rules (see {@link findPplIssues}). */
export function isValidPpl(ppl: unknown, options?: PplValidationOptions): ppl is PplInput {
  return findPplIssues(ppl, options).length === 0;
}

/**
 * Returns the canonical form of a PPL document: always an array of rules,
 * deep-copied, with undefined keys dropped. Throws `invalid_argument` naming
 * the field when the document is invalid (see {@link findPplIssues}; pass
 * `{ allowUnknownCriteria: true }` to keep criteria newer than the library).
 */
export function normalizePpl(ppl: unknown, pathOrOptions?: string | PplCheckOptions): Ppl {
  const issues = findPplIssues(ppl, pathOrOptions);
  const first = issues[0];
  if (first) {
    throw new PomeriumError(`Invalid PPL at ${first.path}: ${first.message}`, {
      code: 'invalid_argument',
      field: first.path,
    });
  }
  const rules = Array.isArray(ppl) ? ppl : [ppl];
  return JSON.parse(JSON.stringify(rules)) as Ppl;
}

function canonicalJson(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonicalJson);
  if (isPlainObject(value)) {
    const sorted: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const entry = value[key];
      if (entry !== undefined) sorted[key] = canonicalJson(entry);
    }
    return sorted;
  }
  return value;
}

/**
 * Serialises a PPL document to a stable JSON string: canonical array form and
 * sorted keys, so equal policies give equal strings.
 */
export function stringifyPplCanonical(ppl: PplInput | TypedPpl): string {
  return JSON.stringify(canonicalJson(Array.isArray(ppl) ? ppl : [ppl]));
}

/**
 * Semantic equality of two PPL documents: a single rule equals a one-element
 * array holding it, and the order of object keys does not matter. The order of
 * rules and of criteria is kept, since it is part of what a user wrote.
 */
export function pplEquals(left: PplInput | TypedPpl, right: PplInput | TypedPpl): boolean {
  return stringifyPplCanonical(left) === stringifyPplCanonical(right);
}
