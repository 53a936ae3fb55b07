// The steps of docs/migrating.md, on the fake consoles started as the guide starts them (default seeds):
// Enterprise holds only its root "Global"; Zero holds "Example Organization" with the cluster "production".
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  type FakeEnterpriseConsole,
  type FakeZeroConsole,
  startFakeEnterpriseConsole,
  startFakeZeroConsole,
} from '@pomerium-unified/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './cli-harness.js';

const repository = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const sample = join(repository, 'docs', 'migrating', 'enterprise-sample.yaml');

let zeroConsole: FakeZeroConsole;
let enterpriseConsole: FakeEnterpriseConsole;
let env: Record<string, string>;
let directory: string;

beforeAll(async () => {
  directory = mkdtempSync(join(tmpdir(), 'pu-guide-'));
  zeroConsole = await startFakeZeroConsole();
  enterpriseConsole = await startFakeEnterpriseConsole();
  writeFileSync(join(directory, 'enterprise-ca.pem'), enterpriseConsole.ca ?? '');
  env = {
    POMERIUM_ZERO_URL: zeroConsole.url,
    POMERIUM_ZERO_API_TOKEN: zeroConsole.apiUserToken,
    POMERIUM_ENTERPRISE_URL: enterpriseConsole.url,
    POMERIUM_SERVICE_ACCOUNT: enterpriseConsole.serviceAccountToken,
    POMERIUM_ENTERPRISE_CA_FILE: join(directory, 'enterprise-ca.pem'),
    NO_COLOR: '1',
  };
});

afterAll(async () => {
  await Promise.allSettled([zeroConsole.close(), enterpriseConsole.close()]);
});

const cli = (argv: string[]) => runCli(argv, { env, cwd: directory });
const toZero = ['--from', 'enterprise', '--to', 'zero', '--namespace-map', 'Production=production'];
const back = ['--from', 'zero', '--to', 'enterprise', '--namespace-map', 'production=From Zero'];

describe('docs/migrating.md on the fake consoles', () => {
  it('1. fills Enterprise from the sample document', async () => {
    const applied = await cli(['apply', '-f', sample, '--to', 'enterprise', '--yes']);
    expect(applied.stdout).toContain('Fidelity report: enterprise can represent everything.');
    expect(applied.exitCode).toBe(0);
    const inventory = await cli(['inventory', '--from', 'enterprise']);
    expect(inventory.stdout).toContain('enterprise: 2 namespaces, 2 policies, 3 routes');
  });

  it('2. a dry run without a namespace map names the namespace Zero cannot create', async () => {
    const dryRun = await cli(['migrate', '--from', 'enterprise', '--to', 'zero', '--dry-run']);
    expect(dryRun.stdout).toContain('namespace Production');
    expect(dryRun.exitCode).toBe(3);
  });

  it('3. with the map, the Rego policy and the jwtGroupsFilter route refuse the migration (exit 3)', async () => {
    const refused = await cli(['migrate', ...toZero, '--yes']);
    expect(refused.stdout).toContain('Engineers (custom Rego) › extensions.enterprise.rego');
    expect(refused.stdout).toContain('grafana › extensions.enterprise.jwtGroupsFilter');
    expect(refused.exitCode).toBe(3);
  });

  it('4. --allow-lossy migrates and lists what was dropped; a re-run plans nothing', async () => {
    const migrated = await cli(['migrate', ...toZero, '--allow-lossy', '--yes', '--id-map', 'ids.json']);
    expect(migrated.stdout).toContain('Dropped (zero cannot represent them): 3 items');
    expect(migrated.stdout).toMatch(/created\s*│\s*5/);
    expect(migrated.exitCode).toBe(0);
    const again = await cli(['migrate', ...toZero, '--allow-lossy', '--yes']);
    expect(again.stdout).toContain('Nothing to change');
    expect(again.exitCode).toBe(0);
  });

  it('5. diff shows exactly what Zero could not take', async () => {
    const diff = await cli(['diff', 'enterprise', 'zero', '--namespace-map', 'Production=production']);
    expect(diff.stdout).toContain('extensions.enterprise.rego');
    expect(diff.stdout).toContain('extensions.enterprise.jwtGroupsFilter');
    expect(diff.exitCode).toBe(2);
  });

  it('6. back from Zero into a new Enterprise namespace, then the plan is empty', async () => {
    const migrated = await cli(['migrate', ...back, '--yes']);
    expect(migrated.stdout).toContain('+ namespace From Zero');
    expect(migrated.exitCode).toBe(0);
    const plan = await cli(['plan', ...back]);
    expect(plan.stdout).toContain('0 to create, 0 to update, 0 to delete');
    expect(plan.exitCode).toBe(0);
  });
});
