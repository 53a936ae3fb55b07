/**
 * JSON Patch (RFC 6902) as the fake Zero console applies it to a route or a
 * policy: all six operations, JSON Pointers per RFC 6901, applied atomically
 * (the document is unchanged when any operation fails).
 */

/** Why a JSON Patch could not be applied: `status` is what the fake answers (400 malformed, 409 failed `test`). */
export class JsonPatchError extends Error {
  constructor(
    readonly status: 400 | 409,
    message: string,
  ) {
    super(message);
    this.name = 'JsonPatchError';
  }
}

type Json = unknown;
type Container = Record<string, Json> | Json[];

function isObject(value: unknown): value is Record<string, Json> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Splits a JSON Pointer into its unescaped tokens (`~1` → `/`, `~0` → `~`). */
export function parseJsonPointer(pointer: string, where: string): string[] {
  if (typeof pointer !== 'string') throw new JsonPatchError(400, `${where}: must be a JSON Pointer string`);
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) throw new JsonPatchError(400, `${where}: JSON Pointer must start with "/"`);
  return pointer
    .slice(1)
    .split('/')
    .map((token) => {
      if (/~[^01]|~$/.test(token)) throw new JsonPatchError(400, `${where}: invalid escape in JSON Pointer`);
      return token.replaceAll('~1', '/').replaceAll('~0', '~');
    });
}

/** Structural equality of JSON values (RFC 6902 section 4.6). */
export function jsonValuesEqual(left: Json, right: Json): boolean {
  if (left === right) return true;
  if (Array.isArray(left)) {
    return (
      Array.isArray(right) && left.length === right.length && left.every((item, i) => jsonValuesEqual(item, right[i]))
    );
  }
  if (isObject(left) && isObject(right)) {
    const keys = Object.keys(left);
    return (
      keys.length === Object.keys(right).length &&
      keys.every((key) => Object.hasOwn(right, key) && jsonValuesEqual(left[key], right[key]))
    );
  }
  return false;
}

function arrayIndex(token: string, length: number, allowEnd: boolean, where: string): number {
  if (allowEnd && token === '-') return length;
  if (!/^(0|[1-9]\d*)$/.test(token)) throw new JsonPatchError(400, `${where}: "${token}" is not an array index`);
  const index = Number(token);
  if (index > length || (!allowEnd && index === length)) {
    throw new JsonPatchError(400, `${where}: array index ${index} is out of bounds`);
  }
  return index;
}

/** The parent container of the location and the last token. */
function locate(document: Json, tokens: string[], where: string): { parent: Container; key: string } {
  let current: Json = document;
  for (const token of tokens.slice(0, -1)) {
    if (Array.isArray(current)) current = current[arrayIndex(token, current.length, false, where)];
    else if (isObject(current) && Object.hasOwn(current, token)) current = current[token];
    else throw new JsonPatchError(400, `${where}: path does not exist`);
  }
  if (!Array.isArray(current) && !isObject(current)) throw new JsonPatchError(400, `${where}: path does not exist`);
  return { parent: current, key: tokens.at(-1) as string };
}

function getValue(document: Json, tokens: string[], where: string): Json {
  if (tokens.length === 0) return document;
  const { parent, key } = locate(document, tokens, where);
  if (Array.isArray(parent)) return parent[arrayIndex(key, parent.length, false, where)];
  if (!Object.hasOwn(parent, key)) throw new JsonPatchError(400, `${where}: path does not exist`);
  return parent[key];
}

function addValue(document: Json, tokens: string[], value: Json, where: string): Json {
  if (tokens.length === 0) return value;
  const { parent, key } = locate(document, tokens, where);
  if (Array.isArray(parent)) parent.splice(arrayIndex(key, parent.length, true, where), 0, value);
  else parent[key] = value;
  return document;
}

function removeValue(document: Json, tokens: string[], where: string): Json {
  if (tokens.length === 0) throw new JsonPatchError(400, `${where}: cannot remove the whole document`);
  const { parent, key } = locate(document, tokens, where);
  if (Array.isArray(parent)) parent.splice(arrayIndex(key, parent.length, false, where), 1);
  else if (Object.hasOwn(parent, key)) delete parent[key];
  else throw new JsonPatchError(400, `${where}: path does not exist`);
  return document;
}

/**
 * Applies `patch` (an array of operations) to a copy of `document` and returns
 * the result. Throws {@link JsonPatchError}: 400 for a malformed patch or a
 * missing path, 409 for a failed `test`.
 */
export function applyJsonPatch<T>(document: T, patch: unknown): T {
  if (!Array.isArray(patch)) throw new JsonPatchError(400, 'a JSON Patch body must be an array of operations');
  let result: Json = structuredClone(document);
  patch.forEach((operation: unknown, index) => {
    const where = `[${index}]`;
    if (!isObject(operation)) throw new JsonPatchError(400, `${where}: an operation must be an object`);
    const { op } = operation;
    const tokens = parseJsonPointer(operation.path as string, `${where}.path`);
    const needsValue = op === 'add' || op === 'replace' || op === 'test';
    if (needsValue && !Object.hasOwn(operation, 'value')) throw new JsonPatchError(400, `${where}.value: required`);
    const value = needsValue ? structuredClone(operation.value) : undefined;
    switch (op) {
      case 'add':
        result = addValue(result, tokens, value, `${where}.path`);
        break;
      case 'remove':
        result = removeValue(result, tokens, `${where}.path`);
        break;
      case 'replace':
        getValue(result, tokens, `${where}.path`);
        result = addValue(removeValueOrRoot(result, tokens, `${where}.path`), tokens, value, `${where}.path`);
        break;
      case 'move':
      case 'copy': {
        const from = parseJsonPointer(operation.from as string, `${where}.from`);
        if (op === 'move' && tokens.length > from.length && from.every((token, i) => tokens[i] === token)) {
          throw new JsonPatchError(400, `${where}.from: cannot move a value into itself`);
        }
        const moved = structuredClone(getValue(result, from, `${where}.from`));
        if (op === 'move') result = removeValueOrRoot(result, from, `${where}.from`);
        result = addValue(result, tokens, moved, `${where}.path`);
        break;
      }
      case 'test':
        if (!jsonValuesEqual(getValue(result, tokens, `${where}.path`), value)) {
          throw new JsonPatchError(409, `${where}: test failed at ${String(operation.path)}`);
        }
        break;
      default:
        throw new JsonPatchError(400, `${where}.op: must be one of add, remove, replace, move, copy, test`);
    }
  });
  return result as T;
}

function removeValueOrRoot(document: Json, tokens: string[], where: string): Json {
  return tokens.length === 0 ? undefined : removeValue(document, tokens, where);
}
