import type { FaultOptions } from './fault-injector.js';
import { faultFlagOptions, parseFaultFlags } from './parse-fault-flags.js';

/** The flags both fake console CLIs accept (`parseArgs` options): address, token, fault injection and help. */
export const fakeConsoleFlagOptions = {
  port: { type: 'string', default: '0' },
  host: { type: 'string', default: '127.0.0.1' },
  token: { type: 'string' },
  ...faultFlagOptions,
  help: { type: 'boolean', short: 'h', default: false },
} as const;

/** The command-line arguments after the script name, without a `--` separator. */
export function cliArguments(): string[] {
  return process.argv.slice(2).filter((argument) => argument !== '--');
}

/** What both fake console CLIs read besides their own flags. */
export interface FakeConsoleCliValues {
  /** `--help`. */
  help?: boolean | undefined;
  /** `--port`. */
  port?: string | undefined;
}

/**
 * The checks both fake console CLIs start with: `--help` prints the usage and
 * exits 0; a bad `--port` (or `extraValid` false), or bad fault flags, print
 * the problem and the usage and exit 2. Returns the port and the fault options.
 */
export function readFakeConsoleCli(
  values: FakeConsoleCliValues & Parameters<typeof parseFaultFlags>[0],
  usage: string,
  extraValid = true,
): { port: number; faults: FaultOptions | undefined } {
  if (values.help) {
    console.log(usage);
    process.exit(0);
  }
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65_535 || !extraValid) {
    console.error(usage);
    process.exit(2);
  }
  try {
    return { port, faults: parseFaultFlags(values) };
  } catch (error) {
    console.error(`${error instanceof Error ? error.message : String(error)}\n\n${usage}`);
    process.exit(2);
  }
}

/** Prints the fault settings (when injecting) and serves until SIGINT or SIGTERM, then closes the fake and exits 0. */
export function serveUntilSignal(
  fake: { close(): Promise<void>; faults: { seed: number } },
  faults: FaultOptions | undefined,
): void {
  if (faults) {
    const kinds = faults.kinds?.join(',') ?? 'all kinds';
    console.log(`Injecting faults: rate ${faults.rate}, ${kinds}, seed ${fake.faults.seed}`);
  }
  console.log('Press Ctrl+C to stop.');
  const stop = () => {
    fake.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
