import { create } from '@bufbuild/protobuf';
import { type Duration, DurationSchema, type Timestamp, timestampDate } from '@bufbuild/protobuf/wkt';
import { parseDurationSeconds } from '@pomerium-unified/core';

const canonicalPattern = /^(\d+)(?:\.(\d{1,9}))?s$/;

/**
 * Formats a protobuf `Duration` as the canonical duration string of the core
 * model: seconds with an `s` suffix and up to nine fractional digits (`90s`,
 * `0.25s`), exactly, without floating-point rounding.
 */
export function durationToString(duration: Duration): string {
  const negative = duration.seconds < 0n || duration.nanos < 0;
  const seconds = duration.seconds < 0n ? -duration.seconds : duration.seconds;
  const nanos = Math.abs(duration.nanos);
  const fraction = nanos === 0 ? '' : `.${String(nanos).padStart(9, '0').replace(/0+$/, '')}`;
  return `${negative ? '-' : ''}${seconds}${fraction}s`;
}

/**
 * Parses a Go-style duration string (`30s`, `1m30s`, `250ms`, `1.5h`) into a
 * protobuf `Duration`. Canonical strings (`90.5s`) are converted exactly.
 */
export function durationFromString(value: string): Duration {
  const canonical = canonicalPattern.exec(value);
  if (canonical) {
    const nanos = canonical[2] ? Number(canonical[2].padEnd(9, '0')) : 0;
    return create(DurationSchema, { seconds: BigInt(canonical[1] as string), nanos });
  }
  const totalNanos = BigInt(Math.round(parseDurationSeconds(value) * 1e9));
  return create(DurationSchema, { seconds: totalNanos / 1_000_000_000n, nanos: Number(totalNanos % 1_000_000_000n) });
}

/** Formats a protobuf `Timestamp` as an RFC 3339 string, or undefined when unset. */
export function timestampToString(timestamp: Timestamp | undefined): string | undefined {
  return timestamp === undefined ? undefined : timestampDate(timestamp).toISOString();
}

/** True when both timestamps are set and name the same instant. */
export function sameInstant(left: Timestamp | undefined, right: Timestamp | undefined): boolean {
  return left !== undefined && right !== undefined && left.seconds === right.seconds && left.nanos === right.nanos;
}
