import type { ExitCode } from './exit-codes.js';

/** A failure the CLI reports as one sentence and an exit code (usage errors, refusals). */
export class CliError extends Error {
  /** The exit code the process ends with. */
  readonly exitCode: ExitCode;

  constructor(message: string, exitCode: ExitCode) {
    super(message);
    this.name = 'CliError';
    this.exitCode = exitCode;
  }
}
