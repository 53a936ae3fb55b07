/** A stream the CLI writes to: `process.stdout`, `process.stderr` or a test double. */
export interface CliOutput {
  /** Writes text. */
  write(text: string): unknown;
  /** True when it is a terminal: progress bars, colours and prompts only then. */
  isTTY?: boolean;
  /** Terminal width, when a terminal. */
  columns?: number;
}

/** Where the CLI reads and writes: the process, or an in-process caller such as a test or the demo. */
export interface CliIo {
  /** Results (reports, tables, `--json`). */
  stdout: CliOutput;
  /** Progress, prompts and errors. */
  stderr: CliOutput;
  /** Where a confirmation is read from. Default: none (no prompt possible). */
  stdin?: NodeJS.ReadableStream & { isTTY?: boolean };
  /** The environment endpoints are configured from (`POMERIUM_*`, `NO_COLOR`). */
  env: Readonly<Record<string, string | undefined>>;
  /** The directory relative paths resolve against. */
  cwd: string;
  /** Aborts the running command (Ctrl-C). */
  signal?: AbortSignal;
  /** Replaces the terminal prompt (tests): resolves true to go ahead. */
  confirm?: (question: string) => Promise<boolean>;
}

/** The {@link CliIo} of this process; Ctrl-C aborts the running command once, a second one exits. */
export function processIo(): CliIo {
  const controller = new AbortController();
  // A closed pipe (`pomerium-unified … | head`) ends the output quietly instead of with a stack trace.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
      throw error;
    });
  }
  process.once('SIGINT', () => {
    process.stderr.write('\nInterrupted: stopping after the writes in flight (Ctrl-C again to exit now)\n');
    controller.abort(new Error('interrupted'));
    process.once('SIGINT', () => process.exit(130));
  });
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
    env: process.env,
    cwd: process.cwd(),
    signal: controller.signal,
  };
}
