import { randomBytes } from 'node:crypto';

const idAlphabet = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/** A short random alphanumeric id, as the fake console assigns. */
export function generateFakeZeroId(length = 10): string {
  let id = '';
  for (const byte of randomBytes(length)) id += idAlphabet[byte % idAlphabet.length];
  return id;
}

/** A random token with a recognisable prefix (`zero_api_…`, `zero_id_…`, `zero_sa_…`). */
export function generateFakeZeroToken(prefix: string): string {
  return `${prefix}${randomBytes(24).toString('base64url')}`;
}
