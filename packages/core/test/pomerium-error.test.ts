import { PomeriumError, pomeriumErrorCodes } from '@pomerium-unified/core';
import { describe, expect, it } from 'vitest';

describe('PomeriumError', () => {
  it('carries code, field, backend and cause', () => {
    const cause = new Error('wire failure');
    const error = new PomeriumError('Route r1 not found', {
      code: 'not_found',
      cause,
      field: 'id',
      backend: 'zero',
    });
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('PomeriumError');
    expect(error.message).toBe('Route r1 not found');
    expect(error).toMatchObject({ code: 'not_found', field: 'id', backend: 'zero', retryable: false });
    expect(error.cause).toBe(cause);
  });

  it('marks transient codes retryable by default and allows an override', () => {
    const retryable = pomeriumErrorCodes.filter((code) => new PomeriumError('x', { code }).retryable);
    expect(retryable.sort()).toEqual(['deadline_exceeded', 'resource_exhausted', 'unavailable']);
    expect(new PomeriumError('x', { code: 'unavailable', retryable: false }).retryable).toBe(false);
    expect(new PomeriumError('x', { code: 'internal', retryable: true }).retryable).toBe(true);
  });

  it('recognises instances from another copy of the class', () => {
    const marker = Symbol.for('pomerium-unified.error');
    const foreign = Object.assign(new Error('from another install'), { [marker]: true, code: 'internal' });
    expect(foreign instanceof PomeriumError).toBe(false);
    expect(PomeriumError.isInstance(foreign)).toBe(true);
    expect(PomeriumError.isInstance(new Error('plain'))).toBe(false);
    expect(PomeriumError.isInstance(null)).toBe(false);
    expect(PomeriumError.isInstance({ code: 'internal' })).toBe(false);
  });

  it('checks a code with hasCode', () => {
    const error = new PomeriumError('x', { code: 'unauthenticated' });
    expect(PomeriumError.hasCode(error, 'unauthenticated')).toBe(true);
    expect(PomeriumError.hasCode(error, 'not_found')).toBe(false);
  });
});
