// Interleaved rounds, medians and spreads.

/** A variant of one measure: `run` performs one call. */
export interface Variant {
  name: string;
  run: (index: number) => Promise<unknown>;
}

/** Median and spread of per-round figures. */
export interface Summary {
  /** Median over rounds. */
  median: number;
  /** Smallest and largest round. */
  min: number;
  max: number;
  /** (max - min) / median, in percent. */
  spreadPercent: number;
  rounds: number[];
  /**
   * CPU time of this process per call (user + system, µs), the same rounds: what the client itself spent,
   * which other processes' load disturbs far less than wall time.
   */
  cpu?: Omit<Summary, 'cpu'>;
}

/** Median of numbers. */
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

/** Median and spread of per-round values. */
export function summarize(rounds: number[]): Summary {
  const value = median(rounds);
  const min = Math.min(...rounds);
  const max = Math.max(...rounds);
  return {
    median: round(value),
    min: round(min),
    max: round(max),
    spreadPercent: round(((max - min) / value) * 100),
    rounds: rounds.map(round),
  };
}

/** Rounds a figure to 2 decimals (or 3 significant digits below 1). */
export function round(value: number): number {
  if (!Number.isFinite(value)) return value;
  return Math.abs(value) >= 1 ? Math.round(value * 100) / 100 : Number(value.toPrecision(3));
}

/**
 * Runs every variant `iterations` times per round, for `rounds` rounds, the variants interleaved (their order
 * rotates each round), after one warm-up round. Returns wall µs per call per round, by variant name, with this
 * process's CPU µs per call beside it (`cpu`).
 */
export async function interleave(
  variants: Variant[],
  options: { rounds: number; iterations: number; warmup?: number },
): Promise<Record<string, Summary>> {
  const perRound: Record<string, number[]> = Object.fromEntries(variants.map((variant) => [variant.name, []]));
  const cpuPerRound: Record<string, number[]> = Object.fromEntries(variants.map((variant) => [variant.name, []]));
  let counter = 0;
  for (const variant of variants) {
    for (let index = 0; index < (options.warmup ?? Math.min(options.iterations, 50)); index++)
      await variant.run(counter++);
  }
  for (let roundIndex = 0; roundIndex < options.rounds; roundIndex++) {
    const order = variants.map((_, index) => variants[(index + roundIndex) % variants.length] as Variant);
    for (const variant of order) {
      const cpuBefore = cpuMicros();
      const started = process.hrtime.bigint();
      for (let index = 0; index < options.iterations; index++) await variant.run(counter++);
      const elapsed = Number(process.hrtime.bigint() - started) / 1000;
      perRound[variant.name]?.push(elapsed / options.iterations);
      cpuPerRound[variant.name]?.push((cpuMicros() - cpuBefore) / options.iterations);
    }
  }
  return Object.fromEntries(
    Object.entries(perRound).map(([name, rounds]) => [
      name,
      { ...summarize(rounds), cpu: summarize(cpuPerRound[name] ?? []) },
    ]),
  );
}

/** CPU time of this process in µs (user + system). */
export function cpuMicros(): number {
  const usage = process.cpuUsage();
  return usage.user + usage.system;
}
