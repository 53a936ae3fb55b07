import { type RouteCreateInput, routeBooleanSettingsDefaultingToFalse, Secret } from '@pomerium-unified/core';
import { describe, expect, it } from 'vitest';
import { expectCode, fullRouteSettings, httpHealthCheck } from './conformance-helpers.js';
import type { ConformanceSuite } from './conformance-suite.js';

/** Registers the conformance tests of routes: CRUD, every shared setting, paging, search, concurrency and validation. */
export function registerRouteConformance(suite: ConformanceSuite): void {
  describe('routes', () => {
    it('creates a route with defaults and returns it as stored', async () => {
      const route = await suite.context().createRoute();
      expect(route.id).toMatch(/\S/);
      expect(route).toMatchObject({
        namespaceId: suite.context().namespaceId,
        name: suite.context().uniqueName('route'),
        from: suite.context().uniqueFrom('route'),
        to: ['http://upstream.internal:8080'],
        policyIds: [],
      });
      expect(Array.isArray(route.enforcedPolicyIds)).toBe(true);
    });

    it('reads the booleans Pomerium turns off by default as false when never set', async () => {
      const route = await suite.context().createRoute();
      const read = await suite.context().client.routes.get(route.id);
      for (const key of routeBooleanSettingsDefaultingToFalse) {
        expect(route[key], `created ${key}`).toBe(false);
        expect(read[key], `read ${key}`).toBe(false);
      }
      const cleared = await suite.context().client.routes.update(
        (
          await suite.context().createRoute({
            name: suite.context().uniqueName('on'),
            from: suite.context().uniqueFrom('on'),
            tlsSkipVerify: true,
          })
        ).id,
        { tlsSkipVerify: null },
      );
      expect(cleared.tlsSkipVerify).toBe(false);
    });

    it('stores every shared route setting unchanged', async () => {
      const route = await suite.context().createRoute(fullRouteSettings);
      const read = await suite.context().client.routes.get(route.id);
      for (const [key, value] of Object.entries(fullRouteSettings)) {
        expect(read[key as keyof typeof read], `setting ${key}`).toEqual(value);
      }
    });

    it('normalises durations to seconds', async () => {
      const route = await suite.context().createRoute({ timeout: '1m30s', idleTimeout: '1500ms' });
      expect(route).toMatchObject({ timeout: '90s', idleTimeout: '1.5s' });
      expect(await suite.context().client.routes.get(route.id)).toMatchObject({ timeout: '90s', idleTimeout: '1.5s' });
    });

    it('stores a redirect route without upstreams', async () => {
      const redirect = {
        hostRedirect: 'new.example.com',
        httpsRedirect: true,
        responseCode: 308 as const,
        stripQuery: true,
      };
      const route = await suite.context().createRoute({ to: [], redirect });
      const read = await suite.context().client.routes.get(route.id);
      expect(read.to).toEqual([]);
      expect(read.redirect).toEqual(redirect);
    });

    it('stores a direct response route', async () => {
      const route = await suite.context().createRoute({ to: [], response: { status: 418, body: "I'm a teapot" } });
      expect((await suite.context().client.routes.get(route.id)).response).toEqual({
        status: 418,
        body: "I'm a teapot",
      });
    });

    it('updates one field and keeps every other', async () => {
      const route = await suite.context().createRoute(fullRouteSettings);
      const updated = await suite.context().client.routes.update(route.id, { allowWebsockets: false });
      expect(updated.allowWebsockets).toBe(false);
      const read = await suite.context().client.routes.get(route.id);
      for (const [key, value] of Object.entries(fullRouteSettings)) {
        if (key === 'allowWebsockets') continue;
        expect(read[key as keyof typeof read], `setting ${key}`).toEqual(value);
      }
      expect(read).toMatchObject({ name: route.name, from: route.from, to: route.to });
    });

    it('clears a setting when the patch sets it to null', async () => {
      const route = await suite.context().createRoute({ prefixRewrite: '/v2', passIdentityHeaders: true });
      const updated = await suite.context().client.routes.update(route.id, { prefixRewrite: null });
      expect(updated.prefixRewrite).toBeUndefined();
      const read = await suite.context().client.routes.get(route.id);
      expect(read.prefixRewrite).toBeUndefined();
      expect(read.passIdentityHeaders).toBe(true);
    });

    it('changes name, from and to', async () => {
      const route = await suite.context().createRoute();
      const updated = await suite.context().client.routes.update(route.id, {
        name: suite.context().uniqueName('renamed'),
        from: suite.context().uniqueFrom('renamed'),
        to: ['https://a.internal', 'https://b.internal'],
      });
      expect(updated).toMatchObject({
        name: suite.context().uniqueName('renamed'),
        from: suite.context().uniqueFrom('renamed'),
        to: ['https://a.internal', 'https://b.internal'],
      });
    });

    it('deletes a route, then reports not_found', async () => {
      const route = await suite.context().createRoute();
      await suite.context().client.routes.delete(route.id);
      await expectCode(suite.context().client.routes.get(route.id), 'not_found');
      await expectCode(suite.context().client.routes.update(route.id, { name: 'again' }), 'not_found');
      await expectCode(suite.context().client.routes.delete(route.id), 'not_found');
    });

    it('reports not_found for an unknown route id', async () => {
      await expectCode(suite.context().client.routes.get('does-not-exist-0000'), 'not_found');
      await expectCode(suite.context().client.routes.delete('does-not-exist-0000'), 'not_found');
    });

    it('pages over more than one page without loss or duplicates', async () => {
      const created = [];
      for (let index = 0; index < 5; index++) {
        created.push(
          await suite.context().createRoute({
            name: suite.context().uniqueName(`r${index}`),
            from: suite.context().uniqueFrom(`r${index}`),
          }),
        );
      }
      const listed = await suite
        .context()
        .smallPageClient.routes.list({ namespaceId: suite.context().namespaceId, query: suite.context().prefix })
        .toArray();
      expect(listed.map((route) => route.id).sort()).toEqual(created.map((route) => route.id).sort());
    });

    it('filters routes by a query on from', async () => {
      const wanted = await suite
        .context()
        .createRoute({ name: 'plain name', from: suite.context().uniqueFrom('needle') });
      await suite
        .context()
        .createRoute({ name: suite.context().uniqueName('other'), from: suite.context().uniqueFrom('other') });
      const listed = await suite
        .context()
        .client.routes.list({ namespaceId: suite.context().namespaceId, query: `${suite.context().prefix}-needle` })
        .toArray();
      expect(listed.map((route) => route.id)).toEqual([wanted.id]);
    });

    it('finds a route by exact name', async () => {
      const wanted = await suite.context().createRoute({ name: suite.context().uniqueName('find-me') });
      const found = await suite.context().client.routes.findByName({
        namespaceId: suite.context().namespaceId,
        name: suite.context().uniqueName('find-me'),
      });
      expect(found?.id).toBe(wanted.id);
    });

    it('round-trips unicode names', async () => {
      const name = suite.context().uniqueName('Ruta ✓ 日本語 🚀');
      const route = await suite.context().createRoute({ name });
      expect((await suite.context().client.routes.get(route.id)).name).toBe(name);
    });

    it('handles 50 concurrent creates', async () => {
      const routes = await Promise.all(
        Array.from({ length: 50 }, (_, index) =>
          suite.context().createRoute({
            name: suite.context().uniqueName(`c${index}`),
            from: suite.context().uniqueFrom(`c${index}`),
          }),
        ),
      );
      expect(new Set(routes.map((route) => route.id)).size).toBe(50);
      const listed = await suite
        .context()
        .client.routes.list({ namespaceId: suite.context().namespaceId, query: suite.context().prefix })
        .toArray();
      expect(listed).toHaveLength(50);
    });

    it('rejects a `to` that is not a URL before any call, naming the field', async () => {
      const error = await expectCode(
        suite.context().client.routes.create({
          namespaceId: suite.context().namespaceId,
          name: suite.context().uniqueName('bad'),
          from: suite.context().uniqueFrom('bad'),
          to: ['not a url'],
        }),
        'invalid_argument',
      );
      expect(error.field).toBe('to[0]');
      expect(suite.context().calls.count).toBe(0);
    });

    it('rejects a bad from, empty name, bad duration and wrong types before any call', async () => {
      const base = {
        namespaceId: suite.context().namespaceId,
        name: suite.context().uniqueName('bad'),
        from: suite.context().uniqueFrom('b'),
      };
      expect(
        (await expectCode(suite.context().client.routes.create({ ...base, from: 'app' }), 'invalid_argument')).field,
      ).toBe('from');
      expect(
        (await expectCode(suite.context().client.routes.create({ ...base, name: '' }), 'invalid_argument')).field,
      ).toBe('name');
      expect(
        (await expectCode(suite.context().client.routes.create({ ...base, timeout: 'forever' }), 'invalid_argument'))
          .field,
      ).toBe('timeout');
      await expectCode(
        suite.context().client.routes.create({ ...base, allowWebsockets: 'yes' } as never),
        'invalid_argument',
      );
      await expectCode(suite.context().client.routes.update('some-id', { from: 'nope' }), 'invalid_argument');
      expect(suite.context().calls.count).toBe(0);
    });

    it('returns route secret settings as Secrets holding the written value', async () => {
      const secret = `route-secret-${suite.context().prefix}`;
      const route = await suite.context().createRoute({
        identityProviderClientId: 'conformance-client',
        identityProviderClientSecret: secret,
        kubernetesServiceAccountToken: Secret.of(`${secret}-k8s`),
      });
      const read = await suite.context().client.routes.get(route.id);
      for (const [value, expected] of [
        [read.identityProviderClientSecret, secret],
        [read.kubernetesServiceAccountToken, `${secret}-k8s`],
      ] as const) {
        // A backend may mask or omit a secret on read; one it returns must be the written value, wrapped.
        if (value === undefined || value.masked) continue;
        expect(Secret.isSecret(value)).toBe(true);
        expect(value.reveal()).toBe(expected);
      }
      expect(JSON.stringify(read)).not.toContain(secret);
    });

    it('never echoes a secret in a validation error', async () => {
      const secret = 'super-secret-value-1234567890';
      const error = await expectCode(
        suite.context().client.routes.create({
          namespaceId: suite.context().namespaceId,
          name: suite.context().uniqueName('secret'),
          from: 'not-a-url',
          identityProviderClientSecret: secret,
          kubernetesServiceAccountToken: secret,
        }),
        'invalid_argument',
      );
      expect(error.message).not.toContain(secret);
      expect(JSON.stringify(error)).not.toContain(secret);
    });

    it('stores several health checks', async (test) => {
      if (!suite.capabilities().multipleHealthChecks)
        return test.skip('the backend declares multipleHealthChecks: false');
      const healthChecks = [
        httpHealthCheck,
        { type: 'tcp', timeout: '1s', interval: '5s', healthyThreshold: 1, unhealthyThreshold: 1, send: '0a0b' },
      ] satisfies RouteCreateInput['healthChecks'];
      const route = await suite.context().createRoute({ healthChecks });
      expect((await suite.context().client.routes.get(route.id)).healthChecks).toEqual(healthChecks);
    });

    it('rejects more than one health check with invalid_argument', async (test) => {
      if (suite.capabilities().multipleHealthChecks)
        return test.skip('the backend declares multipleHealthChecks: true');
      const check = httpHealthCheck;
      const error = await expectCode(suite.context().createRoute({ healthChecks: [check, check] }), 'invalid_argument');
      expect(error.field).toBe('healthChecks');
    });
  });
}
