import {
  type BackendCapabilities,
  PomeriumError,
  type PomeriumErrorCode,
  pplEquals,
  type RouteCreateInput,
  type RouteHealthCheck,
  routeBooleanSettingsDefaultingToFalse,
} from '@pomerium-unified/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { registerBadInputProperties } from './bad-input-properties.js';
import {
  type ConformanceContext,
  type ConformanceTarget,
  createConformanceContext,
  samplePpl,
} from './conformance-context.js';

export type { ConformanceContext, ConformanceTarget } from './conformance-context.js';

/** Options of {@link runBackendConformance}. */
export interface BackendConformanceOptions {
  /** Name shown in the test report, e.g. `zero` or `enterprise`. */
  name: string;
  /** Creates a fresh backend for each test (servers are usually started once, outside). */
  createBackend: () => ConformanceTarget | Promise<ConformanceTarget>;
  /** The capabilities the backend must declare; checked against `backend.capabilities`. */
  capabilities?: Partial<BackendCapabilities>;
  /** Registers backend-specific tests that run with the same per-test context. */
  additionalTests?: (getContext: () => ConformanceContext) => void;
}

async function expectCode(promise: Promise<unknown>, code: PomeriumErrorCode): Promise<PomeriumError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error, `expected a PomeriumError with code ${code}`).toBeDefined();
  expect(PomeriumError.isInstance(error), `expected a PomeriumError, got ${String(error)}`).toBe(true);
  expect((error as PomeriumError).code).toBe(code);
  return error as PomeriumError;
}

const httpHealthCheck = {
  type: 'http',
  timeout: '5s',
  interval: '10s',
  healthyThreshold: 2,
  unhealthyThreshold: 3,
  path: '/healthz',
  expectedStatuses: [{ start: 200, end: 300 }],
} satisfies RouteHealthCheck;

/** Route settings that every backend must store and return unchanged. */
const fullRouteSettings = {
  description: 'conformance route with every shared setting',
  logoUrl: 'https://logo.example.com/logo.png',
  prefix: '/app',
  regexPriorityOrder: 3,
  timeout: '30s',
  idleTimeout: '300s',
  allowWebsockets: true,
  allowSpdy: false,
  allowUpgrades: ['CONNECT-UDP'],
  tlsSkipVerify: false,
  tlsUpstreamServerName: 'upstream.internal',
  tlsDownstreamServerName: 'app.example.com',
  tlsUpstreamAllowRenegotiation: true,
  setRequestHeaders: { 'X-Conformance': 'yes', 'X-Unicode': 'ünïcødé' },
  removeRequestHeaders: ['X-Remove-Me'],
  setResponseHeaders: { 'Strict-Transport-Security': 'max-age=31536000' },
  rewriteResponseHeaders: [{ header: 'Location', value: 'https://app.example.com/', prefix: 'http://upstream/' }],
  preserveHostHeader: true,
  passIdentityHeaders: true,
  showErrorDetails: true,
  hostRewrite: 'upstream.internal',
  prefixRewrite: '/',
  regexRewritePattern: '^/old/(.*)$',
  regexRewriteSubstitution: '/new/\\1',
  enableGoogleCloudServerlessAuthentication: false,
  idpAccessTokenAllowedAudiences: ['api://conformance'],
  jwtIssuerFormat: 'uri',
  bearerTokenFormat: 'idp_access_token',
  loadBalancingPolicy: 'least_request',
  healthChecks: [httpHealthCheck],
  healthyPanicThreshold: 50,
  circuitBreakerThresholds: { maxConnections: 100, maxRetries: 5 },
  dependsOn: ['auth.example.com'],
} satisfies Partial<RouteCreateInput>;

/**
 * Registers the backend conformance suite with vitest: CRUD of every resource,
 * paging, not-found after delete, validation before any call, policy ↔ route
 * links, enforced policies, concurrency, unicode, and capability-gated
 * `unimplemented` behaviour. Every backend runs the same suite.
 *
 * @example
 * runBackendConformance({ name: 'memory', createBackend: () => ({ backend: createMemoryBackend() }) });
 */
export function runBackendConformance(options: BackendConformanceOptions): void {
  describe(`${options.name} backend conformance`, () => {
    let context: ConformanceContext;
    let capabilities: BackendCapabilities;

    beforeEach(async () => {
      const target = await options.createBackend();
      capabilities = target.backend.capabilities;
      context = await createConformanceContext(target);
    });

    afterEach(async () => {
      await context?.cleanup();
    });

    describe('contract', () => {
      it('implements specification v1 with a name', () => {
        expect(context.backend.specificationVersion).toBe('v1');
        expect(context.backend.name).toMatch(/^[a-z][a-z0-9-]*$/);
      });

      it('declares the expected capabilities', () => {
        expect(typeof capabilities.writeNamespaces).toBe('boolean');
        expect(typeof capabilities.listTotalCount).toBe('boolean');
        expect(typeof capabilities.multipleHealthChecks).toBe('boolean');
        if (options.capabilities) expect(capabilities).toMatchObject(options.capabilities);
      });
    });

    describe('namespaces', () => {
      it('lists exactly one root namespace', async () => {
        const namespaces = await context.client.namespaces.list().toArray();
        const roots = namespaces.filter((namespace) => namespace.kind === 'root');
        expect(roots).toHaveLength(1);
        expect(roots[0]?.parentId).toBeUndefined();
        expect(namespaces.some((namespace) => namespace.id === context.namespaceId)).toBe(true);
      });

      it('gets the working namespace by id', async () => {
        const namespace = await context.client.namespaces.get(context.namespaceId);
        expect(namespace.id).toBe(context.namespaceId);
        expect(namespace.name.length).toBeGreaterThan(0);
        expect(namespace.kind).not.toBe('root');
      });

      it('pages through namespaces without duplicates', async () => {
        const all = await context.client.namespaces.list().toArray();
        const paged = await context.smallPageClient.namespaces.list().toArray();
        expect(paged.map((namespace) => namespace.id).sort()).toEqual(all.map((namespace) => namespace.id).sort());
      });

      it('reports not_found for an unknown namespace id', async () => {
        await expectCode(context.client.namespaces.get('does-not-exist-0000'), 'not_found');
      });

      it('finds a namespace by name', async () => {
        const namespace = await context.client.namespaces.get(context.namespaceId);
        const found = await context.client.namespaces.findByName({ name: namespace.name });
        expect(found?.id).toBe(namespace.id);
      });

      it.runIf(options.capabilities?.writeNamespaces !== false)(
        'creates, renames and deletes a namespace',
        async () => {
          if (!capabilities.writeNamespaces) return expect.fail('backend declares writeNamespaces: false');
          const id = await context.createNamespace('child');
          const child = await context.client.namespaces.get(id);
          expect(child).toMatchObject({ name: context.uniqueName('child'), parentId: context.namespaceId });
          expect(child.kind).toBe('namespace');
          const renamed = await context.client.namespaces.update(id, { name: context.uniqueName('renamed') });
          expect(renamed).toMatchObject({ id, name: context.uniqueName('renamed'), parentId: context.namespaceId });
          await context.client.namespaces.delete(id);
          await expectCode(context.client.namespaces.get(id), 'not_found');
        },
      );

      it.runIf(options.capabilities?.writeNamespaces !== false)('lists the children of a namespace', async () => {
        const first = await context.createNamespace('first');
        const second = await context.createNamespace('second');
        const children = await context.client.namespaces.list({ parentId: context.namespaceId }).toArray();
        expect(children.map((child) => child.id).sort()).toEqual([first, second].sort());
      });

      it.runIf(options.capabilities?.writeNamespaces !== false)(
        'refuses to delete a namespace that has children',
        async () => {
          const parent = await context.createNamespace('parent');
          await context.createNamespace('grandchild', parent);
          await expectCode(context.client.namespaces.delete(parent), 'failed_precondition');
          expect((await context.client.namespaces.get(parent)).id).toBe(parent);
        },
      );

      it.runIf(options.capabilities?.writeNamespaces !== false)(
        'refuses to delete a namespace that holds routes',
        async () => {
          const holder = await context.createNamespace('holder');
          await context.createRoute({ namespaceId: holder });
          await expectCode(context.client.namespaces.delete(holder), 'failed_precondition');
        },
      );

      it.runIf(options.capabilities?.writeNamespaces !== false)('moves a namespace under another parent', async () => {
        const left = await context.createNamespace('left');
        const right = await context.createNamespace('right');
        const moved = await context.client.namespaces.update(right, { parentId: left });
        expect(moved.parentId).toBe(left);
        expect((await context.client.namespaces.get(right)).parentId).toBe(left);
      });

      it.runIf(options.capabilities?.writeNamespaces === false)(
        'answers unimplemented to namespace create, update and delete',
        async () => {
          const create = await expectCode(context.client.namespaces.create({ name: 'x' }), 'unimplemented');
          expect(create.message.length).toBeGreaterThan(20);
          await expectCode(context.client.namespaces.update(context.namespaceId, { name: 'x' }), 'unimplemented');
          await expectCode(context.client.namespaces.delete(context.namespaceId), 'unimplemented');
          expect((await context.client.namespaces.get(context.namespaceId)).id).toBe(context.namespaceId);
        },
      );

      it('rejects an empty namespace name before any call', async () => {
        const error = await expectCode(context.client.namespaces.create({ name: '' }), 'invalid_argument');
        expect(error.field).toBe('name');
        expect(context.calls.count).toBe(0);
      });
    });

    describe('policies', () => {
      it('creates a policy and returns it as stored', async () => {
        const policy = await context.createPolicy({
          description: 'desc',
          explanation: 'why',
          remediation: 'what to do',
        });
        expect(policy.id).toMatch(/\S/);
        expect(policy).toMatchObject({
          namespaceId: context.namespaceId,
          name: context.uniqueName('policy'),
          description: 'desc',
          explanation: 'why',
          remediation: 'what to do',
          enforced: false,
        });
        expect(pplEquals(policy.ppl, samplePpl)).toBe(true);
        expect(policy.routeIds).toEqual([]);
      });

      it('fills optional strings with empty strings', async () => {
        const policy = await context.createPolicy();
        expect(policy).toMatchObject({ description: '', explanation: '', remediation: '', enforced: false });
      });

      it('normalises a single PPL rule into an array', async () => {
        const rule = { allow: { or: [{ domain: { is: 'example.com' } }, { email: { is: 'a@example.com' } }] } };
        const policy = await context.createPolicy({ ppl: rule });
        expect(Array.isArray(policy.ppl)).toBe(true);
        expect(pplEquals(policy.ppl, [rule])).toBe(true);
        const read = await context.client.policies.get(policy.id);
        expect(pplEquals(read.ppl, rule)).toBe(true);
      });

      it('keeps allow and deny blocks with every operator', async () => {
        const ppl = [
          {
            allow: { and: [{ authenticated_user: true }], or: [{ groups: { has: 'admins' } }] },
            deny: { not: [{ http_method: { is: 'GET' } }], nor: [{ 'claim/department': 'sales' }] },
          },
          { allow: { or: [{ email: { ends_with: '@example.com' } }] } },
        ];
        const policy = await context.createPolicy({ ppl });
        expect(pplEquals((await context.client.policies.get(policy.id)).ppl, ppl)).toBe(true);
      });

      it('gets a policy by id', async () => {
        const created = await context.createPolicy();
        const read = await context.client.policies.get(created.id);
        expect(read).toMatchObject({ id: created.id, name: created.name, namespaceId: context.namespaceId });
        expect(pplEquals(read.ppl, created.ppl)).toBe(true);
      });

      it('updates one field and keeps the others', async () => {
        const created = await context.createPolicy({ description: 'keep me', explanation: 'keep too' });
        const updated = await context.client.policies.update(created.id, { name: context.uniqueName('renamed') });
        expect(updated).toMatchObject({
          id: created.id,
          name: context.uniqueName('renamed'),
          description: 'keep me',
          explanation: 'keep too',
          enforced: false,
        });
        expect(pplEquals(updated.ppl, samplePpl)).toBe(true);
        expect((await context.client.policies.get(created.id)).name).toBe(context.uniqueName('renamed'));
      });

      it('replaces the PPL on update', async () => {
        const created = await context.createPolicy();
        const ppl = [{ deny: { or: [{ email: { is: 'blocked@example.com' } }] } }];
        const updated = await context.client.policies.update(created.id, { ppl });
        expect(pplEquals(updated.ppl, ppl)).toBe(true);
        expect(pplEquals((await context.client.policies.get(created.id)).ppl, ppl)).toBe(true);
      });

      it('deletes a policy, then reports not_found', async () => {
        const created = await context.createPolicy();
        await context.client.policies.delete(created.id);
        await expectCode(context.client.policies.get(created.id), 'not_found');
        await expectCode(context.client.policies.update(created.id, { name: 'again' }), 'not_found');
        await expectCode(context.client.policies.delete(created.id), 'not_found');
      });

      it('reports not_found for an unknown policy id', async () => {
        await expectCode(context.client.policies.get('does-not-exist-0000'), 'not_found');
      });

      it('lists policies of a namespace', async () => {
        const first = await context.createPolicy({ name: context.uniqueName('list-a') });
        const second = await context.createPolicy({ name: context.uniqueName('list-b') });
        const listed = await context.client.policies
          .list({ namespaceId: context.namespaceId, query: context.prefix })
          .toArray();
        expect(listed.map((policy) => policy.id).sort()).toEqual([first.id, second.id].sort());
      });

      it('filters policies by a case-insensitive query on the name', async () => {
        const wanted = await context.createPolicy({ name: context.uniqueName('Needle-Policy') });
        await context.createPolicy({ name: context.uniqueName('other') });
        const listed = await context.client.policies
          .list({ namespaceId: context.namespaceId, query: `${context.prefix}-needle` })
          .toArray();
        expect(listed.map((policy) => policy.id)).toEqual([wanted.id]);
      });

      it('pages over more than one page without loss or duplicates', async () => {
        const created = [];
        for (let index = 0; index < 5; index++) {
          created.push(await context.createPolicy({ name: context.uniqueName(`page-${index}`) }));
        }
        const pages: string[][] = [];
        for await (const page of context.smallPageClient.policies
          .list({ namespaceId: context.namespaceId, query: context.prefix })
          .pages()) {
          pages.push(page.map((policy) => policy.id));
        }
        expect(pages.length).toBeGreaterThanOrEqual(3);
        expect(pages.every((page) => page.length <= 2)).toBe(true);
        expect(pages.flat().sort()).toEqual(created.map((policy) => policy.id).sort());
      });

      it('finds a policy by exact name', async () => {
        await context.createPolicy({ name: context.uniqueName('find-me-too') });
        const wanted = await context.createPolicy({ name: context.uniqueName('find-me') });
        const found = await context.client.policies.findByName({
          namespaceId: context.namespaceId,
          name: context.uniqueName('find-me'),
        });
        expect(found?.id).toBe(wanted.id);
        expect(
          await context.client.policies.findByName({
            namespaceId: context.namespaceId,
            name: context.uniqueName('no'),
          }),
        ).toBeUndefined();
      });

      it('round-trips unicode names and texts', async () => {
        const name = context.uniqueName('Política ✓ 日本語 🚀');
        const policy = await context.createPolicy({ name, description: 'Zugriff für Ärzte — 医生' });
        const read = await context.client.policies.get(policy.id);
        expect(read.name).toBe(name);
        expect(read.description).toBe('Zugriff für Ärzte — 医生');
      });

      it('rejects an empty name before any call', async () => {
        const error = await expectCode(
          context.client.policies.create({ namespaceId: context.namespaceId, name: '  ', ppl: samplePpl }),
          'invalid_argument',
        );
        expect(error.field).toBe('name');
        expect(context.calls.count).toBe(0);
      });

      it('rejects malformed PPL before any call, naming the field', async () => {
        const error = await expectCode(
          context.client.policies.create({
            namespaceId: context.namespaceId,
            name: context.uniqueName('bad-ppl'),
            ppl: [{ allow: { xor: [] } }] as never,
          }),
          'invalid_argument',
        );
        expect(error.field).toMatch(/^ppl/);
        expect(error.message).toContain('xor');
        await expectCode(
          context.client.policies.create({
            namespaceId: context.namespaceId,
            name: context.uniqueName('bad-ppl'),
            ppl: 'allow everyone' as never,
          }),
          'invalid_argument',
        );
        expect(context.calls.count).toBe(0);
      });

      it('rejects wrong types and unknown keys before any call', async () => {
        await expectCode(
          context.client.policies.create({ namespaceId: context.namespaceId, name: 42, ppl: samplePpl } as never),
          'invalid_argument',
        );
        await expectCode(
          context.client.policies.create({
            namespaceId: context.namespaceId,
            name: context.uniqueName('x'),
            ppl: samplePpl,
            colour: 'blue',
          } as never),
          'invalid_argument',
        );
        await expectCode(context.client.policies.update('', { name: 'x' }), 'invalid_argument');
        expect(context.calls.count).toBe(0);
      });
    });

    describe('routes', () => {
      it('creates a route with defaults and returns it as stored', async () => {
        const route = await context.createRoute();
        expect(route.id).toMatch(/\S/);
        expect(route).toMatchObject({
          namespaceId: context.namespaceId,
          name: context.uniqueName('route'),
          from: context.uniqueFrom('route'),
          to: ['http://upstream.internal:8080'],
          policyIds: [],
        });
        expect(Array.isArray(route.enforcedPolicyIds)).toBe(true);
      });

      it('reads the booleans Pomerium turns off by default as false when never set', async () => {
        const route = await context.createRoute();
        const read = await context.client.routes.get(route.id);
        for (const key of routeBooleanSettingsDefaultingToFalse) {
          expect(route[key], `created ${key}`).toBe(false);
          expect(read[key], `read ${key}`).toBe(false);
        }
        const cleared = await context.client.routes.update(
          (
            await context.createRoute({
              name: context.uniqueName('on'),
              from: context.uniqueFrom('on'),
              tlsSkipVerify: true,
            })
          ).id,
          { tlsSkipVerify: null },
        );
        expect(cleared.tlsSkipVerify).toBe(false);
      });

      it('stores every shared route setting unchanged', async () => {
        const route = await context.createRoute(fullRouteSettings);
        const read = await context.client.routes.get(route.id);
        for (const [key, value] of Object.entries(fullRouteSettings)) {
          expect(read[key as keyof typeof read], `setting ${key}`).toEqual(value);
        }
      });

      it('normalises durations to seconds', async () => {
        const route = await context.createRoute({ timeout: '1m30s', idleTimeout: '1500ms' });
        expect(route).toMatchObject({ timeout: '90s', idleTimeout: '1.5s' });
        expect(await context.client.routes.get(route.id)).toMatchObject({ timeout: '90s', idleTimeout: '1.5s' });
      });

      it('stores a redirect route without upstreams', async () => {
        const redirect = {
          hostRedirect: 'new.example.com',
          httpsRedirect: true,
          responseCode: 308 as const,
          stripQuery: true,
        };
        const route = await context.createRoute({ to: [], redirect });
        const read = await context.client.routes.get(route.id);
        expect(read.to).toEqual([]);
        expect(read.redirect).toEqual(redirect);
      });

      it('stores a direct response route', async () => {
        const route = await context.createRoute({ to: [], response: { status: 418, body: "I'm a teapot" } });
        expect((await context.client.routes.get(route.id)).response).toEqual({ status: 418, body: "I'm a teapot" });
      });

      it('updates one field and keeps every other', async () => {
        const route = await context.createRoute(fullRouteSettings);
        const updated = await context.client.routes.update(route.id, { allowWebsockets: false });
        expect(updated.allowWebsockets).toBe(false);
        const read = await context.client.routes.get(route.id);
        for (const [key, value] of Object.entries(fullRouteSettings)) {
          if (key === 'allowWebsockets') continue;
          expect(read[key as keyof typeof read], `setting ${key}`).toEqual(value);
        }
        expect(read).toMatchObject({ name: route.name, from: route.from, to: route.to });
      });

      it('clears a setting when the patch sets it to null', async () => {
        const route = await context.createRoute({ prefixRewrite: '/v2', passIdentityHeaders: true });
        const updated = await context.client.routes.update(route.id, { prefixRewrite: null });
        expect(updated.prefixRewrite).toBeUndefined();
        const read = await context.client.routes.get(route.id);
        expect(read.prefixRewrite).toBeUndefined();
        expect(read.passIdentityHeaders).toBe(true);
      });

      it('changes name, from and to', async () => {
        const route = await context.createRoute();
        const updated = await context.client.routes.update(route.id, {
          name: context.uniqueName('renamed'),
          from: context.uniqueFrom('renamed'),
          to: ['https://a.internal', 'https://b.internal'],
        });
        expect(updated).toMatchObject({
          name: context.uniqueName('renamed'),
          from: context.uniqueFrom('renamed'),
          to: ['https://a.internal', 'https://b.internal'],
        });
      });

      it('deletes a route, then reports not_found', async () => {
        const route = await context.createRoute();
        await context.client.routes.delete(route.id);
        await expectCode(context.client.routes.get(route.id), 'not_found');
        await expectCode(context.client.routes.update(route.id, { name: 'again' }), 'not_found');
        await expectCode(context.client.routes.delete(route.id), 'not_found');
      });

      it('reports not_found for an unknown route id', async () => {
        await expectCode(context.client.routes.get('does-not-exist-0000'), 'not_found');
        await expectCode(context.client.routes.delete('does-not-exist-0000'), 'not_found');
      });

      it('pages over more than one page without loss or duplicates', async () => {
        const created = [];
        for (let index = 0; index < 5; index++) {
          created.push(
            await context.createRoute({ name: context.uniqueName(`r${index}`), from: context.uniqueFrom(`r${index}`) }),
          );
        }
        const listed = await context.smallPageClient.routes
          .list({ namespaceId: context.namespaceId, query: context.prefix })
          .toArray();
        expect(listed.map((route) => route.id).sort()).toEqual(created.map((route) => route.id).sort());
      });

      it('filters routes by a query on from', async () => {
        const wanted = await context.createRoute({ name: 'plain name', from: context.uniqueFrom('needle') });
        await context.createRoute({ name: context.uniqueName('other'), from: context.uniqueFrom('other') });
        const listed = await context.client.routes
          .list({ namespaceId: context.namespaceId, query: `${context.prefix}-needle` })
          .toArray();
        expect(listed.map((route) => route.id)).toEqual([wanted.id]);
      });

      it('finds a route by exact name', async () => {
        const wanted = await context.createRoute({ name: context.uniqueName('find-me') });
        const found = await context.client.routes.findByName({
          namespaceId: context.namespaceId,
          name: context.uniqueName('find-me'),
        });
        expect(found?.id).toBe(wanted.id);
      });

      it('round-trips unicode names', async () => {
        const name = context.uniqueName('Ruta ✓ 日本語 🚀');
        const route = await context.createRoute({ name });
        expect((await context.client.routes.get(route.id)).name).toBe(name);
      });

      it('handles 50 concurrent creates', async () => {
        const routes = await Promise.all(
          Array.from({ length: 50 }, (_, index) =>
            context.createRoute({ name: context.uniqueName(`c${index}`), from: context.uniqueFrom(`c${index}`) }),
          ),
        );
        expect(new Set(routes.map((route) => route.id)).size).toBe(50);
        const listed = await context.client.routes
          .list({ namespaceId: context.namespaceId, query: context.prefix })
          .toArray();
        expect(listed).toHaveLength(50);
      });

      it('rejects a `to` that is not a URL before any call, naming the field', async () => {
        const error = await expectCode(
          context.client.routes.create({
            namespaceId: context.namespaceId,
            name: context.uniqueName('bad'),
            from: context.uniqueFrom('bad'),
            to: ['not a url'],
          }),
          'invalid_argument',
        );
        expect(error.field).toBe('to[0]');
        expect(context.calls.count).toBe(0);
      });

      it('rejects a bad from, empty name, bad duration and wrong types before any call', async () => {
        const base = {
          namespaceId: context.namespaceId,
          name: context.uniqueName('bad'),
          from: context.uniqueFrom('b'),
        };
        expect(
          (await expectCode(context.client.routes.create({ ...base, from: 'app' }), 'invalid_argument')).field,
        ).toBe('from');
        expect((await expectCode(context.client.routes.create({ ...base, name: '' }), 'invalid_argument')).field).toBe(
          'name',
        );
        expect(
          (await expectCode(context.client.routes.create({ ...base, timeout: 'forever' }), 'invalid_argument')).field,
        ).toBe('timeout');
        await expectCode(
          context.client.routes.create({ ...base, allowWebsockets: 'yes' } as never),
          'invalid_argument',
        );
        await expectCode(context.client.routes.update('some-id', { from: 'nope' }), 'invalid_argument');
        expect(context.calls.count).toBe(0);
      });

      it('never echoes a secret in a validation error', async () => {
        const secret = 'super-secret-value-1234567890';
        const error = await expectCode(
          context.client.routes.create({
            namespaceId: context.namespaceId,
            name: context.uniqueName('secret'),
            from: 'not-a-url',
            identityProviderClientSecret: secret,
            kubernetesServiceAccountToken: secret,
          }),
          'invalid_argument',
        );
        expect(error.message).not.toContain(secret);
        expect(JSON.stringify(error)).not.toContain(secret);
      });

      it.runIf(options.capabilities?.multipleHealthChecks !== false)('stores several health checks', async () => {
        const healthChecks = [
          httpHealthCheck,
          { type: 'tcp', timeout: '1s', interval: '5s', healthyThreshold: 1, unhealthyThreshold: 1, send: '0a0b' },
        ] satisfies RouteCreateInput['healthChecks'];
        const route = await context.createRoute({ healthChecks });
        expect((await context.client.routes.get(route.id)).healthChecks).toEqual(healthChecks);
      });

      it.runIf(options.capabilities?.multipleHealthChecks === false)(
        'rejects more than one health check with invalid_argument',
        async () => {
          const check = httpHealthCheck;
          const error = await expectCode(context.createRoute({ healthChecks: [check, check] }), 'invalid_argument');
          expect(error.field).toBe('healthChecks');
        },
      );
    });

    describe('policy and route links', () => {
      it('attaches policies to a route and reports the link on the policy', async () => {
        const policy = await context.createPolicy();
        const route = await context.createRoute({ policyIds: [policy.id] });
        expect(route.policyIds).toEqual([policy.id]);
        expect((await context.client.policies.get(policy.id)).routeIds).toEqual([route.id]);
      });

      it('replaces the policies of a route on update', async () => {
        const first = await context.createPolicy({ name: context.uniqueName('first') });
        const second = await context.createPolicy({ name: context.uniqueName('second') });
        const route = await context.createRoute({ policyIds: [first.id] });
        const updated = await context.client.routes.update(route.id, { policyIds: [second.id] });
        expect(updated.policyIds).toEqual([second.id]);
        expect((await context.client.policies.get(first.id)).routeIds).toEqual([]);
        expect((await context.client.policies.get(second.id)).routeIds).toEqual([route.id]);
      });

      it('rejects an unknown policy id on a route', async () => {
        await expectCode(context.createRoute({ policyIds: ['does-not-exist-0000'] }), 'invalid_argument');
      });

      it('refuses to delete a policy still assigned to a route', async () => {
        const policy = await context.createPolicy();
        const route = await context.createRoute({ policyIds: [policy.id] });
        await expectCode(context.client.policies.delete(policy.id), 'failed_precondition');
        await context.client.routes.update(route.id, { policyIds: [] });
        await context.client.policies.delete(policy.id);
        await expectCode(context.client.policies.get(policy.id), 'not_found');
      });

      it('applies an enforced policy to routes of its namespace without assigning it', async () => {
        const enforced = await context.createPolicy({ name: context.uniqueName('enforced'), enforced: true });
        const route = await context.createRoute();
        const read = await context.client.routes.get(route.id);
        expect(read.enforcedPolicyIds).toContain(enforced.id);
        expect(read.policyIds).toEqual([]);
      });

      it('does not enforce a policy that is not enforced', async () => {
        const plain = await context.createPolicy();
        const route = await context.createRoute();
        expect((await context.client.routes.get(route.id)).enforcedPolicyIds).not.toContain(plain.id);
      });

      it('stops enforcing a policy when enforced is turned off', async () => {
        const policy = await context.createPolicy({ enforced: true });
        const route = await context.createRoute();
        expect((await context.client.routes.get(route.id)).enforcedPolicyIds).toContain(policy.id);
        await context.client.policies.update(policy.id, { enforced: false });
        expect((await context.client.routes.get(route.id)).enforcedPolicyIds).not.toContain(policy.id);
      });

      it.runIf(options.capabilities?.writeNamespaces !== false)(
        'applies an enforced policy to routes of descendant namespaces',
        async () => {
          const policy = await context.createPolicy({ enforced: true });
          const child = await context.createNamespace('enforced-child');
          const grandchild = await context.createNamespace('enforced-grandchild', child);
          const route = await context.createRoute({ namespaceId: grandchild });
          expect((await context.client.routes.get(route.id)).enforcedPolicyIds).toContain(policy.id);
        },
      );
    });

    describe('calls', () => {
      it('rejects a call whose signal is already aborted', async () => {
        const controller = new AbortController();
        controller.abort();
        const error = await context.client.routes.get('any-id', { signal: controller.signal }).then(
          () => undefined,
          (reason: unknown) => reason,
        );
        expect(PomeriumError.isInstance(error)).toBe(true);
      });

      it('rejects a non-positive page size', () => {
        expect(() => context.client.routes.list({ pageSize: 0 })).toThrow(PomeriumError);
      });
    });

    registerBadInputProperties(() => context);
    options.additionalTests?.(() => context);
  });
}
