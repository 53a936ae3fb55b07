import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { clientFor, clusterNamespaceId, everythingIn, rejection, startFake } from './support/fake-zero-fixture.js';
import { certificateOne, certificateTwo, privateKeyOne } from './support/test-key-pairs.js';

/** A logger that keeps every line as text. */
function recordingLogger() {
  const lines: string[] = [];
  const record = (object: unknown, message?: string) => {
    lines.push(`${inspect(object, { depth: 10 })} ${JSON.stringify(object)} ${message ?? ''}`);
  };
  return { lines, logger: { debug: record, info: record, warn: record, error: record } };
}

/** The base64 body of a PEM key: what must never show up, whatever the framing. */
function keyBody(pem: string): string {
  return pem.split('\n').slice(1, 3).join('');
}

describe('Zero resource secrets', () => {
  it('keeps a canary private key out of errors, logs and inspect output when the server echoes it', async () => {
    const fake = await startFake();
    const { lines, logger } = recordingLogger();
    const client = clientFor(fake, { cluster: 'production' }, { logger });
    fake.state.injectFailure({
      route: 'POST /organizations/:organizationId/keyPairs',
      status: 400,
      body: { error: `key: cannot parse ${privateKeyOne}` },
      times: 1,
    });
    const error = await rejection(
      client.keyPairs.create({
        namespaceId: clusterNamespaceId(fake),
        certificate: certificateOne,
        privateKey: privateKeyOne,
      }),
    );
    expect(error.code).toBe('invalid_argument');
    expect(everythingIn(error)).not.toContain(keyBody(privateKeyOne));

    // A key that does not belong to the certificate: the console refuses it; the key is nowhere in the error.
    const mismatch = await rejection(
      client.keyPairs.create({
        namespaceId: clusterNamespaceId(fake),
        certificate: certificateTwo,
        privateKey: privateKeyOne,
      }),
    );
    expect(mismatch).toMatchObject({ code: 'invalid_argument' });
    expect(everythingIn(mismatch)).not.toContain(keyBody(privateKeyOne));

    const created = await client.keyPairs.create({
      namespaceId: clusterNamespaceId(fake),
      certificate: certificateOne,
      privateKey: privateKeyOne,
    });
    expect(inspect(created, { depth: 10 })).not.toContain(keyBody(privateKeyOne));
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.join('\n')).not.toContain(keyBody(privateKeyOne));
  });

  it('keeps a canary service-account token out of logs and errors', async () => {
    const fake = await startFake();
    const { lines, logger } = recordingLogger();
    const client = clientFor(fake, { cluster: 'production' }, { logger });
    const issued = await client.serviceAccounts.create({ userId: 'canary' });
    const token = issued.token?.reveal() ?? '';
    expect(token).not.toBe('');
    fake.state.injectFailure({
      route: 'POST /organizations/:organizationId/clusters/:clusterId/serviceAccounts',
      status: 400,
      body: { error: `userId: taken by ${token}` },
    });
    const error = await rejection(client.serviceAccounts.create({ userId: 'again' }));
    expect(everythingIn(error)).not.toContain(token);
    // An answer of the wrong shape that carries the token: internal, without the token.
    fake.state.injectFailure({
      route: 'GET /organizations/:organizationId/clusters/:clusterId/serviceAccounts/:serviceAccountId',
      status: 200,
      body: { token },
    });
    const shape = await rejection(client.serviceAccounts.get(issued.serviceAccount.id));
    expect(shape.code).toBe('internal');
    expect(everythingIn(shape)).not.toContain(token);
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.join('\n')).not.toContain(token);
    expect(inspect(issued, { depth: 10 })).not.toContain(token);
  });
});
