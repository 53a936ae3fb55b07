/** One HTTP request the Zero adapter sends: everything but the bound, which {@link ZeroTransport.send} takes. */
export interface ZeroWireRequest {
  /** HTTP method. */
  method: string;
  /** Path below the API prefix (`/api/v0/`), every segment already percent-encoded. */
  path: string;
  /** Query string without `?`, or empty. */
  search: string;
  /** Request headers (lower-case names). */
  headers: Record<string, string>;
  /** The JSON body, already serialised. */
  body?: string | undefined;
}

/** What a Zero request answered: status, the whole body as text, and the one header the adapter reads. */
export interface ZeroWireResponse {
  status: number;
  text: string;
  /** The `Retry-After` header, or null. */
  retryAfter: string | null;
}

/**
 * Sends the adapter's HTTP requests. Each `send` is bounded end to end
 * (connect, headers, whole body) by `timeoutMs`, rejecting with
 * {@link ZeroAttemptTimeoutError} when that bound fires, and by `signal`,
 * rejecting when it aborts; either way the request is cancelled.
 */
export interface ZeroTransport {
  /** Headers this transport wants on every request (merged once into the adapter's base headers). */
  readonly headers?: Readonly<Record<string, string>>;
  send(request: ZeroWireRequest, signal: AbortSignal | undefined, timeoutMs: number): Promise<ZeroWireResponse>;
  /** Closes what the transport owns (its connection pool); never a user's fetch or dispatcher. */
  close(): Promise<void>;
}

/** The attempt's `timeoutMs` fired before the whole answer arrived. */
export class ZeroAttemptTimeoutError extends Error {
  constructor() {
    super('the attempt timed out');
    this.name = 'ZeroAttemptTimeoutError';
  }
}
