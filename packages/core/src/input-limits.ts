import * as z from 'zod';
/**
 * The documented limits on every input the client accepts. They sit well above
 * anything the Zero and Enterprise consoles produce, so whatever is read back from
 * a console passes; beyond them the client answers `invalid_argument` naming the
 * `field` before any call.
 */
export const inputLimits = {
  /** Longest id accepted (ids of both consoles are at most 36 characters). */
  maxIdLength: 256,
  /** Deepest nesting of objects and arrays in one input, counted from the input itself (PPL included). */
  maxDepth: 100,
  /** Most values (objects, arrays, strings, numbers, …) in one input, PPL included. */
  maxValues: 100_000,
  /** Longest string anywhere in an input, in UTF-16 code units (1 MiB). */
  maxStringLength: 1_048_576,
  /** Most items in any list, and most keys in any object, of an input. */
  maxListLength: 10_000,
} as const;

/** The shape of {@link inputLimits}. */
export type InputLimits = { readonly [Key in keyof typeof inputLimits]: number };

// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what is refused.
const controlCharacters = /[\u0000-\u001f\u007f-\u009f]/;

/**
 * Why `id` is not an acceptable object id, or undefined when it is. An id must be
 * a non-empty string of at most {@link inputLimits}.maxIdLength characters, not
 * only whitespace, not `.` or `..`, without `/`, `\`, `?`, `#` or control
 * characters, so that it always stays inside a resource path.
 */
export function describeInvalidId(id: unknown): string | undefined {
  if (typeof id !== 'string') return 'must be a string';
  if (id.trim() === '') return 'must be a non-empty string';
  if (id.length > inputLimits.maxIdLength) return `must be at most ${inputLimits.maxIdLength} characters`;
  if (id === '.' || id === '..') return 'must not be "." or ".."';
  if (/[/\\?#]/.test(id)) return 'must not contain "/", "\\", "?" or "#"';
  if (controlCharacters.test(id)) return 'must not contain control characters';
  return undefined;
}

/**
 * The schema of an id inside an input (`namespaceId`, `parentId`, `policyIds[i]`):
 * the same rules as {@link describeInvalidId}, without trimming.
 */
export const idSchema = z.string().superRefine((value, context) => {
  const problem = describeInvalidId(value);
  if (problem !== undefined) context.addIssue({ code: 'custom', message: problem });
});
