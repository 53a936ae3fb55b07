import * as z from 'zod';
import { idSchema } from './input-limits.js';
import { extensionsSchema } from './route-schema.js';
import { timestampSchema } from './secret-schema.js';

/** The bare account name of a service account: non-empty, no whitespace, no `@…` suffix needed. */
export const serviceAccountUserIdSchema = z
  .string()
  .min(1, 'must not be empty')
  .max(256, 'must be at most 256 characters')
  .regex(/^\S+$/, 'must not contain whitespace');

/** Input of `client.serviceAccounts.create()`. */
export const serviceAccountCreateInputSchema = z.strictObject({
  /** The bare account name. */
  userId: serviceAccountUserIdSchema,
  /** Free text. */
  description: z.string().max(4096).optional(),
  /** Expiry, RFC 3339. */
  expiresAt: timestampSchema.optional(),
  /** The owning namespace (Enterprise). */
  namespaceId: idSchema.optional(),
  /** Free tag naming the writing tool. */
  originatorId: z.string().max(256).optional(),
  /** Backend-specific fields, keyed by backend name. */
  extensions: extensionsSchema.optional(),
});

/** Input of `client.serviceAccounts.update()`: keys left out keep their value; `expiresAt: null` removes the expiry. */
export const serviceAccountUpdatePatchSchema = z.strictObject({
  description: z.string().max(4096).optional(),
  expiresAt: timestampSchema.nullable().optional(),
  originatorId: z.string().max(256).optional(),
  extensions: extensionsSchema.optional(),
});
