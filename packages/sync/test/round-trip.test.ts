import type { PomeriumClient } from '@pomerium-unified/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { diffDeployments, exportConfig, migrate, planSync, SyncFidelityError } from '../src/index.js';
import { type Consoles, clusterName, spareClusterName, startConsoles } from './fake-consoles.js';

let consoles: Consoles;

/** 50 policies and 200 routes in `Source` and `Source/team` on the Enterprise console. */
async function seedEnterprise(enterprise: PomeriumClient): Promise<void> {
  const source = await enterprise.namespaces.create({ name: 'Source' });
  const team = await enterprise.namespaces.create({ name: 'team', parentId: source.id });
  const policyIds: string[] = [];
  for (let index = 0; index < 50; index++) {
    const policy = await enterprise.policies.create({
      namespaceId: index < 25 ? source.id : team.id,
      name: `policy-${index}`,
      ppl: { allow: { or: [{ email: { is: `user${index}@example.com` } }, { groups: { has: `group-${index}` } }] } },
      description: index % 2 === 0 ? `policy number ${index}` : '',
    });
    policyIds.push(policy.id);
  }
  const writes = [];
  for (let index = 0; index < 200; index++) {
    const inTeam = index >= 100;
    writes.push(
      enterprise.routes.create({
        namespaceId: inTeam ? team.id : source.id,
        name: `route-${index}`,
        from: `https://route-${index}.example.com`,
        to: [`http://upstream-${index}:8080`],
        policyIds: inTeam ? [policyIds[25 + (index % 25)]!, policyIds[index % 25]!] : [policyIds[index % 25]!],
        ...(index % 3 === 0 ? { timeout: '45s', allowWebsockets: true } : {}),
        ...(index % 5 === 0 ? { setRequestHeaders: { 'X-Route': String(index) }, passIdentityHeaders: true } : {}),
        ...(index % 7 === 0
          ? {
              healthChecks: [
                {
                  type: 'http' as const,
                  path: '/healthz',
                  timeout: '5s',
                  interval: '30s',
                  healthyThreshold: 1,
                  unhealthyThreshold: 3,
                },
              ],
            }
          : {}),
        ...(index % 11 === 0
          ? { prefix: '/app', description: 'prefixed', loadBalancingPolicy: 'maglev' as const }
          : {}),
      }),
    );
    if (writes.length === 8) await Promise.all(writes.splice(0));
  }
  await Promise.all(writes);
}

beforeAll(async () => {
  consoles = await startConsoles();
  await seedEnterprise(consoles.enterprise);
  consoles.addZeroNamespace([clusterName, 'team']);
  consoles.addZeroNamespace([spareClusterName, 'killed']);
  consoles.addZeroNamespace([spareClusterName, 'killed', 'team']);
  consoles.addZeroNamespace([spareClusterName, 'legacy']);
}, 120_000);

afterAll(async () => {
  await consoles?.close();
});

describe('Enterprise → Zero → new Enterprise namespace', () => {
  it('migrates 200 routes and 50 policies both ways; diff is empty; a second plan has no changes', async () => {
    const { zero, enterprise } = consoles;
    const toZero = await migrate({
      from: enterprise,
      to: zero,
      namespaces: ['Source'],
      namespaceMap: { Source: clusterName },
    });
    expect(toZero.plan.fidelity.filter((issue) => issue.severity === 'error')).toEqual([]);
    expect(toZero.result.failed).toEqual([]);
    expect(toZero.result).toMatchObject({ created: 250, updated: 0, deleted: 0 });
    expect(Object.keys(toZero.result.idMap)).toHaveLength(252); // the two mapped namespaces too
    expect(toZero.result.serverDropped).toEqual([]);

    const toEnterprise = await migrate({
      from: zero,
      to: enterprise,
      namespaces: [clusterName],
      namespaceMap: { [clusterName]: 'Migrated' },
    });
    expect(toEnterprise.result.failed).toEqual([]);
    expect(toEnterprise.result.created).toBe(252); // two namespaces, 50 policies, 200 routes
    const procedures = consoles.enterpriseProcedures();
    // Enterprise declares bulkRouteWrites: 200 routes go in two SetRoutes calls of 100, no SetRoute.
    expect(procedures.filter((procedure) => procedure.endsWith('/SetRoutes'))).toHaveLength(2);

    const diff = await diffDeployments(enterprise, enterprise, {
      namespaces: ['Source'],
      namespaceMap: { Source: 'Migrated' },
    });
    expect(diff.differences).toEqual([]);
    expect(diff.equal).toBe(true);
    const viaZero = await diffDeployments(enterprise, zero, {
      namespaces: ['Source'],
      namespaceMap: { Source: clusterName },
    });
    expect(viaZero.differences).toEqual([]);

    const again = await planSync({
      desired: await exportConfig(zero, { namespaces: [clusterName], includeSecrets: true }),
      target: enterprise,
      namespaceMap: { [clusterName]: 'Migrated' },
    });
    expect(again.changes).toEqual([]);
    expect(again.summary).toMatchObject({ create: 0, update: 0, delete: 0, unchanged: 252 });
    const rerun = await migrate({
      from: enterprise,
      to: zero,
      namespaces: ['Source'],
      namespaceMap: { Source: clusterName },
    });
    expect(rerun.plan.changes).toEqual([]);
    expect(Object.keys(rerun.result.idMap)).toHaveLength(252);
  }, 120_000);

  it('an apply aborted half way and run again converges without duplicates', async () => {
    const { zero, enterprise } = consoles;
    const options = {
      from: enterprise,
      to: zero,
      namespaces: ['Source'],
      namespaceMap: { Source: `${spareClusterName}/killed` },
    };
    const controller = new AbortController();
    let seen = 0;
    await expect(
      migrate({
        ...options,
        concurrency: 3,
        signal: controller.signal,
        onProgress: () => {
          if (++seen === 120) controller.abort();
        },
      }),
    ).rejects.not.toBeInstanceOf(SyncFidelityError);
    const partial = await exportConfig(zero, { namespaces: [`${spareClusterName}/killed`] });
    expect(partial.routes.length + partial.policies.length).toBeLessThan(250);
    expect(partial.routes.length + partial.policies.length).toBeGreaterThanOrEqual(100);

    const second = await migrate(options);
    expect(second.result.failed).toEqual([]);
    expect(second.result.created).toBe(250 - partial.routes.length - partial.policies.length);
    const routes = await zero.routes.list().toArray();
    const names = routes
      .filter((route) => route.name.startsWith('route-'))
      .map((route) => `${route.namespaceId}/${route.name}`);
    expect(new Set(names).size).toBe(names.length);
    expect(
      (await diffDeployments(enterprise, zero, { ...options, namespaceMap: options.namespaceMap })).differences,
    ).toEqual([]);
    expect((await migrate(options)).plan.changes).toEqual([]);
  }, 120_000);
});

describe('fidelity', () => {
  it('refuses rego and jwtGroupsFilter for Zero, naming both and writing nothing; allowLossy drops them', async () => {
    const { zero, enterprise } = consoles;
    const legacy = await enterprise.namespaces.create({ name: 'Legacy' });
    await enterprise.policies.create({
      namespaceId: legacy.id,
      name: 'rego-policy',
      ppl: { allow: { or: [{ authenticated_user: true }] } },
      extensions: { enterprise: { rego: ['package pomerium.policy\nallow := true'] } },
    });
    await enterprise.routes.create({
      namespaceId: legacy.id,
      name: 'grouped',
      from: 'https://grouped.example.com',
      to: ['http://grouped'],
      extensions: { enterprise: { jwtGroupsFilter: { groups: ['admins'] } } },
    });
    const options = {
      from: enterprise,
      to: zero,
      namespaces: ['Legacy'],
      namespaceMap: { Legacy: `${spareClusterName}/legacy` },
    };
    const before = await zero.routes.list().toArray();
    const refusal = await migrate(options).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(SyncFidelityError);
    const issues = (refusal as SyncFidelityError).issues.map((issue) => `${issue.kind} ${issue.key} ${issue.field}`);
    expect(issues).toEqual([
      `policy ${spareClusterName}/legacy/rego-policy extensions.enterprise.rego`,
      `route ${spareClusterName}/legacy/grouped extensions.enterprise.jwtGroupsFilter`,
    ]);
    expect((refusal as Error).message).toMatch(/rego-policy.*grouped/);
    expect(await zero.routes.list().toArray()).toHaveLength(before.length);

    const lossy = await migrate({ ...options, allowLossy: true });
    expect(lossy.result.failed).toEqual([]);
    expect(lossy.result.created).toBe(2);
    const routeIssues = lossy.result.dropped.filter((issue) => issue.kind === 'policy' || issue.kind === 'route');
    expect(routeIssues.map((issue) => issue.field)).toEqual([
      'extensions.enterprise.rego',
      'extensions.enterprise.jwtGroupsFilter',
    ]);
  }, 60_000);
});
