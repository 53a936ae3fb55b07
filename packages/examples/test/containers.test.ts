// The fake consoles in containers. This machine class has no container engine, so the
// suite asks testcontainers first and reports itself skipped (with the reason) when none answers.
import { createPomeriumClient } from '@pomerium-unified/core';
import { createEnterpriseBackend } from '@pomerium-unified/enterprise-adapter';
import { probeContainerRuntime, startFakeEnterpriseContainer, startFakeZeroContainer } from '@pomerium-unified/testkit';
import { createZeroBackend } from '@pomerium-unified/zero-adapter';
import { describe, expect, it } from 'vitest';

const runtime = await probeContainerRuntime();
// One line saying why the tier is skipped (vitest alone only counts skipped tests).
if (!runtime.available) console.info(`container tier skipped: ${runtime.reason}`);

describe('container runtime probe', () => {
  it('answers available, or unavailable with a reason', () => {
    expect(runtime).toEqual(
      runtime.available === true ? { available: true } : { available: false, reason: expect.stringMatching(/\S/) },
    );
  });
});

describe.skipIf(!runtime.available)(
  `fake consoles in containers${runtime.available ? '' : ` (skipped: ${runtime.reason})`}`,
  () => {
    it('serves the Zero REST API from a container', { timeout: 600_000 }, async () => {
      const zero = await startFakeZeroContainer();
      try {
        const client = createPomeriumClient({
          backend: createZeroBackend({ apiUrl: zero.url, apiUserToken: zero.apiUserToken }),
        });
        const namespaces = await client.namespaces.list().toArray();
        expect(namespaces.some((namespace) => namespace.kind === 'cluster')).toBe(true);
      } finally {
        await zero.stop();
      }
    });

    it('serves the Enterprise gRPC API over TLS from a container', { timeout: 600_000 }, async () => {
      const enterprise = await startFakeEnterpriseContainer();
      try {
        const client = createPomeriumClient({
          backend: createEnterpriseBackend({
            url: enterprise.url,
            serviceAccountToken: enterprise.serviceAccountToken,
            tls: { ca: enterprise.ca },
          }),
        });
        const namespace = await client.namespaces.create({ name: 'from a container' });
        expect((await client.namespaces.get(namespace.id)).name).toBe('from a container');
        await client.close();
      } finally {
        await enterprise.stop();
      }
    });
  },
);
