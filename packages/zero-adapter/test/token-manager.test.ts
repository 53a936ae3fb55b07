import { describe, expect, it } from 'vitest';
import { tokenExchangeError, ZeroHttpError, ZeroTokenResponseError } from '../src/errors.js';
import { parseExpiresInSeconds, TokenManager, type ZeroTokenResponse } from '../src/token-manager.js';

function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (reason: unknown) => void;
  const promise = new Promise<T>((onResolve, onReject) => {
    resolve = onResolve;
    reject = onReject;
  });
  return { promise, resolve, reject };
}

describe('parseExpiresInSeconds', () => {
  it('parses the JSON string Zero sends, and numbers', () => {
    expect(parseExpiresInSeconds('3600')).toBe(3600);
    expect(parseExpiresInSeconds(' 60 ')).toBe(60);
    expect(parseExpiresInSeconds(90)).toBe(90);
  });
  it.each(['', 'abc', '-5', '1.5', null, undefined, {}])('rejects %j', (value) => {
    expect(() => parseExpiresInSeconds(value)).toThrow(ZeroTokenResponseError);
  });
});

describe('TokenManager', () => {
  it('shares one exchange among concurrent callers and caches the token', async () => {
    let exchanges = 0;
    const pending = deferred<ZeroTokenResponse>();
    const manager = new TokenManager({
      exchange: () => {
        exchanges += 1;
        return pending.promise;
      },
    });
    const tokens = Promise.all(Array.from({ length: 50 }, () => manager.getIdToken()));
    pending.resolve({ idToken: 'id-1', expiresInSeconds: '3600' });
    expect(new Set(await tokens)).toEqual(new Set(['id-1']));
    expect(await manager.getIdToken()).toBe('id-1');
    expect(exchanges).toBe(1);
  });

  it('measures expiry from before the request and renews with less than a minute left', async () => {
    let now = 0;
    let exchanges = 0;
    const manager = new TokenManager({
      now: () => now,
      exchange: async () => {
        exchanges += 1;
        now += 5_000; // the exchange itself takes 5 s
        return { idToken: `id-${exchanges}`, expiresInSeconds: '120' };
      },
    });
    expect(await manager.getIdToken()).toBe('id-1'); // expires at 120 s (sent at 0 s)
    now = 60_001; // 59.999 s left
    expect(await manager.getIdToken()).toBe('id-2');
    expect(exchanges).toBe(2);
  });

  it('reuses the token while more than a minute remains', async () => {
    let now = 0;
    let exchanges = 0;
    const manager = new TokenManager({
      now: () => now,
      exchange: async () => ({ idToken: `id-${++exchanges}`, expiresInSeconds: '120' }),
    });
    await manager.getIdToken();
    now = 59_999;
    expect(await manager.getIdToken()).toBe('id-1');
  });

  it('drops only the token the API refused', async () => {
    let exchanges = 0;
    const manager = new TokenManager({
      exchange: async () => ({ idToken: `id-${++exchanges}`, expiresInSeconds: '3600' }),
    });
    await manager.getIdToken();
    manager.invalidate('some-older-token');
    expect(await manager.getIdToken()).toBe('id-1');
    manager.invalidate('id-1');
    expect(await manager.getIdToken()).toBe('id-2');
    manager.clear();
    expect(await manager.getIdToken()).toBe('id-3');
  });

  it('lets every waiter see a failed exchange and tries again on the next call', async () => {
    let attempts = 0;
    const manager = new TokenManager({
      exchange: async () => {
        attempts += 1;
        if (attempts === 1) throw new Error('refused');
        return { idToken: 'id-ok', expiresInSeconds: '3600' };
      },
    });
    const results = await Promise.allSettled([manager.getIdToken(), manager.getIdToken()]);
    expect(results.map((result) => result.status)).toEqual(['rejected', 'rejected']);
    expect(await manager.getIdToken()).toBe('id-ok');
    expect(attempts).toBe(2);
  });

  it('rejects a response without idToken', async () => {
    const manager = new TokenManager({ exchange: async () => ({ idToken: '', expiresInSeconds: '10' }) });
    await expect(manager.getIdToken()).rejects.toBeInstanceOf(ZeroTokenResponseError);
  });
});

describe('TokenManager without storms', () => {
  it('reuses a token living less than the margin for half its life', async () => {
    let now = 0;
    let exchanges = 0;
    const manager = new TokenManager({
      now: () => now,
      exchange: async () => ({ idToken: `id-${++exchanges}`, expiresInSeconds: '30' }),
    });
    expect(await manager.getIdToken()).toBe('id-1');
    now = 14_999;
    expect(await manager.getIdToken()).toBe('id-1');
    now = 15_000;
    expect(await manager.getIdToken()).toBe('id-2');
    expect(exchanges).toBe(2);
  });

  it('fails every waiting caller from one refused exchange and holds the refusal', async () => {
    let now = 0;
    let exchanges = 0;
    const refused = tokenExchangeError(new ZeroHttpError({ method: 'POST', path: 'token', status: 401, body: {} }));
    const pending = deferred<ZeroTokenResponse>();
    const manager = new TokenManager({
      now: () => now,
      exchange: () => {
        exchanges += 1;
        return pending.promise;
      },
    });
    const waiting = Array.from({ length: 50 }, () => manager.getIdToken().catch((error: unknown) => error));
    pending.reject(refused);
    for (const outcome of await Promise.all(waiting)) expect(outcome).toBe(refused);
    for (let index = 0; index < 20; index += 1) await expect(manager.getIdToken()).rejects.toBe(refused);
    expect(exchanges).toBe(1);
    now = 30_000;
    await expect(manager.getIdToken()).rejects.toBe(refused);
    expect(exchanges).toBe(2);
  });

  it('does not hold a failure that is not a refusal', async () => {
    let exchanges = 0;
    const manager = new TokenManager({
      exchange: async () => {
        exchanges += 1;
        if (exchanges === 1) throw new Error('network');
        return { idToken: 'id', expiresInSeconds: '3600' };
      },
    });
    await expect(manager.getIdToken()).rejects.toThrow('network');
    expect(await manager.getIdToken()).toBe('id');
  });
});
