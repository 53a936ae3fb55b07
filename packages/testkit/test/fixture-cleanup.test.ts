import { connect } from 'node:net';
import { createMemoryBackend, type PomeriumBackend } from '@pomerium-unified/core';
import { describe, expect, it } from 'vitest';
import { startEnterpriseFixture, startZeroFixture } from '../src/index.js';

/** True when something accepts connections on the URL's port of 127.0.0.1. */
function listening(url: string): Promise<boolean> {
  const { port } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port: Number(port) });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** A memory backend that records `close()`: it knows none of the fake's namespaces. */
function trackedBackend(closed: string[], name: string): PomeriumBackend {
  const memory = createMemoryBackend();
  return {
    ...memory,
    async close() {
      closed.push(name);
    },
  };
}

describe('fixtures close what they opened when starting fails', () => {
  it('Zero: a backend that cannot find the seeded namespace → the client and the console are closed', async () => {
    const closed: string[] = [];
    let url = '';
    const started = startZeroFixture({
      createBackend: (options) => {
        url = options.apiUrl;
        return trackedBackend(closed, 'zero');
      },
    });
    await expect(started).rejects.toMatchObject({ code: 'not_found' });
    expect(closed).toEqual(['zero']);
    expect(await listening(url)).toBe(false);
  });

  it('Enterprise: createBackend throws → that error, and the console is stopped', async () => {
    let url = '';
    const started = startEnterpriseFixture({
      createBackend: (options) => {
        url = options.url;
        throw new Error('no backend today');
      },
    });
    await expect(started).rejects.toThrow('no backend today');
    expect(await listening(url)).toBe(false);
  });

  it('a started fixture closes its client and console once', async () => {
    const closed: string[] = [];
    let url = '';
    const fixture = await startEnterpriseFixture({
      createBackend: (options) => {
        url = options.url;
        return trackedBackend(closed, 'enterprise');
      },
    });
    expect(await listening(url)).toBe(true);
    await fixture.close();
    expect(closed).toEqual(['enterprise']);
    expect(await listening(url)).toBe(false);
  });
});
