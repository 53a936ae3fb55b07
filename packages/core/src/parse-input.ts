import type { z } from 'zod';
import { PomeriumError } from './pomerium-error.js';

function formatPath(path: readonly PropertyKey[]): string {
  let formatted = '';
  for (const segment of path) {
    if (typeof segment === 'number') formatted += `[${segment}]`;
    else formatted += formatted === '' ? String(segment) : `.${String(segment)}`;
  }
  return formatted;
}

/**
 * Validates `value` with a zod schema and returns the parsed value, or throws a
 * `PomeriumError` with code `invalid_argument` naming the first failing field.
 * Values are never echoed in the message, so secrets cannot leak through it.
 */
export function parseInput<Schema extends z.ZodType>(schema: Schema, value: unknown, what: string): z.output<Schema> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issues = result.error.issues;
  const first = issues[0];
  const field = first ? formatPath(first.path) : '';
  const details = issues
    .slice(0, 5)
    .map((issue) => `${formatPath(issue.path) || '(input)'}: ${issue.message}`)
    .join('; ');
  throw new PomeriumError(`Invalid ${what}: ${details}`, {
    code: 'invalid_argument',
    field: field || undefined,
    cause: result.error,
  });
}

/** Throws `invalid_argument` unless `id` is a non-empty string. */
export function assertId(id: unknown, what: string): asserts id is string {
  if (typeof id !== 'string' || id.trim() === '') {
    throw new PomeriumError(`Invalid ${what}: id must be a non-empty string`, {
      code: 'invalid_argument',
      field: 'id',
    });
  }
}
