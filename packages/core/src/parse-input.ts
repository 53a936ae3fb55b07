import type * as z from 'zod';
import { describeInvalidId } from './input-limits.js';
import { PomeriumError } from './pomerium-error.js';
import { snapshotInput } from './snapshot-input.js';

function formatPath(path: readonly PropertyKey[]): string {
  let formatted = '';
  for (const segment of path) {
    if (typeof segment === 'number') formatted += `[${segment}]`;
    else formatted += formatted === '' ? String(segment) : `.${String(segment)}`;
  }
  return formatted;
}

function issuePath(issue: z.core.$ZodIssue): string {
  const path = [...issue.path];
  if (issue.code === 'unrecognized_keys' && issue.keys.length > 0) path.push(issue.keys[0] as string);
  return formatPath(path);
}

/**
 * Validates `value` with a zod schema and returns the parsed value, or throws a
 * `PomeriumError` with code `invalid_argument` naming the first failing field
 * (`rootField`, default `input`, when the input itself is at fault). Whatever
 * the schema throws (a RangeError on deep nesting, a throwing getter) is also
 * `invalid_argument`. Adapters use it for their options (which may hold
 * functions); for data, {@link parsePlainInput} also applies the input limits.
 * Values are never echoed in the message, so secrets cannot leak through it.
 */
export function parseInput<Schema extends z.ZodType>(
  schema: Schema,
  value: unknown,
  what: string,
  rootField = 'input',
): z.output<Schema> {
  let result: z.ZodSafeParseResult<z.output<Schema>>;
  try {
    result = schema.safeParse(value) as z.ZodSafeParseResult<z.output<Schema>>;
  } catch {
    throw new PomeriumError(`Invalid ${what}: the input could not be validated`, {
      code: 'invalid_argument',
      field: rootField,
    });
  }
  if (result.success) return result.data;
  const issues = result.error.issues;
  const first = issues[0];
  const field = first ? issuePath(first) : '';
  const details = issues
    .slice(0, 5)
    .map((issue) => `${issuePath(issue) || '(input)'}: ${issue.message}`)
    .join('; ');
  throw new PomeriumError(`Invalid ${what}: ${details}`, {
    code: 'invalid_argument',
    field: field || rootField,
    cause: result.error,
  });
}

/**
 * Validates data the client sends: `value` is first copied into plain data
 * within the documented `inputLimits` (see `snapshotInput`), so Proxies,
 * throwing getters, cycles, BigInts, functions, `__proto__` keys and deep
 * nesting give `invalid_argument` naming the field, then parsed with `schema`
 * as {@link parseInput} does. `fast`, when given, is a plain check of the
 * snapshot that returns exactly what `schema` would, or undefined to let the
 * schema decide (and name the field of a refusal).
 */
export function parsePlainInput<Schema extends z.ZodType>(
  schema: Schema,
  value: unknown,
  what: string,
  rootField = 'input',
  fast?: (snapshot: unknown) => unknown,
): z.output<Schema> {
  const snapshot = snapshotInput(value, what, rootField);
  const parsed = fast?.(snapshot);
  if (parsed !== undefined) return parsed as z.output<Schema>;
  return parseInput(schema, snapshot, what, rootField);
}

/**
 * Throws `invalid_argument` (with `field`, default `id`) unless `id` is an
 * acceptable object id: a non-empty string of at most `inputLimits.maxIdLength`
 * characters, not `.` or `..`, without `/`, `\`, `?`, `#` or control characters.
 */
export function assertId(id: unknown, what: string, field = 'id'): asserts id is string {
  const problem = describeInvalidId(id);
  if (problem !== undefined) {
    throw new PomeriumError(`Invalid ${what}: ${problem}`, { code: 'invalid_argument', field });
  }
}
