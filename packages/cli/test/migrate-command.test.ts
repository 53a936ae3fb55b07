import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Consoles, runCli, seedEnterprise, spawnCli, startConsoles } from './cli-harness.js';

let consoles: Consoles;

beforeEach(async () => {
  consoles = await startConsoles();
});

afterEach(async () => {
  await consoles.close();
});

async function zeroCounts() {
  return {
    policies: (await consoles.zero.policies.list().toArray()).length,
    routes: (await consoles.zero.routes.list().toArray()).length,
  };
}

async function seedLossy() {
  const namespaceId = consoles.enterpriseProductionId;
  const policy = await consoles.enterprise.policies.create({
    namespaceId,
    name: 'Rego engineers',
    ppl: { allow: { and: [{ groups: { has: 'engineering' } }] } },
    extensions: { enterprise: { rego: ['package pomerium.policy\nallow := true'] } },
  });
  await consoles.enterprise.routes.create({
    namespaceId,
    name: 'grafana',
    from: 'https://grafana.calm-river-4821.pomerium.app',
    to: ['http://grafana:3000'],
    policyIds: [policy.id],
    extensions: { enterprise: { jwtGroupsFilter: { groups: ['engineering'], inferFromPpl: false } } },
  });
}

describe('pomerium-unified migrate', () => {
  it('migrates Enterprise to Zero with a progress bar and a summary, and a re-run changes nothing', async () => {
    await seedEnterprise(consoles, { policies: 3, routes: 12 });
    const first = await runCli(['migrate', '--from', 'enterprise', '--to', 'zero', '--yes'], {
      env: consoles.env,
      tty: true,
    });
    expect(first.stderr).toContain('15/15');
    expect(first.stderr).toContain('█'); // the cli-progress bar, drawn because stderr is a terminal
    expect(first.stdout).toContain('Fidelity report:');
    expect(first.stdout).toContain('Plan for zero: 15 to create');
    expect(first.stdout).toMatch(/created\s*│\s*15/);
    expect(first.exitCode).toBe(0);
    expect(await zeroCounts()).toEqual({ policies: 3, routes: 12 });

    const second = await runCli(['migrate', '--from', 'enterprise', '--to', 'zero', '--yes'], { env: consoles.env });
    expect(second.stdout).toContain('Nothing to change');
    expect(second.exitCode).toBe(0);
  });

  it('prints one JSON result with a formatVersion, and exits 2 on a dry run with changes', async () => {
    await seedEnterprise(consoles, { policies: 1, routes: 2 });
    const dryRun = await runCli(['migrate', '--from', 'enterprise', '--to', 'zero', '--dry-run', '--json'], {
      env: consoles.env,
    });
    const parsed = JSON.parse(dryRun.stdout);
    expect(parsed).toMatchObject({ formatVersion: 1, command: 'migrate', status: 'dry-run', exitCode: 2 });
    expect(parsed.plan.summary).toMatchObject({ create: 3 });
    expect(dryRun.exitCode).toBe(2);
    expect(await zeroCounts()).toEqual({ policies: 0, routes: 0 });

    const done = await runCli(['migrate', '--from', 'enterprise', '--to', 'zero', '--yes', '--json'], {
      env: consoles.env,
    });
    expect(JSON.parse(done.stdout)).toMatchObject({ formatVersion: 1, status: 'done', result: { created: 3 } });
    expect(done.exitCode).toBe(0);
  });

  it('refuses with exit 3 naming the rego policy and the jwtGroupsFilter route, writing nothing', async () => {
    await seedEnterprise(consoles, { policies: 1, routes: 1 });
    await seedLossy();
    const refused = await runCli(['migrate', '--from', 'enterprise', '--to', 'zero', '--yes'], { env: consoles.env });
    expect(refused.exitCode).toBe(3);
    expect(refused.stdout).toContain('Rego engineers');
    expect(refused.stdout).toContain('rego');
    expect(refused.stdout).toContain('grafana');
    expect(refused.stdout).toContain('jwtGroupsFilter');
    expect(refused.stdout).toContain('nothing was written');
    expect(await zeroCounts()).toEqual({ policies: 0, routes: 0 });
  });

  it('proceeds with --allow-lossy and lists what was dropped', async () => {
    await seedLossy();
    const lossy = await runCli(['migrate', '--from', 'enterprise', '--to', 'zero', '--allow-lossy', '--yes'], {
      env: consoles.env,
    });
    expect(lossy.exitCode).toBe(0);
    const dropped = lossy.stdout.slice(lossy.stdout.indexOf('Dropped'));
    expect(dropped).toContain('Rego engineers › ');
    expect(dropped).toContain('rego');
    expect(dropped).toContain('grafana › ');
    expect(dropped).toContain('jwtGroupsFilter');
    expect(await zeroCounts()).toEqual({ policies: 1, routes: 1 });
  });

  it('refuses to write without a terminal and without --yes (exit 1), and writes after a confirmation', async () => {
    await seedEnterprise(consoles, { policies: 1, routes: 1 });
    const refused = await runCli(['migrate', '--from', 'enterprise', '--to', 'zero'], { env: consoles.env });
    expect(refused.exitCode).toBe(1);
    expect(refused.stderr).toContain('--yes');
    expect(await zeroCounts()).toEqual({ policies: 0, routes: 0 });

    const questions: string[] = [];
    const confirmed = await runCli(['migrate', '--from', 'enterprise', '--to', 'zero'], {
      env: consoles.env,
      confirm: async (question) => {
        questions.push(question);
        return true;
      },
    });
    expect(questions).toEqual(['Write 2 changes to zero?']);
    expect(confirmed.exitCode).toBe(0);
  });

  it('exits 1 after a partly failed apply with a summary of what was done, and a re-run converges', async () => {
    await seedEnterprise(consoles, { policies: 1, routes: 4 });
    consoles.zeroConsole.state.injectFailure({
      status: 400,
      body: { error: 'injected: route rejected' },
      method: 'POST',
      route: 'POST /organizations/:organizationId/routes',
      times: 1,
    });
    const partly = await runCli(['migrate', '--from', 'enterprise', '--to', 'zero', '--yes', '--concurrency', '1'], {
      env: consoles.env,
    });
    expect(partly.stdout).toContain('Failed: 1 change');
    expect(partly.stdout).toMatch(/created\s*│\s*4/);
    expect(partly.stdout).toMatch(/failed\s*│\s*1/);
    expect(partly.stdout).toContain('1 of 5 changes failed; the others were applied.');
    expect(partly.exitCode).toBe(1);
    expect(await zeroCounts()).toEqual({ policies: 1, routes: 3 });

    const rerun = await runCli(['migrate', '--from', 'enterprise', '--to', 'zero', '--yes'], { env: consoles.env });
    expect(rerun.stdout).toContain('Plan for zero: 1 to create');
    expect(rerun.exitCode).toBe(0);
    expect(await zeroCounts()).toEqual({ policies: 1, routes: 4 });
  });

  it('runs as a child process: no terminal means no prompt, plain progress lines, a summary, JSON that parses', {
    timeout: 60_000,
  }, async () => {
    await seedEnterprise(consoles, { policies: 2, routes: 3 });
    const refused = await spawnCli(['migrate', '--from', 'enterprise', '--to', 'zero'], consoles.env);
    expect(refused.stderr).toContain('no terminal');
    expect(refused.exitCode).toBe(1);
    expect(await zeroCounts()).toEqual({ policies: 0, routes: 0 });

    const migrated = await spawnCli(
      ['migrate', '--from', 'enterprise', '--to', 'zero', '--yes', '--json'],
      consoles.env,
    );
    expect(migrated.stderr).toContain('[5/5] create route');
    expect(migrated.stderr).toMatch(/created\s*│\s*5/);
    expect(migrated.stderr).not.toContain('\u001b[');
    expect(JSON.parse(migrated.stdout)).toMatchObject({ formatVersion: 1, status: 'done', result: { created: 5 } });
    expect(migrated.exitCode).toBe(0);
  });
});
