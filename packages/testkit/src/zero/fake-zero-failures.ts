/** An injected failure: the next matching requests get this status and body instead of being served. */
export interface FakeZeroFailure {
  /** HTTP status to answer. */
  status: number;
  /** JSON body; `{"error": "injected failure"}` when omitted. */
  body?: unknown;
  /** Only requests with this method. */
  method?: string;
  /** Only requests of this route key, e.g. `GET /organizations/:organizationId/routes`. */
  route?: string;
  /** How many requests fail; default 1. */
  times?: number;
}

/** The injected failures of the fake console, taken one by one by matching requests. */
export class FakeZeroFailures {
  readonly #failures: FakeZeroFailure[] = [];

  /** Makes the next matching requests fail with the given status and body. */
  inject(failure: FakeZeroFailure): void {
    this.#failures.push({ ...failure, times: failure.times ?? 1 });
  }

  /** Takes the injected failure matching a request, if any. */
  take(method: string, route: string): FakeZeroFailure | undefined {
    const index = this.#failures.findIndex(
      (failure) =>
        (failure.method === undefined || failure.method === method) &&
        (failure.route === undefined || failure.route === route),
    );
    if (index < 0) return undefined;
    const failure = this.#failures[index] as FakeZeroFailure;
    failure.times = (failure.times ?? 1) - 1;
    if (failure.times <= 0) this.#failures.splice(index, 1);
    return failure;
  }
}
