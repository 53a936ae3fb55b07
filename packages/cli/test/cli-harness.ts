// Helpers of the CLI tests: fake consoles with environment variables pointing at them, and the CLI run
// in-process (captured streams) or as a child process.
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createPomeriumClient, type PomeriumClient } from '@pomerium-unified/core';
import { createEnterpriseBackend } from '@pomerium-unified/enterprise-adapter';
import {
  type FakeEnterpriseConsole,
  type FakeZeroConsole,
  startFakeEnterpriseConsole,
  startFakeZeroConsole,
} from '@pomerium-unified/testkit';
import { createZeroBackend } from '@pomerium-unified/zero-adapter';
import type { CliIo } from '../src/index.js';
import { run } from '../src/index.js';

/** The cluster both fake consoles hold. */
export const cluster = { name: 'calm-river-4821', domain: 'calm-river-4821.pomerium.app' };

/** Both fake consoles, clients over them, and the environment the CLI reads them from. */
export interface Consoles {
  zero: PomeriumClient;
  enterprise: PomeriumClient;
  zeroConsole: FakeZeroConsole;
  enterpriseConsole: FakeEnterpriseConsole;
  /** `POMERIUM_*` variables naming both consoles, plus NO_COLOR. */
  env: Record<string, string>;
  /** A scratch directory (CA file, outputs). */
  directory: string;
  /** The id of Enterprise's `calm-river-4821/Production`. */
  enterpriseProductionId: string;
  close(): Promise<void>;
}

/**
 * Starts a fake Zero console (cluster `calm-river-4821` with a `Production` namespace) and a fake Enterprise
 * console (TLS with a generated CA; the same namespace tree under `Global`).
 */
export async function startConsoles(): Promise<Consoles> {
  const directory = mkdtempSync(join(tmpdir(), 'pu-cli-'));
  const zeroConsole = await startFakeZeroConsole({
    seed: { organizations: [{ name: 'personal', clusters: [cluster] }] },
  });
  const [zeroCluster] = zeroConsole.state.clusters.values();
  zeroConsole.state.addNamespace({ parentId: String(zeroCluster?.json.namespaceId), name: 'Production' });
  const enterpriseConsole = await startFakeEnterpriseConsole({
    seed: {
      namespaces: [
        { id: 'namespace-cluster', name: cluster.name, clusterId: 'cluster-1' },
        { id: 'namespace-production', name: 'Production', parentId: 'namespace-cluster' },
      ],
    },
  });
  writeFileSync(join(directory, 'ca.pem'), enterpriseConsole.ca ?? '');
  const env = {
    POMERIUM_ZERO_API_TOKEN: zeroConsole.apiUserToken,
    POMERIUM_ZERO_URL: zeroConsole.url,
    POMERIUM_ENTERPRISE_URL: enterpriseConsole.url,
    POMERIUM_SERVICE_ACCOUNT: enterpriseConsole.serviceAccountToken,
    POMERIUM_ENTERPRISE_CA_FILE: join(directory, 'ca.pem'),
    NO_COLOR: '1',
  };
  const zero = createPomeriumClient({
    backend: createZeroBackend({ apiUrl: zeroConsole.url, apiUserToken: zeroConsole.apiUserToken }),
  });
  const enterprise = createPomeriumClient({
    backend: createEnterpriseBackend({
      url: enterpriseConsole.url,
      serviceAccountToken: enterpriseConsole.serviceAccountToken,
      tls: { ca: enterpriseConsole.ca ?? '' },
    }),
  });
  return {
    zero,
    enterprise,
    zeroConsole,
    enterpriseConsole,
    env,
    directory,
    enterpriseProductionId: 'namespace-production',
    async close() {
      await Promise.allSettled([zero.close(), enterprise.close()]);
      await Promise.allSettled([zeroConsole.close(), enterpriseConsole.close()]);
    },
  };
}

/** Fills Enterprise's Production namespace with `policies` policies and `routes` routes. */
export async function seedEnterprise(consoles: Consoles, counts: { policies: number; routes: number }) {
  const namespaceId = consoles.enterpriseProductionId;
  const policies = [];
  for (let index = 0; index < counts.policies; index++) {
    policies.push(
      await consoles.enterprise.policies.create({
        namespaceId,
        name: `policy ${index}`,
        ppl: { allow: { and: [{ email: { is: `user${index}@example.com` } }] } },
      }),
    );
  }
  for (let index = 0; index < counts.routes; index++) {
    await consoles.enterprise.routes.create({
      namespaceId,
      name: `app ${index}`,
      from: `https://app-${index}.${cluster.domain}`,
      to: [`http://app-${index}.internal:8080`],
      policyIds: policies.length > 0 ? [policies[index % policies.length]!.id] : [],
    });
  }
}

/** An output stream that records what is written. */
export class CapturedOutput {
  text = '';
  isTTY: boolean;
  columns = 100;
  constructor(isTTY = false) {
    this.isTTY = isTTY;
  }
  write(chunk: string): boolean {
    this.text += chunk;
    return true;
  }
  // What cli-progress and readline call on a terminal.
  cursorTo(): boolean {
    return true;
  }
  clearLine(): boolean {
    return true;
  }
  moveCursor(): boolean {
    return true;
  }
  on(): this {
    return this;
  }
  removeListener(): this {
    return this;
  }
}

/** What one CLI run printed and how it ended. */
export interface CliRun {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI in-process. `tty` makes stderr a terminal (progress bar); `confirm` answers the prompt. */
export async function runCli(
  argv: string[],
  options: { env: Record<string, string>; cwd?: string; tty?: boolean; confirm?: CliIo['confirm'] },
): Promise<CliRun> {
  const stdout = new CapturedOutput(options.tty);
  const stderr = new CapturedOutput(options.tty);
  const exitCode = await run(argv, {
    stdout,
    stderr,
    env: options.env,
    cwd: options.cwd ?? process.cwd(),
    ...(options.confirm ? { confirm: options.confirm } : {}),
  });
  return { exitCode, stdout: stdout.text, stderr: stderr.text };
}

const binPath = join(dirname(fileURLToPath(import.meta.url)), '..', 'src', 'bin.ts');

/** Runs `pomerium-unified` as a child process (through tsx), with stdin closed: no terminal. */
export function spawnCli(argv: string[], env: Record<string, string>): Promise<CliRun> {
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      ['--import', 'tsx', binPath, ...argv],
      { env: { PATH: process.env.PATH ?? '', ...env }, cwd: dirname(binPath) },
      (error, stdout, stderr) => {
        const code = error && typeof error.code === 'number' ? error.code : error ? 1 : 0;
        resolve({ exitCode: code, stdout, stderr });
      },
    );
    child.stdin?.end();
  });
}
