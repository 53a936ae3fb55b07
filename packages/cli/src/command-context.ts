import type { CliIo } from './cli-io.js';
import type { EndpointResolver } from './endpoints.js';
import type { ExitCode } from './exit-codes.js';
import type { Colors } from './format/colors.js';
import type { JsonResult } from './json-result.js';

/** What a command implementation gets: where to write, colours, endpoints. */
export interface CommandContext {
  /** The streams and environment. */
  io: CliIo;
  /** `--json` was given: stdout holds only the JSON result; reports go to stderr. */
  json: boolean;
  /** Colours for {@link CommandContext.report}. */
  colors: Colors;
  /** Colours for stderr (progress). */
  errorColors: Colors;
  /** Opens `zero`, `enterprise`, profiles and `file:` documents. */
  endpoints: EndpointResolver;
  /** The width reports wrap at (the terminal's, at most 100). */
  width: number;
  /** Writes a human-readable report block (stdout, or stderr with `--json`). */
  report(text: string): void;
}

/** How a command ended. */
export interface CommandOutcome {
  /** The exit code. */
  exitCode: ExitCode;
  /** A one-word status for `--json` (`done`, `no-changes`, `differences`, `dry-run`, `refused`, `failed`). */
  status: string;
  /** Command-specific parts of the `--json` result. */
  json?: Omit<Partial<JsonResult>, 'formatVersion' | 'command' | 'status' | 'exitCode'>;
}

/** Runs a command implementation with a fresh context and records its outcome. */
export type CommandRunner = (
  command: string,
  options: { json?: boolean },
  implementation: (context: CommandContext) => Promise<CommandOutcome>,
) => Promise<void>;
