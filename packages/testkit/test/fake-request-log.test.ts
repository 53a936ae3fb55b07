import { createClient } from '@connectrpc/connect';
import { createGrpcTransport } from '@connectrpc/connect-node';
import { NamespaceService } from '@pomerium-unified/enterprise-protos';
import { describe, expect, it } from 'vitest';
import { defaultRequestLogLimit, startFakeEnterpriseConsole, startFakeZeroConsole } from '../src/index.js';

describe('request logs of the fake consoles', () => {
  it('Zero keeps the last requestLogLimit requests and counts them all', async () => {
    const fake = await startFakeZeroConsole({ requestLogLimit: 3 });
    try {
      for (let index = 0; index < 5; index++) await fetch(`${fake.url}/api/v0/organizations?call=${index}`);
      expect(fake.stats.log.map((entry) => entry.searchParams.get('call'))).toEqual(['2', '3', '4']);
      expect(fake.stats.requests['GET /organizations']).toBe(5);
    } finally {
      await fake.close();
    }
  });

  it('Enterprise keeps the last requestLogLimit calls; 0 keeps none', async () => {
    for (const [limit, expected] of [
      [2, 2],
      [0, 0],
    ] as const) {
      const fake = await startFakeEnterpriseConsole({ tls: false, requestLogLimit: limit });
      try {
        const namespaces = createClient(NamespaceService, createGrpcTransport({ baseUrl: fake.url }));
        const headers = { authorization: `Pomerium ${fake.serviceAccountToken}` };
        for (let index = 0; index < 4; index++) await namespaces.listNamespaces({}, { headers });
        expect(fake.state.requests).toHaveLength(expected);
      } finally {
        await fake.close();
      }
    }
  });

  it('is bounded by default', () => {
    expect(defaultRequestLogLimit).toBe(10_000);
  });
});
