import { createInterface } from 'node:readline/promises';
import { CliError } from './cli-error.js';
import type { CliIo } from './cli-io.js';
import { exitCodes } from './exit-codes.js';

/**
 * Asks before writing. `--yes` goes ahead; otherwise a terminal (stdin and
 * stderr) is asked `question`. Without a terminal it throws a `CliError` (exit 1)
 * saying to pass `--yes`; a "no" throws one too.
 */
export async function confirmWrites(io: CliIo, question: string, yes: boolean): Promise<void> {
  if (yes) return;
  if (io.confirm) {
    if (await io.confirm(question)) return;
    throw new CliError('Not confirmed: nothing was written.', exitCodes.error);
  }
  if (!io.stdin?.isTTY || !io.stderr.isTTY) {
    throw new CliError(
      'Refusing to write without confirmation: no terminal to ask on. Pass --yes to write, or --dry-run to only look.',
      exitCodes.error,
    );
  }
  const prompt = createInterface({ input: io.stdin, output: io.stderr as NodeJS.WritableStream });
  try {
    const answer = await prompt.question(`${question} [y/N] `);
    if (/^y(es)?$/i.test(answer.trim())) return;
  } finally {
    prompt.close();
  }
  throw new CliError('Not confirmed: nothing was written.', exitCodes.error);
}
