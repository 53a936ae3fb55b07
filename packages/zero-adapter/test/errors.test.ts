import { PomeriumError, type PomeriumErrorCode } from '@pomerium-unified/core';
import { describe, expect, it } from 'vitest';
import {
  codeForStatus,
  deletedObjectError,
  fieldFromErrorText,
  parseRetryAfter,
  redactZeroSecrets,
  tokenExchangeError,
  toPomeriumError,
  ZeroHttpError,
  ZeroResponseShapeError,
  ZeroTokenResponseError,
  zeroHttpError,
} from '../src/errors.js';

const httpError = (status: number, body?: unknown) =>
  new ZeroHttpError({ method: 'GET', path: 'organizations/org/routes/abc', status, body });

describe('toPomeriumError for HTTP statuses', () => {
  const cases: [number, unknown, PomeriumErrorCode, boolean][] = [
    [400, { error: 'name: required field is missing' }, 'invalid_argument', false],
    [401, { error: 'expired' }, 'unauthenticated', false],
    [403, { error: 'viewer user required' }, 'permission_denied', false],
    [404, { error: 'route not found' }, 'not_found', false],
    [405, undefined, 'unimplemented', false],
    [408, undefined, 'deadline_exceeded', true],
    [409, { error: 'a route with this name already exists' }, 'already_exists', false],
    [409, { error: 'policy is still assigned to 1 route(s)' }, 'failed_precondition', false],
    [410, undefined, 'not_found', false],
    [412, undefined, 'failed_precondition', false],
    [413, undefined, 'invalid_argument', false],
    [418, undefined, 'unknown', false],
    [422, { error: 'bad' }, 'invalid_argument', false],
    [429, { error: 'rate limited' }, 'resource_exhausted', true],
    [500, { error: 'boom' }, 'internal', false],
    [501, undefined, 'unimplemented', false],
    [502, 'Bad Gateway', 'unavailable', true],
    [503, undefined, 'unavailable', true],
    [504, undefined, 'deadline_exceeded', true],
    [599, undefined, 'unavailable', true],
  ];
  it.each(cases)('maps %i (%j) to %s', (status, body, code, retryable) => {
    const cause = httpError(status, body);
    const error = toPomeriumError(cause);
    expect(error).toBeInstanceOf(PomeriumError);
    expect(error.code).toBe(code);
    expect(error.retryable).toBe(retryable);
    expect(error.backend).toBe('zero');
    expect(error.cause).toBe(cause);
    expect(error.mayHaveCommitted).toBe(false);
    expect(error.message).toContain(`GET /api/v0/organizations/org/routes/abc failed with ${status}`);
    if (typeof body === 'object' && body !== null) expect(error.message).toContain((body as { error: string }).error);
    expect(codeForStatus(status, cause.errorText)).toBe(code);
  });

  it('names the field of a 400 when Zero puts it first', () => {
    expect(toPomeriumError(httpError(400, { error: 'policyIds[1]: policy x not found' })).field).toBe('policyIds[1]');
    expect(fieldFromErrorText('namespaceId: namespace x not found')).toBe('namespaceId');
    expect(fieldFromErrorText('healthCheck.path: required string')).toBe('healthChecks[0].path');
    expect(fieldFromErrorText('something went wrong: details')).toBeUndefined();
    expect(fieldFromErrorText(undefined)).toBeUndefined();
  });
});

describe('toPomeriumError for other failures', () => {
  it('passes PomeriumErrors through', () => {
    const original = new PomeriumError('x', { code: 'not_found' });
    expect(toPomeriumError(original)).toBe(original);
  });

  it('maps a timed-out attempt to deadline_exceeded, with mayHaveCommitted for writes only', () => {
    const read = toPomeriumError(new DOMException('aborted', 'AbortError'), {
      timedOut: true,
      operation: 'routes.get',
      request: { method: 'GET', path: 'organizations/o/routes/r' },
    });
    expect(read).toMatchObject({ code: 'deadline_exceeded', retryable: true, operation: 'routes.get' });
    expect(read.mayHaveCommitted).toBe(false);
    expect(read.message).toContain('GET /api/v0/organizations/o/routes/r');
    const write = toPomeriumError(new DOMException('aborted', 'AbortError'), { timedOut: true, write: true });
    expect(write.mayHaveCommitted).toBe(true);
  });

  it('maps an aborted call to deadline_exceeded that is not retryable', () => {
    const controller = new AbortController();
    controller.abort(new Error('stop'));
    const error = toPomeriumError(new DOMException('aborted', 'AbortError'), { signal: controller.signal });
    expect(error).toMatchObject({ code: 'deadline_exceeded', retryable: false });
  });

  it('maps network errors to unavailable (never sent: not committed), bad shapes to internal and the rest to unknown', () => {
    const refused = new TypeError('fetch failed', {
      cause: Object.assign(new Error('connect'), { code: 'ECONNREFUSED' }),
    });
    expect(toPomeriumError(refused, { write: true })).toMatchObject({ code: 'unavailable', mayHaveCommitted: false });
    const reset = new TypeError('fetch failed', {
      cause: Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' }),
    });
    expect(toPomeriumError(reset, { write: true })).toMatchObject({ code: 'unavailable', mayHaveCommitted: true });
    expect(toPomeriumError(reset, { write: false }).mayHaveCommitted).toBe(false);
    const shape = toPomeriumError(new ZeroResponseShapeError('expected a route object'), { operation: 'routes.get' });
    expect(shape).toMatchObject({ code: 'internal', retryable: false });
    expect(shape.message).toContain('routes.get');
    expect(toPomeriumError('weird').code).toBe('unknown');
  });

  it('exposes Retry-After (seconds or an HTTP date) as retryAfterMs, and 5xx writes as mayHaveCommitted', () => {
    expect(parseRetryAfter('3')).toBe(3000);
    expect(parseRetryAfter(new Date(Date.UTC(2030, 0, 1, 0, 0, 10)).toUTCString(), Date.UTC(2030, 0, 1))).toBe(10_000);
    expect(parseRetryAfter('soon')).toBeUndefined();
    expect(parseRetryAfter(null)).toBeUndefined();
    const limited = zeroHttpError({ method: 'POST', path: 'x' }, { status: 429, text: '', retryAfter: '2' }, []);
    expect(toPomeriumError(limited, { write: true })).toMatchObject({
      code: 'resource_exhausted',
      retryAfterMs: 2000,
      mayHaveCommitted: false,
    });
    const gateway = zeroHttpError({ method: 'POST', path: 'x' }, { status: 502, text: 'Bad Gateway' }, []);
    expect(toPomeriumError(gateway, { write: true }).mayHaveCommitted).toBe(true);
    expect(toPomeriumError(gateway, { write: false }).mayHaveCommitted).toBe(false);
  });

  it('maps a conflict on a guarded JSON Patch to aborted', () => {
    const conflict = zeroHttpError(
      { method: 'PATCH', path: 'x' },
      { status: 409, text: '{"error":"test failed"}' },
      [],
    );
    expect(toPomeriumError(conflict, { guarded: true }).code).toBe('aborted');
    expect(toPomeriumError(conflict).code).toBe('failed_precondition');
  });
});

describe('zeroHttpError', () => {
  it('keeps status and parsed body (without the query string)', () => {
    const error = zeroHttpError(
      { method: 'GET', path: 'organizations/o/routes/r?x=1' },
      { status: 404, text: '{"error":"route not found"}' },
      [],
    );
    expect(error).toBeInstanceOf(ZeroHttpError);
    expect(error).toMatchObject({ status: 404, path: 'organizations/o/routes/r', body: { error: 'route not found' } });
    expect(error.errorText).toBe('route not found');
  });

  it('keeps a text body', () => {
    const error = zeroHttpError({ method: 'GET', path: 'x' }, { status: 502, text: 'Bad Gateway' }, []);
    expect(error.body).toBe('Bad Gateway');
    expect(error.errorText).toBe('Bad Gateway');
  });

  it('redacts the given secrets and anything shaped like a credential before parsing the body', () => {
    const echo = JSON.stringify({
      error: 'bad token canary-api-user-token',
      headers: { authorization: 'Bearer some.id.token' },
      request: { refreshToken: 'whatever-it-was' },
    });
    const error = zeroHttpError({ method: 'POST', path: 'token' }, { status: 500, text: echo }, [
      'canary-api-user-token',
    ]);
    const text = JSON.stringify(error.body);
    expect(text).not.toContain('canary-api-user-token');
    expect(text).not.toContain('some.id.token');
    expect(text).not.toContain('whatever-it-was');
    expect(text).toContain('[REDACTED]');
    expect(redactZeroSecrets('Pomerium abc.def', [])).toBe('Pomerium [REDACTED]');
  });
});

describe('tokenExchangeError and friends', () => {
  it('turns a refused token into unauthenticated with an actionable message', () => {
    for (const status of [400, 401, 403]) {
      const error = tokenExchangeError(new ZeroHttpError({ method: 'POST', path: 'token', status, body: {} }));
      expect(error.code).toBe('unauthenticated');
      expect(error.message).toMatch(/API user token/);
    }
    expect(tokenExchangeError(new ZeroHttpError({ method: 'POST', path: 'token', status: 503, body: {} })).code).toBe(
      'unavailable',
    );
    expect(tokenExchangeError(new ZeroTokenResponseError('no idToken')).code).toBe('internal');
  });

  it('builds the not_found of a deleted object with the 403 as cause', () => {
    const forbidden = toPomeriumError(httpError(403, { error: 'viewer user required' }));
    const error = deletedObjectError('Route', 'abc', forbidden);
    expect(error).toMatchObject({ code: 'not_found', backend: 'zero', cause: forbidden });
    expect(error.message).toContain('Route abc not found');
  });
});
