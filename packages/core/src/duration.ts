import { PomeriumError } from './pomerium-error.js';

const unitSeconds: Record<string, number> = {
  ns: 1e-9,
  us: 1e-6,
  µs: 1e-6,
  ms: 1e-3,
  s: 1,
  m: 60,
  h: 3600,
};

/** Parses a Go-style duration (`1m30s`, `250ms`, `1.5h`) into seconds. Throws `invalid_argument` when malformed. */
export function parseDurationSeconds(duration: string): number {
  const pattern = /(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/gy;
  let total = 0;
  let consumed = 0;
  for (const match of duration.matchAll(pattern)) {
    total += Number(match[1]) * (unitSeconds[match[2] as string] as number);
    consumed += match[0].length;
  }
  if (duration === '' || consumed !== duration.length) {
    throw new PomeriumError(`"${duration}" is not a duration such as "30s" or "1m30s"`, { code: 'invalid_argument' });
  }
  return total;
}

/**
 * Formats seconds as the canonical duration string of the core model: whole or
 * fractional seconds with an `s` suffix (`90s`, `0.25s`), as protobuf JSON does.
 */
export function formatDurationSeconds(seconds: number): string {
  const rounded = Math.round(seconds * 1e9) / 1e9;
  const text = rounded.toFixed(9).replace(/0+$/, '').replace(/\.$/, '');
  return `${text}s`;
}

/** Rewrites any Go-style duration to its canonical form (`1m30s` → `90s`). */
export function normalizeDuration(duration: string): string {
  return formatDurationSeconds(parseDurationSeconds(duration));
}
