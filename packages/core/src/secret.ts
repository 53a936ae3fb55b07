import { PomeriumError } from './pomerium-error.js';
import { redactedPlaceholder, registerSecret } from './redact-secrets.js';

/** What a masked secret (returned by a server in masked form) shows instead of a value. */
export const maskedPlaceholder = '[MASKED]';

const secretBrand = Symbol.for('@pomerium-unified/core.Secret');
const inspectCustom = Symbol.for('nodejs.util.inspect.custom');

/** Unregisters a secret's redaction once its wrapper is garbage-collected. */
const unregisterOnCollect = new FinalizationRegistry<() => void>((unregister) => unregister());

/**
 * A secret value (a private key, a token, a client secret) that cannot leak by
 * accident: `String()`, template literals, `JSON.stringify`, `util.inspect` and
 * `console.log` show `[REDACTED]` (or `[MASKED]`); the value is not an own
 * property, so spreading or cloning the wrapper drops it. Its value is also
 * registered with {@link registerSecret}, so every `PomeriumError` and client log
 * line redacts it. Only {@link Secret.reveal} returns the value.
 *
 * A *masked* secret stands for a value a server returned masked (or not at
 * all): it is known to be set, its value is unknown, and `reveal()` throws.
 *
 * @example
 * const key = Secret.of(pem);
 * `${key}`            // '[REDACTED]'
 * key.reveal()        // the PEM text
 */
export class Secret {
  readonly #value: string | undefined;
  readonly #unregister: () => void;

  private constructor(value: string | undefined) {
    this.#value = value;
    this.#unregister = registerSecret(value);
    if (value !== undefined) unregisterOnCollect.register(this, this.#unregister);
    Object.defineProperty(this, secretBrand, { value: true });
    Object.freeze(this);
  }

  /** Wraps a secret value (and registers it for redaction). */
  static of(value: string): Secret {
    if (typeof value !== 'string') {
      throw new PomeriumError('Secret.of needs a string', { code: 'invalid_argument', field: 'secret' });
    }
    return new Secret(value);
  }

  /** A secret the server returned masked: set, value unknown. */
  static masked(): Secret {
    return new Secret(undefined);
  }

  /** `value` as a Secret: a Secret is returned as is, a string is wrapped. */
  static from(value: string | Secret): Secret {
    return Secret.isSecret(value) ? value : Secret.of(value);
  }

  /** True for a Secret (also one made by another copy of this library). */
  static isSecret(value: unknown): value is Secret {
    return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[secretBrand] === true;
  }

  /** True when the server returned this secret masked: its value is unknown and {@link reveal} throws. */
  get masked(): boolean {
    return this.#value === undefined;
  }

  /**
   * The secret value. Throws `failed_precondition` for a masked secret, whose
   * value the server did not return.
   */
  reveal(): string {
    if (this.#value === undefined) {
      throw new PomeriumError('This secret was returned masked by the server; its value is unknown', {
        code: 'failed_precondition',
      });
    }
    return this.#value;
  }

  /** True when both hold the same known value (masked secrets equal nothing). */
  equals(other: Secret | string): boolean {
    if (this.#value === undefined) return false;
    if (typeof other === 'string') return this.#value === other;
    return Secret.isSecret(other) && !other.masked && other.reveal() === this.#value;
  }

  /** The marker, never the value. */
  toString(): string {
    return this.#value === undefined ? maskedPlaceholder : redactedPlaceholder;
  }

  /** The marker, never the value: exports carry secrets only when the caller reveals them. */
  toJSON(): string {
    return this.toString();
  }

  /** What `util.inspect` and `console.log` show. */
  [inspectCustom](): string {
    return `Secret(${this.toString()})`;
  }
}

/** A secret in an input: a plain string or a {@link Secret}; the client turns it into a Secret. */
export type SecretInput = string | Secret;

/**
 * The text of `value` when it is a Secret with a known value (`reveal()`), or a
 * string; undefined otherwise. For adapters writing a secret to the wire.
 */
export function revealSecret(value: SecretInput | undefined | null): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return value;
  return value.masked ? undefined : value.reveal();
}
