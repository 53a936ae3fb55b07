import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPomeriumClient, PomeriumError } from '@pomerium-unified/core';
import { startFakeZeroConsole } from '@pomerium-unified/testkit';
import { describe, expect, it } from 'vitest';
import { createNamedBackend, findProfilesFile, loadProfiles, parseProfiles, profileToSettings } from '../src/index.js';

const secret = 'inline-secret-token-value';

function failure(run: () => unknown): PomeriumError {
  try {
    run();
  } catch (error) {
    if (error instanceof PomeriumError) return error;
    throw error;
  }
  throw new Error('expected a PomeriumError');
}

describe('parseProfiles', () => {
  it('reads Zero and Enterprise profiles', () => {
    const { profiles } = parseProfiles(
      [
        'profiles:',
        '  acme:',
        '    kind: zero',
        '    tokenEnv: ACME_ZERO_TOKEN',
        '    cluster: production',
        '  onprem:',
        '    kind: enterprise',
        '    url: https://console-api.example.com',
        '    tokenFile: ./onprem.token',
        '    caFile: ./ca.pem',
      ].join('\n'),
    );
    expect(profiles.acme).toEqual({ kind: 'zero', tokenEnv: 'ACME_ZERO_TOKEN', cluster: 'production' });
    expect(profiles.onprem).toMatchObject({ kind: 'enterprise', tokenFile: './onprem.token' });
  });

  it('refuses an inline token without echoing it', () => {
    for (const key of ['token', 'apiUserToken', 'serviceAccountToken']) {
      const error = failure(() => parseProfiles(`profiles:\n  acme:\n    kind: zero\n    ${key}: ${secret}\n`));
      expect(error.code).toBe('invalid_argument');
      expect(error.field).toBe(`profiles.acme.${key}`);
      expect(error.message).toContain('tokenEnv');
      expect(error.message).not.toContain(secret);
    }
  });

  it('refuses a token pasted into tokenEnv, and broken YAML, without echoing it', () => {
    const pasted = failure(() => parseProfiles(`profiles:\n  acme:\n    kind: zero\n    tokenEnv: ${secret}.x\n`));
    expect(pasted.field).toBe('profiles.acme.tokenEnv');
    expect(pasted.message).toContain('line 4');
    expect(pasted.message).not.toContain(secret);
    const broken = failure(() => parseProfiles(`profiles:\n  acme: [\n    kind: zero, tokenEnv: "${secret}\n`));
    expect(broken.code).toBe('invalid_argument');
    expect(broken.message).not.toContain(secret);
  });

  it('names the bad field and reserved names', () => {
    expect(failure(() => parseProfiles('profiles:\n  acme:\n    kind: cloud\n')).field).toBe('profiles.acme.kind');
    expect(failure(() => parseProfiles('profiles:\n  x:\n    kind: enterprise\n    tokenEnv: T\n')).field).toBe(
      'profiles.x.url',
    );
    expect(failure(() => parseProfiles('profiles:\n  zero:\n    kind: zero\n    tokenEnv: T\n')).code).toBe(
      'invalid_argument',
    );
  });
});

describe('profiles to backends', () => {
  it('reads the token from the named variable or the file, relative to the profiles file', () => {
    const directory = mkdtempSync(join(tmpdir(), 'pu-profiles-'));
    writeFileSync(join(directory, 'onprem.token'), `${secret}\n`);
    writeFileSync(
      join(directory, 'pomerium-unified.yaml'),
      'profiles:\n  acme: { kind: zero, tokenEnv: ACME_TOKEN }\n  onprem: { kind: enterprise, url: "h:1", tokenFile: onprem.token }\n',
    );
    expect(findProfilesFile({ cwd: directory, env: {} })).toBe(join(directory, 'pomerium-unified.yaml'));
    const loaded = loadProfiles(join(directory, 'pomerium-unified.yaml'));
    const context = { env: { ACME_TOKEN: 'zero-token' }, baseDirectory: loaded.baseDirectory };
    expect(profileToSettings(loaded.profiles.acme!, { ...context, name: 'acme' })).toEqual({
      kind: 'zero',
      token: 'zero-token',
    });
    expect(profileToSettings(loaded.profiles.onprem!, { ...context, name: 'onprem' })).toMatchObject({
      kind: 'enterprise',
      token: secret,
    });
    const missing = failure(() => profileToSettings(loaded.profiles.acme!, { name: 'acme', env: {} }));
    expect(missing).toMatchObject({ code: 'invalid_argument', field: 'ACME_TOKEN' });
  });

  it('chooses a backend by name and lists the known names for an unknown one', async () => {
    const fake = await startFakeZeroConsole();
    const profiles = parseProfiles(`profiles:\n  acme:\n    kind: zero\n    tokenEnv: ACME\n    url: ${fake.url}\n`);
    const named = createNamedBackend('acme', { profiles, env: { ACME: fake.apiUserToken } });
    expect(named.kind).toBe('zero');
    const client = createPomeriumClient({ backend: named.backend });
    try {
      expect((await client.namespaces.list().toArray()).length).toBeGreaterThan(0);
    } finally {
      await client.close();
      await fake.close();
    }
    const unknown = failure(() => createNamedBackend('other', { profiles }));
    expect(unknown.message).toContain('zero, enterprise, acme');
  });
});
