import { PomeriumError } from './pomerium-error.js';

/**
 * One PPL criterion: an object with a single key naming the criterion (`email`,
 * `groups`, `claim/department`, `accept`, …) and its matcher as value, e.g.
 * `{ email: { is: 'user@example.com' } }`. A criterion may also nest logic:
 * `{ or: [ …criteria ] }`.
 */
export type PplCriterion = { readonly [criterion: string]: unknown };

/** The logical operators that combine criteria inside an allow or deny block. */
export type PplOperator = 'and' | 'or' | 'not' | 'nor';

/** The body of an `allow` or `deny` block. */
export interface PplRuleBody {
  /** Every criterion must match. */
  and?: PplCriterion[];
  /** At least one criterion must match. */
  or?: PplCriterion[];
  /** None of the criteria may match (each is negated and the results combined with and). */
  not?: PplCriterion[];
  /** Not one of the criteria may match. */
  nor?: PplCriterion[];
}

/** One PPL rule: access is allowed when `allow` matches and `deny` does not. */
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

const operators: readonly PplOperator[] = ['and', 'or', 'not', 'nor'];
const actions = ['allow', 'deny'] as const;
const criterionNamePattern = /^[A-Za-z_][A-Za-z0-9_.-]*(\/.+)?$/;

/** One structural problem found in a PPL document. */
export interface PplIssue {
  /** Path of the offending value, e.g. `ppl[0].allow.or[1]`. */
  path: string;
  /** What is wrong, in a sentence. */
  message: string;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function checkCriteria(value: unknown, path: string, issues: PplIssue[]): void {
  if (!Array.isArray(value)) {
    issues.push({ path, message: 'must be an array of criteria' });
    return;
  }
  value.forEach((criterion, index) => {
    const at = `${path}[${index}]`;
    if (!isPlainObject(criterion)) {
      issues.push({ path: at, message: 'a criterion must be an object' });
      return;
    }
    const keys = Object.keys(criterion);
    if (keys.length !== 1) {
      issues.push({ path: at, message: `a criterion must have exactly one key, found ${keys.length}` });
      return;
    }
    const name = keys[0] as string;
    if ((operators as readonly string[]).includes(name)) {
      checkCriteria(criterion[name], `${at}.${name}`, issues);
      return;
    }
    if (!criterionNamePattern.test(name)) {
      issues.push({ path: `${at}.${name}`, message: `"${name}" is not a valid criterion name` });
      return;
    }
    if (criterion[name] === undefined) {
      issues.push({ path: `${at}.${name}`, message: 'a criterion needs a value' });
    }
  });
}

/**
 * Checks the structure of a PPL document (a rule or an array of rules) and
 * returns every problem found; an empty array means it is well-formed.
 * Criterion names and matchers are not interpreted: backends differ in which
 * criteria they know.
 */
export function findPplIssues(ppl: unknown, path = 'ppl'): PplIssue[] {
  const issues: PplIssue[] = [];
  const rules = Array.isArray(ppl) ? ppl : [ppl];
  if (Array.isArray(ppl) && ppl.length === 0) {
    issues.push({ path, message: 'must contain at least one rule' });
  }
  rules.forEach((rule, index) => {
    const at = Array.isArray(ppl) ? `${path}[${index}]` : path;
    if (!isPlainObject(rule)) {
      issues.push({ path: at, message: 'a rule must be an object with allow and/or deny' });
      return;
    }
    const keys = Object.keys(rule).filter((key) => rule[key] !== undefined);
    if (keys.length === 0) {
      issues.push({ path: at, message: 'a rule must have allow or deny' });
    }
    for (const key of keys) {
      if (!(actions as readonly string[]).includes(key)) {
        issues.push({ path: `${at}.${key}`, message: `unknown rule key "${key}" (expected allow or deny)` });
        continue;
      }
      const body = rule[key];
      if (!isPlainObject(body)) {
        issues.push({ path: `${at}.${key}`, message: 'must be an object with and, or, not or nor' });
        continue;
      }
      const bodyKeys = Object.keys(body).filter((bodyKey) => body[bodyKey] !== undefined);
      if (bodyKeys.length === 0) {
        issues.push({ path: `${at}.${key}`, message: 'must have at least one of and, or, not, nor' });
      }
      for (const operator of bodyKeys) {
        if (!(operators as readonly string[]).includes(operator)) {
          issues.push({
            path: `${at}.${key}.${operator}`,
            message: `unknown operator "${operator}" (expected and, or, not or nor)`,
          });
          continue;
        }
        checkCriteria(body[operator], `${at}.${key}.${operator}`, issues);
      }
    }
  });
  return issues;
}

/** True when `ppl` is a structurally valid PPL rule or array of rules. */
export function isValidPpl(ppl: unknown): ppl is PplInput {
  return findPplIssues(ppl).length === 0;
}

/**
 * Returns the canonical form of a PPL document: always an array of rules,
 * deep-copied, with undefined keys dropped. Throws `invalid_argument` when
 * the document is malformed.
 */
export function normalizePpl(ppl: unknown, path = 'ppl'): Ppl {
  const issues = findPplIssues(ppl, path);
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
export function stringifyPplCanonical(ppl: PplInput): string {
  return JSON.stringify(canonicalJson(Array.isArray(ppl) ? ppl : [ppl]));
}

/**
 * Semantic equality of two PPL documents: a single rule equals a one-element
 * array holding it, and the order of object keys does not matter. The order of
 * rules and of criteria is kept, since it is part of what a user wrote.
 */
export function pplEquals(left: PplInput, right: PplInput): boolean {
  return stringifyPplCanonical(left) === stringifyPplCanonical(right);
}
