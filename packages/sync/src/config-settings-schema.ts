import {
  settingsFieldsShape,
  settingsSecretKeys,
  settingsSecretListKeys,
  timestampSchema,
} from '@pomerium-unified/core';
import * as z from 'zod';
import { normalizePath } from './config-keys.js';

const extensions = z.record(z.string(), z.record(z.string(), z.unknown()));

const path = z.string().refine((value) => normalizePath(value) === value, {
  message: 'must be a namespace path: `/` for the root, else names joined with `/`',
});

const secretKeys = new Set<string>(settingsSecretKeys);
const secretListKeys = new Set<string>(settingsSecretListKeys);

/** A settings field of a document: secrets stay text (a value or a marker), never a `Secret`. */
function documentField(key: string, schema: z.ZodType): z.ZodType {
  if (secretKeys.has(key)) return z.string();
  if (secretListKeys.has(key)) return z.array(z.string());
  return schema;
}

/** Every shared setting optional; secrets as text (or a marker); backend-only settings under `extensions`. */
export const configSettingsSchema = z.strictObject({
  ...Object.fromEntries(
    Object.entries(settingsFieldsShape).map(([key, schema]) => [
      key,
      documentField(key, schema as z.ZodType).optional(),
    ]),
  ),
  extensions: extensions.optional(),
});

/** A service-account entry: the bare user id, never a token. */
export const configServiceAccountSchema = z.strictObject({
  userId: z.string().trim().min(1, 'must not be empty').max(256, 'must be at most 256 characters'),
  namespace: path.optional(),
  description: z.string().optional(),
  expiresAt: timestampSchema.optional(),
  extensions: extensions.optional(),
});
