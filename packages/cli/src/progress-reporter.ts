import type { SyncProgressEvent } from '@pomerium-unified/sync';
import cliProgress from 'cli-progress';
import type { CliOutput } from './cli-io.js';
import type { Colors } from './format/colors.js';

/** Receives apply progress and draws it on stderr. */
export interface ProgressReporter {
  /** Called after each change. */
  onProgress(event: SyncProgressEvent): void;
  /** Ends the bar (or the plain lines). */
  stop(): void;
}

/**
 * A progress bar (cli-progress) when `output` is a terminal; otherwise plain
 * lines: every change of a small plan, every tenth of a large one, and every
 * failure.
 */
export function createProgressReporter(output: CliOutput, total: number, colors: Colors): ProgressReporter {
  if (output.isTTY) {
    const bar = new cliProgress.SingleBar(
      {
        stream: output as NodeJS.WritableStream,
        format: ' {bar} {value}/{total} {status}',
        barsize: 30,
        hideCursor: true,
        clearOnComplete: false,
        linewrap: false,
        etaBuffer: 50,
      },
      cliProgress.Presets.shades_classic,
    );
    bar.start(total, 0, { status: '' });
    return {
      onProgress(event) {
        const status = `${event.status === 'ok' ? '' : colors.red('failed ')}${event.change.action} ${event.change.kind}`;
        bar.update(event.done, { status: `${status} ${event.change.key}`.slice(0, 50) });
      },
      stop: () => bar.stop(),
    };
  }
  const step = total <= 50 ? 1 : Math.ceil(total / 10);
  return {
    onProgress(event) {
      if (event.status === 'failed' || event.done % step === 0 || event.done === event.total) {
        const status = event.status === 'ok' ? 'ok' : colors.red('failed');
        output.write(
          `[${event.done}/${event.total}] ${event.change.action} ${event.change.kind} ${event.change.key} ${status}\n`,
        );
      }
    },
    stop() {},
  };
}
