import {
  isKnownPplCriterionName,
  pplCertificateMatcherKeys,
  pplCriterionKinds,
  pplDeviceMatcherKeys,
  pplStringListMatcherOperators,
  pplStringMatcherOperators,
  splitPplCriterionKey,
} from './ppl-criteria.js';
import { suggestClosest } from './ppl-suggest.js';

/** What kind of problem a {@link PplIssue} is. */
export type PplIssueCode = 'structure' | 'unknown_criterion' | 'unknown_operator' | 'invalid_value';

/** One problem found in a PPL document. */
export interface PplIssue {
  /** Path of the offending value, e.g. `ppl[0].allow.or[1]`. */
  path: string;
  /** What is wrong, in a sentence. */
  message: string;
  /** The kind of problem; unknown names are the only ones `allowUnknownCriteria` lets through. */
  code?: PplIssueCode;
  /** For an unknown name: the closest name the library knows ("did you mean"). */
  suggestion?: string;
}

/** Options of the PPL validation functions. */
export interface PplValidationOptions {
  /**
   * Accept criterion names and matcher operators this library does not know,
   * e.g. ones added by a newer Pomerium or the Enterprise console, or nested
   * logic stored by an older tool. Meant for PPL read back from a console;
   * everything the library knows is still checked. Default false: unknown
   * names are refused with a "did you mean" suggestion.
   */
  allowUnknownCriteria?: boolean;
}

/** Where {@link checkPplCriterion} reports to. */
export interface PplCheckContext {
  /** Whether unknown names pass (and are recorded in `unknown`) instead of being issues. */
  allowUnknown: boolean;
  /** Problems found. */
  issues: PplIssue[];
  /** Paths of the keys unknown to the library, e.g. `ppl[0].allow.or[1].date`. */
  unknown: string[];
}

const logicalOperators = ['and', 'or', 'not', 'nor'];
const criterionKeyPattern = /^[A-Za-z_][A-Za-z0-9_.-]*(\/.+)?$/s;
const knownCriterionNames = Object.keys(pplCriterionKinds);
/** Documented for the Enterprise console only (shapes unverified): not known to the library. */
const enterpriseOnlyCriteria = ['date', 'day_of_week', 'time_of_day', 'record'];

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isScalar(value: unknown): boolean {
  return value === null || ['string', 'number', 'boolean'].includes(typeof value);
}

function definedKeys(value: Record<string, unknown>): string[] {
  return Object.keys(value).filter((key) => value[key] !== undefined);
}

function invalid(context: PplCheckContext, path: string, message: string): void {
  context.issues.push({ path, message, code: 'invalid_value' });
}

/** Checks the keys of a matcher object against the operators it allows; returns the known ones. */
function checkMatcherKeys(
  value: Record<string, unknown>,
  allowed: readonly string[],
  what: string,
  path: string,
  context: PplCheckContext,
): string[] {
  const known: string[] = [];
  for (const key of definedKeys(value)) {
    if (allowed.includes(key)) {
      known.push(key);
    } else if (context.allowUnknown) {
      context.unknown.push(`${path}.${key}`);
    } else {
      const suggestion = suggestClosest(key, allowed);
      context.issues.push({
        path,
        message:
          `unknown ${what} "${key}"` +
          (suggestion ? `; did you mean "${suggestion}"?` : `; expected one of ${allowed.join(', ')}`),
        code: 'unknown_operator',
        ...(suggestion ? { suggestion } : {}),
      });
    }
  }
  return known;
}

function checkStringMatcher(value: unknown, path: string, context: PplCheckContext): void {
  if (!isPlainObject(value)) {
    if (Array.isArray(value) && !context.allowUnknown) {
      invalid(context, path, 'an array is compared as one value and never matches; use { in: [...] }');
    }
    return;
  }
  const keys = checkMatcherKeys(value, pplStringMatcherOperators, 'string matcher operator', path, context);
  if (definedKeys(value).length === 0 && !context.allowUnknown)
    invalid(context, path, 'an empty matcher tests nothing');
  for (const key of keys) {
    const operand = value[key];
    if (key === 'in' || key === 'not_in') {
      if (!Array.isArray(operand)) invalid(context, `${path}.${key}`, `"${key}" needs an array`);
    } else if (context.allowUnknown) {
      // Pomerium accepts any JSON here; only authoring input is held to the typed shape.
    } else if (key === 'is' || key === 'not') {
      if (!isScalar(operand)) invalid(context, `${path}.${key}`, `"${key}" needs a string, number, boolean or null`);
    } else if (typeof operand !== 'string') {
      invalid(context, `${path}.${key}`, `"${key}" needs a string`);
    }
  }
}

function checkStringListMatcher(value: unknown, path: string, context: PplCheckContext): void {
  if (!isPlainObject(value)) {
    if (Array.isArray(value) && !context.allowUnknown) {
      invalid(
        context,
        path,
        'an array is compared as one value and never matches; use one criterion per value under or',
      );
    }
    return;
  }
  const keys = checkMatcherKeys(value, pplStringListMatcherOperators, 'list matcher operator', path, context);
  if (context.allowUnknown) return;
  if (definedKeys(value).length === 0) invalid(context, path, 'an empty matcher tests nothing');
  for (const key of keys) {
    if (!isScalar(value[key])) invalid(context, `${path}.${key}`, `"${key}" needs a string, number, boolean or null`);
  }
}

const fingerprintPattern = /^(?:[0-9a-f]{64}|[0-9A-F]{2}(?::[0-9A-F]{2}){31})$/;

function isSpkiHash(value: string): boolean {
  if (!/^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(value)) return false;
  const padding = value.endsWith('==') ? 2 : value.endsWith('=') ? 1 : 0;
  return (value.length / 4) * 3 - padding === 32;
}

function isIpOrCidr(value: string): boolean {
  const [address = '', prefix, extra] = value.split('/');
  if (extra !== undefined) return false;
  const octet = '(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)';
  const isV4 = new RegExp(`^${octet}(?:\\.${octet}){3}$`).test(address);
  let isV6 = false;
  if (!isV4 && address.includes(':') && /^[0-9A-Fa-f:.]+$/.test(address)) {
    try {
      new URL(`http://[${address}]/`);
      isV6 = true;
    } catch {
      isV6 = false;
    }
  }
  if (!isV4 && !isV6) return false;
  if (prefix === undefined) return true;
  return /^(?:0|[1-9]\d{0,2})$/.test(prefix) && Number(prefix) <= (isV4 ? 32 : 128);
}

/** Checks `string | string[]` values: each element a string that `accepts`. */
function checkStringList(
  value: unknown,
  path: string,
  context: PplCheckContext,
  accepts: (element: string) => boolean,
  expected: string,
): void {
  const elements = Array.isArray(value) ? value : [value];
  if (typeof value !== 'string' && !Array.isArray(value)) {
    invalid(context, path, `needs a string or an array of strings (${expected})`);
    return;
  }
  elements.forEach((element, index) => {
    const at = Array.isArray(value) ? `${path}[${index}]` : path;
    if (typeof element !== 'string' || element === '') invalid(context, at, `needs a non-empty string (${expected})`);
    else if (!accepts(element)) invalid(context, at, `is not ${expected}`);
  });
}

function checkObjectMatcher(
  value: unknown,
  allowedKeys: readonly string[],
  what: string,
  path: string,
  context: PplCheckContext,
): string[] {
  if (!isPlainObject(value)) {
    invalid(context, path, `needs an object with any of ${allowedKeys.join(', ')}`);
    return [];
  }
  return checkMatcherKeys(value, allowedKeys, what, path, context);
}

function checkValue(kind: string, value: unknown, path: string, context: PplCheckContext): void {
  switch (kind) {
    case 'string':
      checkStringMatcher(value, path, context);
      return;
    case 'string_list':
      checkStringListMatcher(value, path, context);
      return;
    case 'certificate': {
      for (const key of checkObjectMatcher(value, pplCertificateMatcherKeys, 'certificate condition', path, context)) {
        const operand = (value as Record<string, unknown>)[key];
        const at = `${path}.${key}`;
        if (key === 'fingerprint') {
          checkStringList(operand, at, context, (text) => fingerprintPattern.test(text), 'a SHA-256 fingerprint');
        } else if (key === 'spki_hash') {
          checkStringList(operand, at, context, isSpkiHash, 'a base64 SHA-256 hash');
        } else {
          checkStringMatcher(operand, at, context);
        }
      }
      return;
    }
    case 'device': {
      for (const key of checkObjectMatcher(value, pplDeviceMatcherKeys, 'device condition', path, context)) {
        const operand = (value as Record<string, unknown>)[key];
        if (key !== 'approved' && typeof operand !== 'string') invalid(context, `${path}.${key}`, 'needs a string');
      }
      return;
    }
    case 'ip_list':
      checkStringList(value, path, context, isIpOrCidr, 'an IP address or CIDR range');
      return;
    case 'ssh_key_list':
      checkStringList(value, path, context, (text) => /\S+\s+\S+/.test(text), 'an authorized_keys line');
      return;
    case 'claim_name':
      if (typeof value !== 'string') invalid(context, path, 'needs a claim name (a string)');
      return;
    default:
      // 'unused': any value, ignored by Pomerium.
      return;
  }
}

/**
 * Checks one criterion (`key: value`) found at `path`: its name against the
 * criteria Pomerium Core registers (with a "did you mean" for typos) and its
 * value against the matcher of that criterion.
 */
export function checkPplCriterion(key: string, value: unknown, path: string, context: PplCheckContext): void {
  if (logicalOperators.includes(key)) {
    if (context.allowUnknown) {
      context.unknown.push(`${path}.${key}`);
      return;
    }
    context.issues.push({
      path,
      message: `"${key}" cannot nest inside a criteria list (Pomerium reads it as an unknown criterion); use separate rules or a deny rule`,
      code: 'structure',
    });
    return;
  }
  if (!criterionKeyPattern.test(key)) {
    context.issues.push({ path, message: `"${key}" is not a valid criterion name`, code: 'structure' });
    return;
  }
  if (value === undefined) {
    context.issues.push({ path, message: `criterion "${key}" needs a value`, code: 'invalid_value' });
    return;
  }
  const { name, subPath } = splitPplCriterionKey(key);
  if (!isKnownPplCriterionName(name)) {
    if (context.allowUnknown) {
      context.unknown.push(`${path}.${key}`);
      return;
    }
    if (enterpriseOnlyCriteria.includes(name)) {
      context.issues.push({
        path,
        message: `"${name}" is an Enterprise-console criterion that Pomerium Core does not register; pass allowUnknownPplCriteria: true to write it`,
        code: 'unknown_criterion',
      });
      return;
    }
    const closest = suggestClosest(name, knownCriterionNames);
    const suggestion =
      closest === 'claim' ? `claim/${subPath ?? '<name>'}` : closest === undefined ? undefined : closest;
    context.issues.push({
      path,
      message:
        `unknown criterion "${name}"` +
        (suggestion ? `; did you mean "${suggestion}"?` : '; see the PplCriterionName type for the known criteria'),
      code: 'unknown_criterion',
      ...(suggestion ? { suggestion } : {}),
    });
    return;
  }
  if (!context.allowUnknown) {
    if (name === 'claim' && !subPath) {
      invalid(context, path, 'claim needs a claim name: "claim/<name>"');
      return;
    }
    if (name !== 'claim' && subPath !== undefined) {
      invalid(context, path, `only claim takes a sub-path; Pomerium ignores "/${subPath}" on "${name}"`);
      return;
    }
  }
  checkValue(pplCriterionKinds[name], value, `${path}.${key}`, context);
}
