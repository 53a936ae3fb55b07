import { PomeriumError, type PomeriumErrorCode } from '@pomerium-unified/core';
import { HTTPError, TimeoutError } from 'ky';
import { describe, expect, it } from 'vitest';
import {
  codeForStatus,
  deletedObjectError,
  fieldFromErrorText,
  readZeroHttpError,
  tokenExchangeError,
  toPomeriumError,
  ZeroHttpError,
  ZeroTokenResponseError,
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

  it('maps a ky timeout to deadline_exceeded without keeping the request', () => {
    const request = new Request('http://127.0.0.1/api/v0/organizations', {
      headers: { authorization: 'Bearer secret-id-token' },
    });
    const error = toPomeriumError(new TimeoutError(request));
    expect(error).toMatchObject({ code: 'deadline_exceeded', retryable: true, backend: 'zero' });
    expect(error.message).toContain('/api/v0/organizations');
    expect(JSON.stringify(error.cause, Object.getOwnPropertyNames(error.cause))).not.toContain('secret-id-token');
  });

  it('maps an aborted call to deadline_exceeded that is not retryable', () => {
    const controller = new AbortController();
    controller.abort(new Error('stop'));
    const error = toPomeriumError(new DOMException('aborted', 'AbortError'), { signal: controller.signal });
    expect(error).toMatchObject({ code: 'deadline_exceeded', retryable: false });
  });

  it('maps network errors to unavailable, bad JSON to internal and the rest to unknown', () => {
    const network = new TypeError('fetch failed');
    expect(toPomeriumError(network)).toMatchObject({ code: 'unavailable', cause: network });
    expect(toPomeriumError(new SyntaxError('Unexpected token')).code).toBe('internal');
    expect(toPomeriumError('weird').code).toBe('unknown');
  });
});

describe('readZeroHttpError', () => {
  const make = (status: number, body: string, contentType = 'application/json') => {
    const request = new Request('http://127.0.0.1/api/v0/organizations/o/routes/r', {
      headers: { authorization: 'Bearer secret-id-token' },
    });
    const response = new Response(body, { status, headers: { 'content-type': contentType } });
    // biome-ignore lint/suspicious/noExplicitAny: ky's NormalizedOptions are not needed here.
    return new HTTPError(response, request, {} as any);
  };

  it('keeps status and parsed body but not the request', async () => {
    const converted = await readZeroHttpError(
      make(404, '{"error":"route not found"}'),
      'GET',
      'organizations/o/routes/r?x=1',
    );
    expect(converted).toBeInstanceOf(ZeroHttpError);
    const error = converted as ZeroHttpError;
    expect(error).toMatchObject({ status: 404, path: 'organizations/o/routes/r', body: { error: 'route not found' } });
    expect(error.errorText).toBe('route not found');
    expect(JSON.stringify(error)).not.toContain('secret-id-token');
  });

  it('keeps a text body and leaves other errors alone', async () => {
    const error = (await readZeroHttpError(make(502, 'Bad Gateway', 'text/plain'), 'GET', 'x')) as ZeroHttpError;
    expect(error.body).toBe('Bad Gateway');
    expect(error.errorText).toBe('Bad Gateway');
    const other = new Error('other');
    expect(await readZeroHttpError(other, 'GET', 'x')).toBe(other);
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
