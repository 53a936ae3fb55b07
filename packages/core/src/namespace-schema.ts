import * as z from 'zod';
import { idSchema } from './input-limits.js';
import { extensionsSchema, nameSchema } from './route-schema.js';

/** Input of `client.namespaces.create()`. */
export const namespaceCreateInputSchema = z.strictObject({
  /** Display name. */
  name: nameSchema,
  /** The parent namespace; the root namespace when omitted. */
  parentId: idSchema.optional(),
  /** Backend-specific fields, keyed by backend name. */
  extensions: extensionsSchema.optional(),
});

/** Input of `client.namespaces.update()`: rename and/or move under another parent. */
export const namespaceUpdatePatchSchema = z.strictObject({
  name: nameSchema.optional(),
  parentId: idSchema.optional(),
  extensions: extensionsSchema.optional(),
});
