import { inspect } from 'node:util';
import { PomeriumError, redactSecrets, registerSecret, sanitizeCause } from '@pomerium-unified/core';
import { describe, expect, it } from 'vitest';

const token = 'api-user-token-4d2f8e0a91';
const jwt = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ1c2VyIn0.c2lnbmF0dXJlLXZhbHVl';

function everyView(error: PomeriumError): string {
  const cause = error.cause as Error | undefined;
  return [
    error.message,
    error.stack,
    JSON.stringify(error),
    inspect(error, { depth: 10, showHidden: true }),
    cause ? inspect(cause, { depth: 10, showHidden: true }) : '',
    cause ? JSON.stringify(cause, Object.getOwnPropertyNames(cause)) : '',
  ].join('\n');
}

describe('secret redaction', () => {
  it('redacts given secrets, bearer values and JWTs', () => {
    expect(redactSecrets(`token ${token} here`, [token])).toBe('token [REDACTED] here');
    expect(redactSecrets('Authorization: Bearer abc.def-ghi')).toBe('Authorization: Bearer [REDACTED]');
    expect(redactSecrets(`id token ${jwt}!`)).toBe('id token [REDACTED]!');
    expect(redactSecrets('short', ['ab'])).toBe('short');
  });

  it('keeps secrets passed to the constructor out of message, stack, cause, JSON and inspect', () => {
    const wire = Object.assign(new Error(`server said: bad token ${token}`), {
      status: 401,
      body: { echoed: token },
      cause: new Error(`nested ${token}`),
    });
    const error = new PomeriumError(`Request failed: ${token}`, {
      code: 'unauthenticated',
      cause: wire,
      backend: 'zero',
      secrets: [token],
    });
    expect(everyView(error)).not.toContain(token);
    expect((error.cause as { status?: number }).status).toBe(401);
    expect((error.cause as Error).message).toBe('server said: bad token [REDACTED]');
  });

  it('redacts registered secrets in errors created before or after registration', () => {
    const early = new PomeriumError('x', { code: 'internal', cause: { body: `echo ${token}` } });
    const unregister = registerSecret(token);
    try {
      const late = new PomeriumError(`echo ${token}`, { code: 'internal', cause: new Error(`echo ${token}`) });
      expect(everyView(late)).not.toContain(token);
      expect(JSON.stringify(early)).not.toContain(token);
      expect(inspect(early, { depth: 10 })).not.toContain(token);
    } finally {
      unregister();
    }
    expect(redactSecrets(`echo ${token}`)).toBe(`echo ${token}`);
  });

  it('keeps the cause as is when it shows no secret', () => {
    const cause = new Error('plain failure');
    expect(new PomeriumError('x', { code: 'internal', cause }).cause).toBe(cause);
  });

  it('sanitises odd causes without throwing', () => {
    const hostile = new Proxy(new Error('x'), {
      get() {
        throw new Error('trap');
      },
    });
    expect(() => sanitizeCause(hostile, [token])).not.toThrow();
    expect(sanitizeCause(`text ${token}`, [token])).toBe('text [REDACTED]');
    expect(sanitizeCause({ headers: { authorization: `Bearer ${token}` } })).toEqual({
      headers: { authorization: 'Bearer [REDACTED]' },
    });
  });
});

describe('PomeriumError fields', () => {
  it('carries operation, retryAfterMs and mayHaveCommitted', () => {
    const error = new PomeriumError('x', {
      code: 'resource_exhausted',
      operation: 'routes.create',
      retryAfterMs: 1500,
      mayHaveCommitted: false,
    });
    expect(error).toMatchObject({
      operation: 'routes.create',
      retryAfterMs: 1500,
      mayHaveCommitted: false,
      retryable: true,
    });
    expect(new PomeriumError('x', { code: 'internal' })).toMatchObject({
      mayHaveCommitted: false,
      retryAfterMs: undefined,
    });
    expect(new PomeriumError('x', { code: 'internal', retryAfterMs: Number.NaN }).retryAfterMs).toBeUndefined();
  });

  it('has an aborted code that is not retryable', () => {
    expect(new PomeriumError('changed', { code: 'aborted' }).retryable).toBe(false);
  });

  it('serialises to JSON without the stack', () => {
    const json = JSON.parse(
      JSON.stringify(new PomeriumError('gone', { code: 'not_found', field: 'id', backend: 'memory' })),
    );
    expect(json).toEqual({
      name: 'PomeriumError',
      code: 'not_found',
      message: 'gone',
      retryable: false,
      mayHaveCommitted: false,
      field: 'id',
      backend: 'memory',
    });
  });
});
