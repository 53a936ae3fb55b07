import { inspect } from 'node:util';
import {
  createMemoryBackend,
  createPomeriumClient,
  type PomeriumBackend,
  type PomeriumLogger,
  type PomeriumRequestEvent,
  type PomeriumResponseEvent,
  registerSecret,
} from '@pomerium-unified/core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createScriptedBackend } from './support/scripted-backend.js';

function capturingLogger() {
  const lines: { level: string; object: Record<string, unknown>; message: string | undefined }[] = [];
  const method = (level: string) => (object: Record<string, unknown>, message?: string) =>
    lines.push({ level, object, message });
  const logger: PomeriumLogger = {
    debug: method('debug'),
    info: method('info'),
    warn: method('warn'),
    error: method('error'),
    trace: method('trace'),
  };
  return { logger, lines };
}

describe('client observability', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.restoreAllMocks();
  });

  it('passes no onWireEvent to the backend when nothing listens, and one when a hook does', async () => {
    vi.stubEnv('POMERIUM_UNIFIED_DEBUG', '');
    const silent = createScriptedBackend();
    const quiet = createPomeriumClient({ backend: silent.backend });
    const namespace = await quiet.namespaces.create({ name: 'team' });
    await quiet.namespaces.get(namespace.id);
    expect(silent.calls.map((call) => 'onWireEvent' in call.options)).toEqual([false, false]);
    expect(silent.calls.every((call) => call.options.signal instanceof AbortSignal)).toBe(true);

    const heard = createScriptedBackend();
    const listened = createPomeriumClient({ backend: heard.backend, hooks: { onResponse: () => {} } });
    await listened.namespaces.create({ name: 'team' });
    expect(typeof heard.calls[0]?.options.onWireEvent).toBe('function');
  });

  it('logs one debug line per call, with operation, attempts, duration and outcome', async () => {
    const { logger, lines } = capturingLogger();
    const client = createPomeriumClient({ backend: createMemoryBackend(), logger });
    const namespace = await client.namespaces.create({ name: 'n' });
    await client.namespaces.get(namespace.id);
    await client.namespaces.get('missing').catch(() => undefined);
    expect(lines).toHaveLength(3);
    expect(lines.map((line) => line.level)).toEqual(['debug', 'debug', 'debug']);
    expect(lines.map((line) => [line.object.operation, line.object.outcome, line.object.attempts])).toEqual([
      ['namespaces.create', 'ok', 1],
      ['namespaces.get', 'ok', 1],
      ['namespaces.get', 'not_found', 1],
    ]);
    expect(typeof lines[0]?.object.durationMs).toBe('number');
  });

  it('never logs a registered secret, even when a backend error echoes it', async () => {
    const secret = 'canary-token-7f3a9c1e5b';
    const unregister = registerSecret(secret);
    try {
      const { logger, lines } = capturingLogger();
      const memory = createMemoryBackend();
      const backend: PomeriumBackend = {
        ...memory,
        routes: {
          ...memory.routes,
          get: async () => {
            throw new Error(`401: Authorization: Bearer ${secret} refused`);
          },
        },
      };
      const client = createPomeriumClient({ backend, logger });
      const error = await client.routes.get('r1').catch((caught: unknown) => caught);
      expect(lines).toHaveLength(1);
      expect(JSON.stringify(lines)).not.toContain(secret);
      expect(String((error as Error).message)).not.toContain(secret);
      expect(inspect(error, { depth: 10 })).not.toContain(secret);
      expect(JSON.stringify(error)).not.toContain(secret);
      expect(inspect((error as Error).cause, { depth: 10 })).not.toContain(secret);
    } finally {
      unregister();
    }
  });

  it('feeds hooks from the call path and from the adapter wire events', async () => {
    const scripted = createScriptedBackend();
    const requests: PomeriumRequestEvent[] = [];
    const responses: PomeriumResponseEvent[] = [];
    const retries: unknown[] = [];
    const client = createPomeriumClient({
      backend: scripted.backend,
      retry: { initialDelayMs: 1 },
      hooks: {
        onRequest: (event) => requests.push(event),
        onResponse: (event) => responses.push(event),
        onRetry: (event) => retries.push(event),
      },
    });
    scripted.script('routes.get', { code: 'unavailable' });
    const original = scripted.backend.routes.get;
    scripted.backend.routes.get = async (options) => {
      options.onWireEvent?.({
        type: 'request',
        operation: 'routes.get',
        method: 'GET',
        target: '/routes/x',
        attempt: options.attempt ?? 0,
      });
      options.onWireEvent?.({
        type: 'response',
        operation: 'routes.get',
        method: 'GET',
        target: '/routes/x',
        attempt: options.attempt ?? 0,
        status: 503,
        durationMs: 1,
      });
      return original(options);
    };
    await client.routes.get('x').catch(() => undefined);
    expect(requests.map((event) => [event.layer, event.attempt])).toEqual([
      ['call', 1],
      ['wire', 1],
      ['call', 2],
      ['wire', 2],
    ]);
    expect(responses.map((event) => (event.layer === 'call' ? event.outcome : event.status))).toEqual([
      503,
      'unavailable',
      503,
      'not_found',
    ]);
    expect(retries).toEqual([
      expect.objectContaining({ operation: 'routes.get', attempt: 1, errorCode: 'unavailable' }),
    ]);
  });

  it('ignores errors thrown by hooks and loggers', async () => {
    const throwing = () => {
      throw new Error('observer failure');
    };
    const client = createPomeriumClient({
      backend: createMemoryBackend(),
      logger: { debug: throwing, info: throwing, warn: throwing, error: throwing },
      hooks: { onRequest: throwing, onResponse: throwing },
    });
    expect((await client.namespaces.create({ name: 'n' })).name).toBe('n');
  });

  it('is silent by default and logs to stderr with POMERIUM_UNIFIED_DEBUG=1', async () => {
    const write = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    vi.stubEnv('POMERIUM_UNIFIED_DEBUG', '');
    await createPomeriumClient({ backend: createMemoryBackend() }).namespaces.create({ name: 'quiet' });
    expect(write).not.toHaveBeenCalled();
    vi.stubEnv('POMERIUM_UNIFIED_DEBUG', '1');
    await createPomeriumClient({ backend: createMemoryBackend() }).namespaces.create({ name: 'loud' });
    expect(write).toHaveBeenCalledTimes(1);
    expect(String(write.mock.calls[0]?.[0])).toContain('namespaces.create');
  });
});
