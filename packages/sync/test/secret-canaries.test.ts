import { randomBytes } from 'node:crypto';
import { inspect } from 'node:util';
import {
  createMemoryBackend,
  createPomeriumClient,
  type PomeriumBackend,
  type PomeriumClient,
  type PomeriumClientOptions,
  PomeriumError,
  type PomeriumHooks,
  type PomeriumLogger,
  type Route,
  Secret,
} from '@pomerium-unified/core';
import { createEnterpriseBackend } from '@pomerium-unified/enterprise-adapter';
import { startEnterpriseFixture, startZeroFixture } from '@pomerium-unified/testkit';
import { createKeyPairFixture, pemBody } from '@pomerium-unified/testkit/vitest';
import { createZeroBackend } from '@pomerium-unified/zero-adapter';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { exportConfig, migrate, planSync, secretMarker, stringifyConfig } from '../src/index.js';

// Issue 10, "Done when" 3: a canary private key, a canary service-account token and canary route client secrets
// are found in no error (message, cause, toJSON, inspect), no log line (a logger recording every level, hooks,
// POMERIUM_UNIFIED_DEBUG), no export made without `includeSecrets` (document, YAML, JSON) and no inspect output,
// on memory and on the fake Zero and Enterprise consoles, even when the server echoes a secret in an error.

/** Everything a program could print or ship, collected as text. */
class Transcript {
  readonly lines: string[] = [];

  add(...texts: string[]): void {
    this.lines.push(...texts);
  }

  /** Every rendering of a value: inspect (hidden properties too), JSON and String. */
  value(value: unknown): void {
    this.add(inspect(value, { depth: 20, showHidden: true }), JSON.stringify(value) ?? '', String(value));
  }

  /** Every rendering of an error: message, stack, JSON, inspect, and its cause inspected. */
  error(error: unknown): void {
    expect(PomeriumError.isInstance(error), `a PomeriumError, not ${inspect(error)}`).toBe(true);
    const failure = error as PomeriumError;
    this.add(failure.message, failure.stack ?? '', JSON.stringify(failure), String(failure.field ?? ''));
    this.value(failure);
    if (failure.cause !== undefined) this.value(failure.cause);
  }

  /** An error, or whatever a call that was expected to fail returned. */
  outcome(value: unknown): void {
    if (PomeriumError.isInstance(value)) this.error(value);
    else this.value(value);
  }

  text(): string {
    return this.lines.join('\n');
  }
}

/** Logger and hooks that record every line and event (every level, the wire layer included). */
function recordingObservers(transcript: Transcript): Pick<PomeriumClientOptions, 'logger' | 'hooks'> {
  const level =
    (name: string) =>
    (object: Record<string, unknown>, message?: string): void => {
      transcript.add(`${name} ${message ?? ''} ${inspect(object, { depth: 20 })} ${JSON.stringify(object)}`);
    };
  const logger: PomeriumLogger = {
    trace: level('trace'),
    debug: level('debug'),
    info: level('info'),
    warn: level('warn'),
    error: level('error'),
  };
  const hook = (name: string) => (event: unknown) => {
    transcript.add(`${name} ${inspect(event, { depth: 20 })} ${JSON.stringify(event)}`);
  };
  const hooks: PomeriumHooks = { onRequest: hook('request'), onResponse: hook('response'), onRetry: hook('retry') };
  return { logger, hooks };
}

async function failureOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => new Error('expected the call to fail'),
    (error: unknown) => error,
  );
}

/** One backend under test: a recording client, a namespace to write in, and a way to make another client. */
interface Deployment {
  client: PomeriumClient;
  backend: PomeriumBackend;
  namespaceId: string;
  /** A second client over the same backend (e.g. one whose logger comes from POMERIUM_UNIFIED_DEBUG). */
  clientWith(options: Omit<PomeriumClientOptions, 'backend'>): PomeriumClient;
  close(): Promise<void>;
}

type Start = (transcript: Transcript) => Promise<Deployment>;

const deployments: Record<string, Start> = {
  memory: async (transcript) => {
    const backend = createMemoryBackend();
    const client = createPomeriumClient({ backend, ...recordingObservers(transcript) });
    const root = (await client.namespaces.list().toArray()).find((namespace) => namespace.kind === 'root')!;
    const namespace = await client.namespaces.create({ name: 'canaries', parentId: root.id });
    return {
      client,
      backend,
      namespaceId: namespace.id,
      clientWith: (options) => createPomeriumClient({ ...options, backend }),
      close: () => client.close(),
    };
  },
  zero: async (transcript) => {
    const fixture = await startZeroFixture({
      createBackend: createZeroBackend,
      namespaceName: 'canaries',
      client: recordingObservers(transcript),
    });
    return {
      client: fixture.client,
      backend: fixture.backend,
      namespaceId: fixture.namespace.id,
      clientWith: (options) => createPomeriumClient({ ...options, backend: fixture.backend }),
      close: () => fixture.close(),
    };
  },
  enterprise: async (transcript) => {
    const fixture = await startEnterpriseFixture({
      createBackend: createEnterpriseBackend,
      namespaceName: 'canaries',
      client: recordingObservers(transcript),
    });
    return {
      client: fixture.client,
      backend: fixture.backend,
      namespaceId: fixture.namespace.id,
      clientWith: (options) => createPomeriumClient({ ...options, backend: fixture.backend }),
      close: () => fixture.close(),
    };
  },
};

const canary = (what: string) => `canary-${what}-${randomBytes(12).toString('hex')}`;

/** The route secret settings of a read route, revealed (for the positive checks only). */
function routeSecretsOf(route: Route): (string | undefined)[] {
  const oauth2 = route.mcp && 'server' in route.mcp ? route.mcp.server.upstreamOAuth2 : undefined;
  return [
    route.identityProviderClientSecret?.reveal(),
    route.kubernetesServiceAccountToken?.reveal(),
    oauth2?.clientSecret.reveal(),
  ];
}

describe.each(Object.keys(deployments))('secret canaries on %s', (name) => {
  let deployment: Deployment | undefined;
  afterEach(async () => {
    vi.unstubAllEnvs();
    vi.restoreAllMocks();
    await deployment?.close();
    deployment = undefined;
  });

  it('appear in no error, log line, hook event, export without includeSecrets or inspect output', async () => {
    const transcript = new Transcript();
    deployment = await deployments[name]!(transcript);
    const { client, namespaceId } = deployment;
    expect(client.capabilities.keyPairs, 'the backend has key pairs').toBe(true);
    expect(client.capabilities.serviceAccounts, 'the backend has service accounts').toBe(true);

    // Route client secrets: written as strings and as Secrets, read back as Secrets, rotated.
    const idpSecret = canary('idp-client-secret');
    const k8sToken = canary('k8s-token');
    const oauthSecret = canary('mcp-oauth-secret');
    const rotated = canary('rotated-idp-secret');
    const canaries = [idpSecret, k8sToken, oauthSecret, rotated];
    const route = await client.routes.create({
      namespaceId,
      name: 'canary-route',
      from: 'https://canary.example.com',
      to: ['http://canary.internal:8080'],
      identityProviderClientId: 'canary-client',
      identityProviderClientSecret: idpSecret,
      kubernetesServiceAccountToken: Secret.of(k8sToken),
      mcp: { server: { upstreamOAuth2: { clientId: 'canary-client', clientSecret: oauthSecret } } },
    });
    expect(routeSecretsOf(route)).toEqual([idpSecret, k8sToken, oauthSecret]);
    const read = await client.routes.get(route.id);
    expect(routeSecretsOf(read)).toEqual([idpSecret, k8sToken, oauthSecret]);
    const listed = await client.routes.list({ namespaceId }).toArray();
    const updated = await client.routes.update(route.id, { identityProviderClientSecret: rotated });
    expect(updated.identityProviderClientSecret?.reveal()).toBe(rotated);
    expect(updated.kubernetesServiceAccountToken?.reveal()).toBe(k8sToken);
    transcript.value([route, read, listed, updated]);

    // Errors, including servers echoing the secret: the canary is also a policy id that does not exist.
    const echoed = await failureOf(
      client.routes.create({
        namespaceId,
        name: 'echoing-route',
        from: 'https://echo.example.com',
        to: ['http://echo.internal'],
        policyIds: [idpSecret],
        identityProviderClientSecret: idpSecret,
      }),
    );
    // The answer quoted the unknown policy id (the secret), redacted.
    expect((echoed as PomeriumError).message).toMatch(/\[REDACTED\]/);
    transcript.error(echoed);
    transcript.error(
      await failureOf(
        client.routes.update(route.id, { policyIds: [k8sToken], kubernetesServiceAccountToken: k8sToken }),
      ),
    );
    transcript.error(
      await failureOf(client.routes.update(`${route.id}-missing`, { identityProviderClientSecret: oauthSecret })),
    );
    transcript.error(
      await failureOf(
        client.routes.create({
          namespaceId: `missing-${randomBytes(6).toString('hex')}`,
          name: 'nowhere',
          from: 'https://nowhere.example.com',
          to: [],
          identityProviderClientSecret: idpSecret,
        }),
      ),
    );
    // Refused by validation before any network call.
    transcript.error(
      await failureOf(
        client.routes.create({
          namespaceId,
          name: 'invalid',
          from: idpSecret,
          to: [],
          kubernetesServiceAccountToken: k8sToken,
        }),
      ),
    );

    // A canary private key: write-only, never shown.
    const keyFixture = await createKeyPairFixture('canary-key.example.com');
    const privateKey = pemBody(keyFixture.privateKey);
    canaries.push(privateKey);
    const keyPair = await client.keyPairs.create({
      namespaceId,
      certificate: keyFixture.certificate,
      privateKey: keyFixture.privateKey,
    });
    transcript.value(keyPair);
    const other = await createKeyPairFixture('other-key.example.com');
    transcript.error(
      await failureOf(
        client.keyPairs.create({ namespaceId, certificate: other.certificate, privateKey: keyFixture.privateKey }),
      ),
    );
    transcript.error(
      await failureOf(client.keyPairs.update(`${keyPair.id}-missing`, { privateKey: keyFixture.privateKey })),
    );
    transcript.error(
      await failureOf(
        client.keyPairs.create({
          namespaceId: `missing-${randomBytes(6).toString('hex')}`,
          certificate: keyFixture.certificate,
          privateKey: Secret.of(keyFixture.privateKey),
        }),
      ),
    );

    // A canary service-account token: issued on create, read back where the wire allows.
    const issued = await client.serviceAccounts.create({ userId: canary('account'), namespaceId });
    const token = issued.token?.reveal() as string;
    expect(token.length).toBeGreaterThan(16);
    canaries.push(token);
    transcript.value(issued);
    if (client.capabilities.serviceAccountTokenRead) {
      const again = await client.serviceAccounts.getToken(issued.serviceAccount.id);
      transcript.value(again);
    }
    // The server may echo the token: it is the namespace (or id) the caller asks for. Zero's service accounts do
    // not check the namespace, so whatever comes back is rendered.
    transcript.outcome(
      await failureOf(client.serviceAccounts.create({ userId: canary('echo'), namespaceId: token.slice(0, 200) })),
    );
    transcript.error(await failureOf(client.serviceAccounts.get(token.slice(0, 200))));

    // POMERIUM_UNIFIED_DEBUG: a client without a logger writes JSON lines to stderr.
    vi.stubEnv('POMERIUM_UNIFIED_DEBUG', '1');
    const stderr: string[] = [];
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      stderr.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString());
      return true;
    });
    const debugClient = deployment.clientWith({});
    const debugRoute = await debugClient.routes.create({
      namespaceId,
      name: 'debug-route',
      from: 'https://debug.example.com',
      to: ['http://debug.internal'],
      identityProviderClientSecret: oauthSecret,
    });
    await debugClient.routes.update(debugRoute.id, { kubernetesServiceAccountToken: k8sToken });
    transcript.error(await failureOf(debugClient.routes.update(debugRoute.id, { policyIds: [oauthSecret] })));
    await debugClient.keyPairs.list({ namespaceId }).toArray();
    vi.restoreAllMocks();
    vi.unstubAllEnvs();
    expect(stderr.join('').includes('pomerium-unified'), 'the debug logger wrote lines').toBe(true);
    transcript.add(...stderr);
    transcript.value(debugClient);
    transcript.value(client);

    // Exports without includeSecrets: the marker instead of each route secret, in the document, YAML and JSON.
    const exported = await exportConfig(client);
    const exportedRoute = exported.routes.find((entry) => entry.name === 'canary-route')!;
    expect(exportedRoute.identityProviderClientSecret).toBe(secretMarker);
    expect(exportedRoute.kubernetesServiceAccountToken).toBe(secretMarker);
    expect(exportedRoute.mcp).toMatchObject({ server: { upstreamOAuth2: { clientSecret: secretMarker } } });
    transcript.value(exported);
    transcript.add(stringifyConfig(exported), stringifyConfig(exported, { format: 'json' }));
    // The exported document planned against its source changes nothing (the marker means "keep it").
    const plan = await planSync({ desired: exported, target: client });
    expect(plan.changes.filter((change) => change.key.endsWith('canary-route'))).toEqual([]);
    transcript.value(plan);

    // A migration carries the secrets (explicitly: it must write them), yet its result and progress events inspect
    // without them.
    const target = createPomeriumClient({ backend: createMemoryBackend() });
    const migrated = await migrate({
      from: client,
      to: target,
      onProgress: (event) => transcript.add(inspect(event, { depth: 20 })),
    });
    expect(migrated.result.failed).toEqual([]);
    transcript.add(inspect(migrated, { depth: 20, showHidden: true }), String(migrated));
    const copied = (await target.routes.list().toArray()).find((item) => item.name === 'canary-route');
    expect(routeSecretsOf(copied!)).toEqual([rotated, k8sToken, oauthSecret]);

    const everything = transcript.text();
    expect(transcript.lines.some((line) => line.startsWith('debug ') || line.startsWith('trace '))).toBe(true);
    expect(everything).toContain('[REDACTED]');
    for (const secret of canaries) {
      expect(secret.length).toBeGreaterThan(16);
      expect(everything.includes(secret), `canary ${secret.slice(0, 24)}… leaked`).toBe(false);
    }

    // With the explicit opt-in the document holds the current plain values (so the checks above can fail).
    const withSecrets = await exportConfig(client, { includeSecrets: true });
    const plainRoute = withSecrets.routes.find((entry) => entry.name === 'canary-route')!;
    expect([
      plainRoute.identityProviderClientSecret,
      plainRoute.kubernetesServiceAccountToken,
      plainRoute.mcp && 'server' in plainRoute.mcp ? plainRoute.mcp.server.upstreamOAuth2?.clientSecret : undefined,
    ]).toEqual([rotated, k8sToken, oauthSecret]);
    expect(stringifyConfig(withSecrets)).toContain(rotated);
  });
});
