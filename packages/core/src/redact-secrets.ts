/** What replaces a secret in messages, causes and logs. */
export const redactedPlaceholder = '[REDACTED]';

const registeredSecrets = new Map<string, number>();

/** Secrets shorter than this are not redacted: replacing every `a` of a message would help nobody. */
const minimumSecretLength = 6;

/**
 * Patterns redacted even when the secret was never registered: the value of a
 * bearer authorization and anything shaped like a JWT (id tokens, service
 * account tokens), as a server may echo them in an error body.
 */
const secretPatterns: readonly RegExp[] = [
  /(\bbearer\s+)[A-Za-z0-9\-._~+/]+=*/gi,
  /\beyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*/g,
];

/**
 * Registers a secret (an API user token, an id token, a service account token, a
 * private key) so that every `PomeriumError` message, `cause`, `toJSON()`,
 * `util.inspect` and every client log line redacts it. Returns a function that
 * unregisters it (registrations are counted, so two owners of one secret are fine).
 * Adapters call it as soon as they hold a credential.
 */
export function registerSecret(secret: string | undefined): () => void {
  if (typeof secret !== 'string' || secret.length < minimumSecretLength) return () => {};
  registeredSecrets.set(secret, (registeredSecrets.get(secret) ?? 0) + 1);
  let registered = true;
  return () => {
    if (!registered) return;
    registered = false;
    const count = (registeredSecrets.get(secret) ?? 1) - 1;
    if (count <= 0) registeredSecrets.delete(secret);
    else registeredSecrets.set(secret, count);
  };
}

/** The secrets currently registered with {@link registerSecret}. */
export function registeredSecretValues(): string[] {
  return [...registeredSecrets.keys()];
}

/**
 * Replaces every occurrence of the given secrets, of every registered secret and
 * of bearer tokens and JWT-shaped values in `text` with `[REDACTED]`.
 *
 * @example
 * redactSecrets('401: bad token abc123def', ['abc123def']) // '401: bad token [REDACTED]'
 */
export function redactSecrets(text: string, secrets: readonly (string | undefined)[] = []): string {
  let result = text;
  const all = [...secrets, ...registeredSecrets.keys()]
    .filter((secret): secret is string => typeof secret === 'string' && secret.length >= minimumSecretLength)
    .sort((left, right) => right.length - left.length);
  for (const secret of all) {
    if (result.includes(secret)) result = result.split(secret).join(redactedPlaceholder);
  }
  for (const pattern of secretPatterns) {
    result = result.replace(pattern, (match, prefix: unknown) =>
      typeof prefix === 'string' && match.startsWith(prefix) ? `${prefix}${redactedPlaceholder}` : redactedPlaceholder,
    );
  }
  return result;
}

const copiedErrorProperties = ['code', 'status', 'statusCode', 'errno', 'syscall', 'rawMessage'] as const;

function sanitizeValue(value: unknown, secrets: readonly (string | undefined)[], depth: number): unknown {
  if (typeof value === 'string') return redactSecrets(value, secrets);
  if (value === null || typeof value !== 'object') {
    return typeof value === 'function' || typeof value === 'symbol' ? String(typeof value) : value;
  }
  if (depth > 4) return '[…]';
  if (value instanceof Error) return sanitizeCause(value, secrets, depth + 1);
  try {
    if (Array.isArray(value)) return value.slice(0, 20).map((item) => sanitizeValue(item, secrets, depth + 1));
    const copy: Record<string, unknown> = {};
    for (const key of Object.keys(value).slice(0, 40)) {
      copy[redactSecrets(key, secrets)] = sanitizeValue((value as Record<string, unknown>)[key], secrets, depth + 1);
    }
    return copy;
  } catch {
    return '[unreadable]';
  }
}

/**
 * Returns a copy of `cause` safe to attach to an error: an `Error` becomes a new
 * plain `Error` (same name and message, stack, `code`/`status`-like fields and
 * nested `cause`, all redacted); strings are redacted; other values are copied
 * with their strings redacted. Response bodies, headers and request objects of
 * the original are dropped. `PomeriumError`'s constructor calls it, so adapters
 * only need to pass their credentials in `secrets` (or register them).
 */
export function sanitizeCause(cause: unknown, secrets: readonly (string | undefined)[] = [], depth = 0): unknown {
  if (!(cause instanceof Error)) return sanitizeValue(cause, secrets, depth);
  let message = '';
  let name = 'Error';
  let stack: string | undefined;
  try {
    message = redactSecrets(String(cause.message), secrets);
    name = String(cause.name);
    stack = typeof cause.stack === 'string' ? redactSecrets(cause.stack, secrets) : undefined;
  } catch {
    message = '[unreadable error]';
  }
  const copy = new Error(message);
  copy.name = name;
  if (stack !== undefined) copy.stack = stack;
  else delete copy.stack;
  for (const key of copiedErrorProperties) {
    try {
      const value = (cause as unknown as Record<string, unknown>)[key];
      if (typeof value === 'string' || typeof value === 'number') {
        (copy as unknown as Record<string, unknown>)[key] =
          typeof value === 'string' ? redactSecrets(value, secrets) : value;
      }
    } catch {
      // An unreadable property is simply left out.
    }
  }
  try {
    const nested = cause.cause;
    if (nested !== undefined && depth < 4) copy.cause = sanitizeCause(nested, secrets, depth + 1);
  } catch {
    // An unreadable cause is left out.
  }
  return copy;
}

/**
 * True when the message or stack of `cause` (or of its nested causes), or `cause`
 * itself as a string, would change under {@link redactSecrets}.
 */
export function causeShowsSecret(cause: unknown, depth = 0): boolean {
  try {
    if (typeof cause === 'string') return redactSecrets(cause) !== cause;
    if (!(cause instanceof Error)) return false;
    const texts = [String(cause.message), typeof cause.stack === 'string' ? cause.stack : ''];
    if (texts.some((text) => redactSecrets(text) !== text)) return true;
    return depth < 4 && cause.cause !== undefined && causeShowsSecret(cause.cause, depth + 1);
  } catch {
    return true;
  }
}
