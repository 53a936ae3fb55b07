import { PomeriumError } from '@pomerium-unified/core';
import { describe, expect, it } from 'vitest';
import { resolveEnterpriseOptions } from '../src/enterprise-options.js';
import { createEnterpriseBackend } from '../src/index.js';

const token = 'sa-token-that-must-not-leak';

function errorOf(run: () => unknown): PomeriumError {
  try {
    run();
  } catch (error) {
    if (PomeriumError.isInstance(error)) return error;
    throw error;
  }
  throw new Error('expected an error');
}

describe('enterprise options', () => {
  it('accepts https URLs, host:port and bare hosts, defaulting to port 443', () => {
    expect(
      resolveEnterpriseOptions({ url: 'https://console-api.example.com', serviceAccountToken: token }).baseUrl,
    ).toBe('https://console-api.example.com:443');
    expect(resolveEnterpriseOptions({ url: 'console-api.example.com:8443', serviceAccountToken: token }).baseUrl).toBe(
      'https://console-api.example.com:8443',
    );
    expect(resolveEnterpriseOptions({ url: 'console-api.example.com', serviceAccountToken: token }).baseUrl).toBe(
      'https://console-api.example.com:443',
    );
    const resolved = resolveEnterpriseOptions({ url: 'localhost:8080', serviceAccountToken: token, plaintext: true });
    expect(resolved.baseUrl).toBe('http://localhost:8080');
    expect(resolved.timeoutMs).toBe(30_000);
  });

  it('rejects a missing token or url with invalid_argument, without the token in the message', () => {
    const missingToken = errorOf(() => createEnterpriseBackend({ url: 'https://x', serviceAccountToken: '' }));
    expect(missingToken).toMatchObject({ code: 'invalid_argument', field: 'serviceAccountToken' });
    const missingUrl = errorOf(() => createEnterpriseBackend({ url: '', serviceAccountToken: token }));
    expect(missingUrl).toMatchObject({ code: 'invalid_argument', field: 'url' });
    expect(missingUrl.message).not.toContain(token);
  });

  it('refuses http:// without plaintext and plaintext with https', () => {
    expect(errorOf(() => resolveEnterpriseOptions({ url: 'http://x:80', serviceAccountToken: token })).field).toBe(
      'url',
    );
    expect(
      errorOf(() => resolveEnterpriseOptions({ url: 'https://x', serviceAccountToken: token, plaintext: true })).field,
    ).toBe('url');
  });

  it('checks mTLS pairs, timeouts and paths', () => {
    expect(
      errorOf(() => resolveEnterpriseOptions({ url: 'x', serviceAccountToken: token, tls: { cert: 'PEM' } })).field,
    ).toBe('tls.key');
    expect(errorOf(() => resolveEnterpriseOptions({ url: 'x', serviceAccountToken: token, timeoutMs: 0 })).field).toBe(
      'timeoutMs',
    );
    expect(errorOf(() => resolveEnterpriseOptions({ url: 'https://x/api', serviceAccountToken: token })).field).toBe(
      'url',
    );
  });
});
