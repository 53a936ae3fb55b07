import * as z from 'zod';
import { Secret } from './secret.js';

/**
 * A secret in an input: a non-empty string or a {@link Secret} with a known
 * value; parsed into a Secret (a string is wrapped and registered for
 * redaction). A masked Secret is refused: its value is unknown. Messages never
 * contain the value.
 */
export const secretInputSchema = z
  .union([
    z.string().min(1, 'must not be empty'),
    z.custom<Secret>((value) => Secret.isSecret(value), 'must be a string or a Secret'),
  ])
  .refine((value) => typeof value === 'string' || !value.masked, {
    message: 'is a masked secret (its value is unknown) and cannot be written',
  })
  .transform((value) => Secret.from(value));

/** An RFC 3339 timestamp with a time zone, e.g. `2026-01-31T12:00:00Z`. */
export const timestampSchema = z.iso.datetime({ offset: true });
