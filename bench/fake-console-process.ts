// Starts a fake console in a child process (pinned to its own core when taskset exists) and talks to it over IPC.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { FakeChildDetails, FakeChildOptions } from './fake-console-child.js';

/** True when `taskset` can pin processes to cores (Linux with util-linux). */
export const canPin: boolean = (() => {
  try {
    execFileSync('taskset', ['-p', String(process.pid)], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

/** Pins this process (all its threads) to `core`, when taskset exists. */
export function pinSelf(core: number): void {
  if (!canPin) return;
  try {
    execFileSync('taskset', ['-a', '-p', '-c', String(core), String(process.pid)], { stdio: 'ignore' });
  } catch {
    // Pinning is best effort.
  }
}

/** The core the servers run on, and the one the client runs on. */
export const serverCore = 1;
export const clientCore = 0;

/**
 * Spawns `node --import tsx <script> ...args` with an IPC channel, pinned to `core` when possible; with
 * `tsx: false`, plain `node` (a compiled script).
 */
export function spawnNode(
  script: string,
  args: string[],
  core: number,
  execArgv: string[] = [],
  { tsx = true }: { tsx?: boolean } = {},
): ChildProcess {
  const nodeArgs = [...execArgv, ...(tsx ? ['--import', 'tsx'] : []), script, ...args];
  const [command, commandArgs] = canPin
    ? ['taskset', ['-c', String(core), process.execPath, ...nodeArgs]]
    : [process.execPath, nodeArgs];
  return spawn(command as string, commandArgs as string[], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
}

/** A request as the fake recorded it (Zero: method, path below /api/v0, query and body; Enterprise: the RPC). */
export interface RecordedRequest {
  key: string;
  method?: string;
  path?: string;
  search?: string;
  body?: unknown;
}

/** A fake console running in its own process. */
export interface FakeConsoleProcess {
  details: FakeChildDetails;
  /** The child's CPU time so far, in µs (user + system). */
  cpuMicros(): Promise<number>;
  stats(): Promise<{
    connections: number;
    tokenExchanges: number;
    requests: Record<string, number>;
    faults?: { injected: number; requests: number; byKind: Record<string, number> };
  }>;
  routes(): Promise<{ id: string; name: string; from: string; description: string }[]>;
  recent(count: number): Promise<RecordedRequest[]>;
  configureFaults(faults: FakeChildOptions['faults']): Promise<void>;
  reset(): Promise<void>;
  stop(): Promise<void>;
}

/** Starts a fake console in a child process pinned to the server core. */
export async function startFakeConsoleProcess(options: FakeChildOptions): Promise<FakeConsoleProcess> {
  const child = spawnNode(
    fileURLToPath(new URL('./fake-console-child.ts', import.meta.url)),
    [JSON.stringify(options)],
    serverCore,
  );
  let nextId = 1;
  const pending = new Map<number, (result: unknown) => void>();
  const details = await new Promise<FakeChildDetails>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`fake ${options.kind} console exited (${code})`)));
    child.on('message', (message: { ready?: FakeChildDetails; id?: number; result?: unknown }) => {
      if (message.ready) resolve(message.ready);
      else if (message.id !== undefined) {
        pending.get(message.id)?.(message.result);
        pending.delete(message.id);
      }
    });
  });
  const ask = <T>(command: string, extra: Record<string, unknown> = {}): Promise<T> =>
    new Promise<T>((resolve) => {
      const id = nextId++;
      pending.set(id, resolve as (result: unknown) => void);
      child.send({ id, command, ...extra });
    });
  return {
    details,
    async cpuMicros() {
      const usage = await ask<NodeJS.CpuUsage>('cpu');
      return usage.user + usage.system;
    },
    stats: () => ask('stats'),
    routes: () => ask('routes'),
    recent: (count) => ask('recent', { count }),
    configureFaults: async (faults) => {
      await ask('faults', { faults });
    },
    reset: async () => {
      await ask('reset');
    },
    async stop() {
      child.removeAllListeners('exit');
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.send({ id: 0, command: 'exit' });
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
