import { randomBytes } from 'node:crypto';
import { inspect } from 'node:util';
import {
  createPomeriumClient,
  type PomeriumClient,
  PomeriumError,
  type PomeriumLogger,
  Secret,
} from '@pomerium-unified/core';
import { describe, expect, it } from 'vitest';
import { createKeyPairFixture, pemBody } from './conformance-certificates.js';
import type { ConformanceSuite } from './conformance-suite.js';
import { trackResources } from './conformance-tracking.js';

/** A client over the backend under test whose log lines and hook events are all recorded as text. */
function recordingClient(suite: ConformanceSuite): { client: PomeriumClient; records: string[] } {
  const records: string[] = [];
  const record = (level: string) => (object: Record<string, unknown>, message?: string) => {
    records.push(`${level} ${inspect(object, { depth: 10, showHidden: true })} ${message ?? ''}`);
  };
  const logger: PomeriumLogger = {
    debug: record('debug'),
    info: record('info'),
    warn: record('warn'),
    error: record('error'),
    trace: record('trace'),
  };
  const hook = (name: string) => (event: unknown) => {
    records.push(`${name} ${inspect(event, { depth: 10, showHidden: true })}`);
  };
  const client = createPomeriumClient({
    backend: suite.context().backend,
    logger,
    hooks: { onRequest: hook('request'), onResponse: hook('response'), onRetry: hook('retry') },
  });
  return { client, records };
}

/** Every rendering of an error a program might print or ship. */
function renderError(error: unknown): string {
  if (!PomeriumError.isInstance(error)) return `not a PomeriumError: ${inspect(error, { depth: 10 })}`;
  const cause = error.cause;
  return [
    error.message,
    error.stack ?? '',
    JSON.stringify(error),
    inspect(error, { depth: 10, showHidden: true }),
    cause === undefined ? '' : inspect(cause, { depth: 10, showHidden: true }),
  ].join('\n');
}

async function errorOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => new Error('expected the call to fail'),
    (error: unknown) => error,
  );
}

/**
 * Registers the secret rules: a canary private key, service-account token and
 * route client secret appear in no error, log line, hook event or inspect
 * output, and are `[REDACTED]` in JSON. Parts are gated on the capabilities.
 */
export function registerSecretConformance(suite: ConformanceSuite): void {
  describe('secrets', () => {
    const track = trackResources(suite);

    it('never shows a canary private key, service-account token or route client secret', async () => {
      const capabilities = suite.capabilities();
      const { namespaceId, uniqueName, uniqueFrom } = suite.context();
      const { client, records } = recordingClient(suite);
      const canaries: string[] = [];
      const renderings: string[] = [];
      const missingNamespace = `missing-${randomBytes(6).toString('hex')}`;

      const routeSecret = `canary-route-secret-${randomBytes(12).toString('hex')}`;
      canaries.push(routeSecret);
      Secret.of(routeSecret);
      renderings.push(
        renderError(
          await errorOf(
            client.routes.create({
              namespaceId: missingNamespace,
              name: uniqueName('secret-route'),
              from: uniqueFrom('secret-route'),
              to: ['http://upstream.internal'],
              identityProviderClientSecret: routeSecret,
            }),
          ),
        ),
      );

      const route = await suite.context().createRoute({
        identityProviderClientId: 'conformance-client',
        identityProviderClientSecret: routeSecret,
        kubernetesServiceAccountToken: Secret.of(routeSecret),
      });
      const readRoute = await client.routes.get(route.id);
      for (const value of [route.identityProviderClientSecret, readRoute.identityProviderClientSecret]) {
        if (value !== undefined) expect(Secret.isSecret(value)).toBe(true);
      }
      renderings.push(
        inspect([route, readRoute], { depth: 10, showHidden: true }),
        JSON.stringify([route, readRoute]),
        `${readRoute.identityProviderClientSecret}`,
      );
      renderings.push(
        renderError(
          await errorOf(client.routes.update(`${route.id}-missing`, { identityProviderClientSecret: routeSecret })),
        ),
      );

      if (capabilities.keyPairs) {
        const fixture = await createKeyPairFixture(`${uniqueName('canary')}.example.com`);
        canaries.push(pemBody(fixture.privateKey));
        const keyPair = await client.keyPairs.create({
          namespaceId,
          certificate: fixture.certificate,
          privateKey: fixture.privateKey,
        });
        track.keyPair(keyPair.id);
        renderings.push(inspect(keyPair, { depth: 10, showHidden: true }), JSON.stringify(keyPair));
        renderings.push(
          renderError(
            await errorOf(
              client.keyPairs.create({
                namespaceId: missingNamespace,
                certificate: fixture.certificate,
                privateKey: fixture.privateKey,
              }),
            ),
          ),
          renderError(
            await errorOf(client.keyPairs.update(`${keyPair.id}-missing`, { privateKey: fixture.privateKey })),
          ),
        );
        const other = await createKeyPairFixture(`${uniqueName('other')}.example.com`);
        renderings.push(
          renderError(
            await errorOf(
              client.keyPairs.create({ namespaceId, certificate: other.certificate, privateKey: fixture.privateKey }),
            ),
          ),
        );
      }

      if (capabilities.serviceAccounts) {
        const issued = await client.serviceAccounts.create({ userId: uniqueName('canary-sa'), namespaceId });
        track.serviceAccount(issued.serviceAccount.id);
        const token = issued.token?.reveal() as string;
        canaries.push(token);
        renderings.push(inspect(issued, { depth: 10, showHidden: true }), JSON.stringify(issued), String(issued.token));
        if (capabilities.serviceAccountTokenRead) {
          const read = await client.serviceAccounts.getToken(issued.serviceAccount.id);
          renderings.push(inspect(read), JSON.stringify({ read }));
        }
        // A server echoing the token (here: the caller passing it as a namespace) still shows none of it.
        renderings.push(
          renderError(
            await errorOf(
              client.serviceAccounts.create({ userId: uniqueName('echo'), namespaceId: token.slice(0, 200) }),
            ),
          ),
          renderError(await errorOf(client.serviceAccounts.get(token.slice(0, 200)))),
        );
      }

      const everything = [...renderings, ...records].join('\n');
      expect(records.length).toBeGreaterThan(0);
      for (const canary of canaries) {
        expect(canary.length).toBeGreaterThan(8);
        expect(everything.includes(canary), 'a canary secret leaked').toBe(false);
      }
    });
  });
}
