import type * as z from 'zod';
import { PomeriumError } from './pomerium-error.js';

/** Where an answer came from, for the error of {@link validateResponse}. */
export interface ResponseContext {
  /** The backend's name (`zero`, `enterprise`, …). */
  backend: string;
  /** The operation whose answer it is, e.g. `routes.get` or `GET /routes/{id}`. */
  operation: string;
}

function describePath(path: readonly PropertyKey[]): string {
  return path.map((segment) => (typeof segment === 'number' ? `[${segment}]` : `.${String(segment)}`)).join('');
}

/**
 * Checks a wire answer against a zod schema before it is converted, and returns
 * the parsed value. A wrong shape (`[]`, `{}`, a missing id) throws
 * `PomeriumError` `internal` naming the operation and the first offending path;
 * values are never echoed, so a server echoing a credential cannot leak it.
 *
 * @example
 * const wire = validateResponse(wireRouteSchema, await response.json(), { backend: 'zero', operation: 'routes.get' });
 */
export function validateResponse<Schema extends z.ZodType>(
  schema: Schema,
  value: unknown,
  context: ResponseContext,
): z.output<Schema> {
  let result: z.ZodSafeParseResult<z.output<Schema>>;
  try {
    result = schema.safeParse(value) as z.ZodSafeParseResult<z.output<Schema>>;
  } catch {
    throw unexpectedAnswer(context, 'it could not be read');
  }
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const where = issue ? `${describePath(issue.path) || '(answer)'}: ${issue.message}` : 'wrong shape';
  throw unexpectedAnswer(context, where);
}

/** The `internal` error of an answer with the wrong shape (`detail` says what is wrong, never a value). */
export function unexpectedAnswer(context: ResponseContext, detail: string): PomeriumError {
  return new PomeriumError(
    `The ${context.backend} backend gave an unexpected answer to ${context.operation}: ${detail}`,
    {
      code: 'internal',
      retryable: false,
      backend: context.backend,
      operation: context.operation,
    },
  );
}

/** The client's own last check of an object a backend returned: an object with a non-empty string `id`. */
export function checkReturnedObject(value: unknown, context: ResponseContext): void {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw unexpectedAnswer(context, 'expected an object');
  }
  const id = (value as { id?: unknown }).id;
  if (typeof id !== 'string' || id === '') throw unexpectedAnswer(context, 'the object has no id');
}

/** The client's own check of a list page a backend returned: `{ items: object[] }`. */
export function checkReturnedPage(value: unknown, context: ResponseContext): void {
  const items = (value as { items?: unknown } | null | undefined)?.items;
  if (!Array.isArray(items)) throw unexpectedAnswer(context, 'expected a page with items');
  items.forEach((item, index) => {
    if (typeof item !== 'object' || item === null || typeof (item as { id?: unknown }).id !== 'string') {
      throw unexpectedAnswer(context, `items[${index}] is not an object with an id`);
    }
  });
}
