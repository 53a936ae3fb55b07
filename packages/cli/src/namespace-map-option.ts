import { CliError } from './cli-error.js';
import { exitCodes } from './exit-codes.js';

/** Commander's collector of repeated `--namespace-map SRC=DST` options. */
export function collectNamespaceMapping(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/** Commander's collector of repeated options (`--namespace a --namespace b`). */
export function collectRepeated(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/**
 * Turns `SRC=DST` strings into a namespace map (source path → target path).
 * `/` stands for the root. A mapping without `=` or with an empty side is a
 * usage error (exit 1).
 */
export function parseNamespaceMap(values: readonly string[] | undefined): Record<string, string> | undefined {
  if (!values || values.length === 0) return undefined;
  const map: Record<string, string> = {};
  for (const value of values) {
    const index = value.indexOf('=');
    const source = index < 0 ? '' : value.slice(0, index).trim();
    const target = index < 0 ? '' : value.slice(index + 1).trim();
    if (source === '' || target === '') {
      throw new CliError(
        `--namespace-map ${JSON.stringify(value)}: expected SRC=DST, e.g. calm-river-4821/Production=Production`,
        exitCodes.error,
      );
    }
    map[source] = target;
  }
  return map;
}

/** Parses `--concurrency`: a whole number from 1 to 64. */
export function parseConcurrency(value: string): number {
  const parsed = Number(value);
  if (!/^\d+$/.test(value) || parsed < 1 || parsed > 64) {
    throw new CliError(`--concurrency ${JSON.stringify(value)}: expected a whole number from 1 to 64`, exitCodes.error);
  }
  return parsed;
}
