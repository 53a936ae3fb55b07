import { create } from '@bufbuild/protobuf';
import { createRouterTransport } from '@connectrpc/connect';
import { createPomeriumClient, PomeriumError } from '@pomerium-unified/core';
import { describe, expect, it } from 'vitest';
import { createEnterpriseBackend } from '../src/index.js';
import { RouteSchema, RouteService } from '../src/protocol.js';

const token = 'transport-option-token-1234';

function capturingTransport() {
  const seen: Headers[] = [];
  const transport = createRouterTransport((router) => {
    router.service(RouteService, {
      getRoute: (request, context) => {
        seen.push(new Headers(context.requestHeader));
        return {
          route: create(RouteSchema, { id: request.id, namespaceId: 'ns', name: 'r', from: 'https://r.example.com' }),
        };
      },
    });
  });
  return { seen, transport };
}

describe('the transport option', () => {
  it('adds authorization: Pomerium <token>, headers and userAgent to every call of a user transport', async () => {
    const { seen, transport } = capturingTransport();
    const backend = createEnterpriseBackend({
      url: 'https://console.invalid',
      serviceAccountToken: token,
      transport,
      headers: { 'X-Team': 'platform' },
      userAgent: 'migrator/2',
    });
    const client = createPomeriumClient({ backend });
    expect((await client.routes.get('r1')).id).toBe('r1');
    await backend.routes.get({ id: 'r2' });
    expect(seen).toHaveLength(2);
    for (const headers of seen) {
      expect(headers.get('authorization')).toBe(`Pomerium ${token}`);
      expect(headers.get('x-team')).toBe('platform');
      expect(headers.get('user-agent')).toBe('migrator/2');
    }
  });

  it('checks the caller signal before using the transport', async () => {
    const { seen, transport } = capturingTransport();
    const backend = createEnterpriseBackend({ url: 'x', serviceAccountToken: token, transport });
    const controller = new AbortController();
    controller.abort();
    const error = await backend.routes.get({ id: 'r1', signal: controller.signal }).catch((reason) => reason);
    expect(PomeriumError.hasCode(error, 'deadline_exceeded')).toBe(true);
    expect(seen).toHaveLength(0);
  });

  it('refuses headers that would replace the authorization or the protocol, and credentials in the url', () => {
    const attempt = (options: Record<string, unknown>) => {
      try {
        createEnterpriseBackend({ url: 'https://console.example.com', serviceAccountToken: token, ...options });
      } catch (error) {
        return error as PomeriumError;
      }
      throw new Error('expected an error');
    };
    expect(attempt({ headers: { Authorization: 'Bearer x' } })).toMatchObject({
      code: 'invalid_argument',
      field: 'headers.Authorization',
    });
    expect(attempt({ headers: { 'grpc-timeout': '1S' } }).field).toBe('headers.grpc-timeout');
    expect(attempt({ headers: { 'x-a': 'line\nbreak' } }).field).toBe('headers.x-a');
    expect(attempt({ userAgent: '' }).field).toBe('userAgent');
    const credentials = attempt({ url: 'https://user:hunter2-secret@console.example.com' });
    expect(credentials).toMatchObject({ code: 'invalid_argument', field: 'url' });
    expect(credentials.message).not.toContain('hunter2-secret');
  });
});
