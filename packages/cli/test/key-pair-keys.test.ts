import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createKeyPairFixture, type KeyPairFixture, pemBody } from '@pomerium-unified/testkit/vitest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Consoles, cluster, runCli, startConsoles } from './cli-harness.js';

let consoles: Consoles;
let client: KeyPairFixture;
let ca: KeyPairFixture;
let keyDir: string;

beforeEach(async () => {
  consoles = await startConsoles();
  const namespaceId = consoles.enterpriseProductionId;
  client = await createKeyPairFixture(`client.${cluster.domain}`);
  ca = await createKeyPairFixture(`ca.${cluster.domain}`);
  const clientPair = await consoles.enterprise.keyPairs.create({
    namespaceId,
    name: 'upstream client',
    certificate: client.certificate,
    privateKey: client.privateKey,
  });
  const caPair = await consoles.enterprise.keyPairs.create({ namespaceId, certificate: ca.certificate });
  await consoles.enterprise.routes.create({
    namespaceId,
    name: 'mtls',
    from: `https://mtls.${cluster.domain}`,
    to: ['https://backend.internal:8443'],
    tlsClientKeyPairId: clientPair.id,
    tlsCustomCaKeyPairId: caPair.id,
  });
  keyDir = join(consoles.directory, 'keys');
  mkdirSync(keyDir);
  writeFileSync(join(keyDir, 'client.pem'), client.privateKey, { mode: 0o600 });
  writeFileSync(join(keyDir, 'README'), 'keys for the migration');
});

afterEach(async () => {
  await consoles.close();
});

describe('pomerium-unified migrate --key-pair-keys', () => {
  it('refuses without the key (exit 3, naming the route and field), then migrates with it; a re-run changes nothing', async () => {
    const refused = await runCli(['migrate', '--from', 'enterprise', '--to', 'zero', '--yes'], { env: consoles.env });
    expect(refused.exitCode).toBe(3);
    expect(refused.stdout).toContain('tlsClientKeyPair');
    expect(refused.stdout).toContain(`${cluster.name}/Production/mtls`);
    expect(await consoles.zero.keyPairs.list().toArray()).toEqual([]);

    const done = await runCli(
      ['migrate', '--from', 'enterprise', '--to', 'zero', '--key-pair-keys', keyDir, '--yes', '--json'],
      { env: consoles.env },
    );
    expect(done.exitCode).toBe(0);
    const result = JSON.parse(done.stdout);
    expect(result).toMatchObject({ status: 'done', result: { created: 3, failed: [] } });
    expect(done.stderr).toContain('Read 1 private key');
    expect(done.stderr).toContain('README (holds no PEM private key)');
    for (const text of [done.stdout, done.stderr, refused.stdout, refused.stderr]) {
      expect(text).not.toContain(pemBody(client.privateKey));
    }

    const zeroPairs = await consoles.zero.keyPairs.list().toArray();
    const zeroClient = zeroPairs.find((keyPair) => keyPair.name === 'upstream client')!;
    const zeroCa = zeroPairs.find((keyPair) => keyPair.id !== zeroClient.id)!;
    // The fake console stored the user's key with the migrated client certificate.
    expect(consoles.zeroConsole.state.resources.keyPairs.get(zeroClient.id)?.key?.trim()).toBe(
      client.privateKey.trim(),
    );
    expect(zeroCa.hasPrivateKey).toBe(false);
    const [route] = await consoles.zero.routes.list().toArray();
    expect(route).toMatchObject({ tlsClientKeyPairId: zeroClient.id, tlsCustomCaKeyPairId: zeroCa.id });

    const again = await runCli(['migrate', '--from', 'enterprise', '--to', 'zero', '--yes'], { env: consoles.env });
    expect(again.stdout).toContain('Nothing to change');
    expect(again.exitCode).toBe(0);
  });

  it('a saved plan is applied with the same key directory and holds no key', async () => {
    const planPath = join(consoles.directory, 'plan.json');
    const planned = await runCli(
      ['plan', '--from', 'enterprise', '--to', 'zero', '--key-pair-keys', keyDir, '-o', planPath],
      { env: consoles.env },
    );
    expect(planned.exitCode).toBe(2);
    expect(readFileSync(planPath, 'utf8')).not.toContain(pemBody(client.privateKey));
    const withoutKeys = await runCli(['apply', '--plan', planPath, '--to', 'zero', '--yes'], { env: consoles.env });
    expect(withoutKeys.exitCode).toBe(1);
    expect(withoutKeys.stdout + withoutKeys.stderr).toContain('--key-pair-keys');

    const replanned = await runCli(
      ['plan', '--from', 'enterprise', '--to', 'zero', '--key-pair-keys', keyDir, '-o', planPath],
      { env: consoles.env },
    );
    expect(replanned.exitCode).toBe(2);
    const applied = await runCli(['apply', '--plan', planPath, '--to', 'zero', '--key-pair-keys', keyDir, '--yes'], {
      env: consoles.env,
    });
    expect(applied.exitCode).toBe(0);
    const zeroClient = (await consoles.zero.keyPairs.list().toArray()).find(
      (keyPair) => keyPair.name === 'upstream client',
    );
    expect(zeroClient?.hasPrivateKey).toBe(true);
  });
});
