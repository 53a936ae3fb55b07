/**
 * A fault a fake console can inject into a request:
 * - `unavailable`: a 503 (Zero) / `UNAVAILABLE` (Enterprise) before anything is stored;
 * - `rate_limited`: a 429 with `Retry-After` (Zero); `RESOURCE_EXHAUSTED` or, as a proxy in front would, an
 *   HTTP 429 with `Retry-After` (Enterprise); nothing stored;
 * - `reset_before_commit`: the connection (Zero) or stream (Enterprise) is reset before the request is served;
 * - `reset_after_commit`: the request is served (a write is stored), then the connection/stream is reset
 *   instead of answering;
 * - `stall`: nothing is answered for `stallMs`, then the connection/stream is reset; nothing stored;
 * - `slow_body`: the request is served, the answer's body trickles in pieces over `slowBodyMs`;
 * - `wrong_shape`: the request is served, and the answer has a body of the wrong shape (Zero: `[]` for an object,
 *   `{}` for a list; Enterprise: a message that does not decode).
 */
export type FaultKind =
  | 'unavailable'
  | 'rate_limited'
  | 'reset_before_commit'
  | 'reset_after_commit'
  | 'stall'
  | 'slow_body'
  | 'wrong_shape';

/** Every fault kind, in a fixed order. */
export const faultKinds: readonly FaultKind[] = [
  'unavailable',
  'rate_limited',
  'reset_before_commit',
  'reset_after_commit',
  'stall',
  'slow_body',
  'wrong_shape',
];

/** The fault kinds after which the request was served (a write is stored although the client sees a failure). */
export const faultKindsAfterCommit: readonly FaultKind[] = ['reset_after_commit', 'slow_body', 'wrong_shape'];

/** Fault injection of a fake console. */
export interface FaultOptions {
  /** Probability in [0, 1] that a request gets a fault. */
  rate: number;
  /** The kinds to draw from (uniformly). Default: every kind. */
  kinds?: FaultKind[];
  /** Seed of the pseudo-random sequence: the same seed and request order give the same faults. Default: random. */
  seed?: number;
  /** How long a `stall` holds the request before resetting it. Default 30000 ms. */
  stallMs?: number;
  /** Over how long a `slow_body` trickles its body. Default 2000 ms. */
  slowBodyMs?: number;
  /** The `Retry-After` of a `rate_limited` answer, in seconds. Default 1. */
  retryAfterSeconds?: number;
}

/** One injected fault. */
export interface InjectedFault {
  /** Its kind. */
  kind: FaultKind;
  /** The request it hit, e.g. `POST /organizations/:organizationId/routes` or `/pomerium.dashboard.RouteService/SetRoute`. */
  operation: string;
}

/** Counters of the faults a fake console injected. */
export interface FaultStats {
  /** The seed in use (reported even when it was drawn at random, to replay a run). */
  readonly seed: number;
  /** Requests that were eligible for a fault. */
  readonly requests: number;
  /** Faults injected in total. */
  readonly injected: number;
  /** Faults injected per kind. */
  readonly byKind: Readonly<Record<FaultKind, number>>;
  /** The most recent injected faults (up to 1,000), oldest first. */
  readonly recent: readonly InjectedFault[];
}

/** The fault injection of a running fake console: its counters, and a switch to change it at run time. */
export interface FaultController extends FaultStats {
  /** Turns fault injection on with new options (a new seed restarts the sequence), or off with `undefined`. */
  configure(options: FaultOptions | undefined): void;
  /** Sets the counters back to zero. */
  reset(): void;
}

function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** Checks fault options, throwing a `TypeError` that names the bad field. */
export function validateFaultOptions(options: FaultOptions): void {
  if (typeof options.rate !== 'number' || !(options.rate >= 0 && options.rate <= 1)) {
    throw new TypeError(`faults.rate: must be a number between 0 and 1, got ${String(options.rate)}`);
  }
  for (const kind of options.kinds ?? []) {
    if (!faultKinds.includes(kind)) {
      throw new TypeError(`faults.kinds: unknown fault kind "${String(kind)}" (known: ${faultKinds.join(', ')})`);
    }
  }
  if (options.kinds?.length === 0) throw new TypeError('faults.kinds: must name at least one kind');
  if (options.seed !== undefined && !Number.isInteger(options.seed)) {
    throw new TypeError('faults.seed: must be an integer');
  }
  for (const field of ['stallMs', 'slowBodyMs', 'retryAfterSeconds'] as const) {
    const value = options[field];
    if (value !== undefined && !(Number.isFinite(value) && value >= 0)) {
      throw new TypeError(`faults.${field}: must be a non-negative number`);
    }
  }
}

/** Parses the `--fault-kinds` CLI flag (comma-separated kinds). */
export function parseFaultKinds(text: string): FaultKind[] {
  const kinds = text
    .split(',')
    .map((kind) => kind.trim())
    .filter(Boolean);
  for (const kind of kinds) {
    if (!faultKinds.includes(kind as FaultKind)) {
      throw new TypeError(`--fault-kinds: unknown fault kind "${kind}" (known: ${faultKinds.join(', ')})`);
    }
  }
  return kinds as FaultKind[];
}

/**
 * Decides, request by request, whether to inject a fault and which one, from
 * a seeded pseudo-random sequence, and counts what it injected.
 */
export class FaultInjector {
  #options: Required<Omit<FaultOptions, 'seed'>> | undefined;
  #seed = 0;
  #random: () => number = Math.random;
  #requests = 0;
  #injected = 0;
  #byKind = emptyCounts();
  readonly #recent: InjectedFault[] = [];

  constructor(options?: FaultOptions) {
    this.configure(options);
  }

  /** Turns injection on with new options, or off with `undefined`. */
  configure(options: FaultOptions | undefined): void {
    if (!options) {
      this.#options = undefined;
      return;
    }
    validateFaultOptions(options);
    this.#seed = options.seed ?? Math.floor(Math.random() * 2 ** 31);
    this.#random = mulberry32(this.#seed);
    this.#options = {
      rate: options.rate,
      kinds: [...(options.kinds ?? faultKinds)],
      stallMs: options.stallMs ?? 30_000,
      slowBodyMs: options.slowBodyMs ?? 2_000,
      retryAfterSeconds: options.retryAfterSeconds ?? 1,
    };
  }

  /** The options in force, or undefined when injection is off. */
  get options(): Readonly<Required<Omit<FaultOptions, 'seed'>>> | undefined {
    return this.#options;
  }

  /** Draws the fault for one request (undefined: serve it normally) and counts it. */
  draw(operation: string): FaultKind | undefined {
    const options = this.#options;
    if (!options || options.rate === 0) return undefined;
    this.#requests += 1;
    if (this.#random() >= options.rate) return undefined;
    const kind = options.kinds[Math.floor(this.#random() * options.kinds.length)] as FaultKind;
    this.#injected += 1;
    this.#byKind[kind] += 1;
    this.#recent.push({ kind, operation });
    if (this.#recent.length > 1_000) this.#recent.shift();
    return kind;
  }

  /** A further pseudo-random number of the same sequence (e.g. to pick a variant of a fault). */
  next(): number {
    return this.#random();
  }

  /** The public view: counters and the run-time switch. */
  controller(): FaultController {
    const injector = this;
    return {
      get seed() {
        return injector.#seed;
      },
      get requests() {
        return injector.#requests;
      },
      get injected() {
        return injector.#injected;
      },
      get byKind() {
        return { ...injector.#byKind };
      },
      get recent() {
        return [...injector.#recent];
      },
      configure: (options) => injector.configure(options),
      reset: () => {
        injector.#requests = 0;
        injector.#injected = 0;
        injector.#byKind = emptyCounts();
        injector.#recent.length = 0;
      },
    };
  }
}

function emptyCounts(): Record<FaultKind, number> {
  return Object.fromEntries(faultKinds.map((kind) => [kind, 0])) as Record<FaultKind, number>;
}
