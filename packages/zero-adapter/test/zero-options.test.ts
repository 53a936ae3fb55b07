import { PomeriumError } from '@pomerium-unified/core';
import { describe, expect, it } from 'vitest';
import { createZeroBackend, type ZeroBackendOptions } from '../src/index.js';
import { resolveZeroBackendOptions } from '../src/zero-options.js';

const secret = 'zero_api_do-not-print';

function failure(options: unknown): PomeriumError {
  try {
    resolveZeroBackendOptions(options as ZeroBackendOptions);
  } catch (error) {
    if (PomeriumError.isInstance(error)) return error;
    throw error;
  }
  throw new Error('expected a failure');
}

describe('resolveZeroBackendOptions', () => {
  it('fills in the defaults', () => {
    const resolved = resolveZeroBackendOptions({ apiUserToken: secret });
    expect(resolved).toMatchObject({
      prefixUrl: 'https://console.pomerium.app/api/v0/',
      timeoutMs: 30_000,
      authorizationScheme: 'Bearer',
      organizationId: undefined,
      cluster: undefined,
    });
  });

  it('appends /api/v0 to apiUrl, dropping a trailing slash', () => {
    expect(resolveZeroBackendOptions({ apiUserToken: secret, apiUrl: 'http://127.0.0.1:8080/' }).prefixUrl).toBe(
      'http://127.0.0.1:8080/api/v0/',
    );
  });

  it('accepts an apiUrl that already ends in /api/v0', () => {
    for (const apiUrl of ['http://127.0.0.1:8080/api/v0', 'http://127.0.0.1:8080/api/v0/']) {
      expect(resolveZeroBackendOptions({ apiUserToken: secret, apiUrl }).prefixUrl).toBe(
        'http://127.0.0.1:8080/api/v0/',
      );
    }
    expect(resolveZeroBackendOptions({ apiUserToken: secret, apiUrl: 'https://example.com/zero' }).prefixUrl).toBe(
      'https://example.com/zero/api/v0/',
    );
  });

  it('fills in the connection and header defaults', () => {
    expect(resolveZeroBackendOptions({ apiUserToken: secret, headers: { 'X-Trace': '1' } })).toMatchObject({
      maxConnections: 16,
      userAgent: 'pomerium-unified-zero-adapter',
      headers: { 'x-trace': '1' },
      dispatcher: undefined,
      fetch: undefined,
    });
  });

  it.each([
    [{}, 'apiUserToken'],
    [{ apiUserToken: secret, headers: { Authorization: 'x' } }, 'headers'],
    [{ apiUserToken: secret, headers: { 'X-A': 'a\nb' } }, 'headers.X-A'],
    [{ apiUserToken: secret, headers: { 'X-A': 'a\u0001b' } }, 'headers.X-A'],
    [{ apiUserToken: secret, headers: { 'X-A': 'a\u2028b' } }, 'headers.X-A'],
    [{ apiUserToken: secret, maxConnections: 0 }, 'maxConnections'],
    [{ apiUserToken: secret, dispatcher: {} }, 'dispatcher'],
    [{ apiUserToken: secret, fetch: 'fetch' }, 'fetch'],
    [{ apiUserToken: secret, now: 5 }, 'now'],
    [{ apiUserToken: secret, userAgent: '' }, 'userAgent'],
    [{ apiUserToken: secret, allowInsecureHttp: 'yes' }, 'allowInsecureHttp'],
    [{ apiUserToken: secret, apiUrl: 'http://example.com' }, 'apiUrl'],
    [{ apiUserToken: secret, apiUrl: 'https://u:p@example.com' }, 'apiUrl'],
    [{ apiUserToken: '' }, 'apiUserToken'],
    [{ apiUserToken: secret, apiUrl: 'ftp://example.com' }, 'apiUrl'],
    [{ apiUserToken: secret, timeoutMs: 0 }, 'timeoutMs'],
    [{ apiUserToken: secret, authorizationScheme: 'Basic' }, 'authorizationScheme'],
    [{ apiUserToken: secret, organizationId: 'a', organizationName: 'b' }, 'organizationName'],
    [{ apiUserToken: secret, unknownOption: true }, ''],
  ])('rejects %j naming %s, without echoing the token', (options, field) => {
    const error = failure(options);
    expect(error.code).toBe('invalid_argument');
    if (field) expect(error.field).toBe(field);
    expect(`${error.message} ${JSON.stringify(error)}`).not.toContain(secret);
  });

  it('validates in createZeroBackend before any call', () => {
    expect(() => createZeroBackend(undefined as unknown as ZeroBackendOptions)).toThrow(PomeriumError);
    const backend = createZeroBackend({ apiUserToken: secret });
    expect(backend).toMatchObject({
      name: 'zero',
      specificationVersion: 'v1',
      capabilities: {
        writeNamespaces: false,
        listTotalCount: false,
        multipleHealthChecks: false,
        fieldLevelUpdates: true,
      },
    });
  });
});
