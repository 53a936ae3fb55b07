import picocolors from 'picocolors';
import type { CliIo, CliOutput } from '../cli-io.js';

/** The colour functions the formatters use (identity functions when colour is off). */
export type Colors = ReturnType<typeof picocolors.createColors>;

/**
 * Colours for a stream: on when it is a terminal and `NO_COLOR` is unset or
 * empty (https://no-color.org), or when `FORCE_COLOR` is set to anything but `0`.
 */
export function colorsFor(output: CliOutput, env: CliIo['env']): Colors {
  const forced = env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0';
  const enabled = !env.NO_COLOR && (forced || output.isTTY === true);
  return picocolors.createColors(enabled);
}
