import { z } from 'zod';
import { parsePemCertificates } from './certificate-fingerprint.js';
import { idSchema } from './input-limits.js';
import { extensionsSchema, nameSchema } from './route-schema.js';
import { secretInputSchema } from './secret-schema.js';

function isPemCertificate(value: string): boolean {
  try {
    return parsePemCertificates(value).length > 0;
  } catch {
    return false;
  }
}

/** A certificate or chain as PEM text: at least one `BEGIN CERTIFICATE` block, every block parseable. */
export const pemCertificateSchema = z
  .string()
  .refine(isPemCertificate, { message: 'must be a PEM certificate (-----BEGIN CERTIFICATE----- …)' });

/** Input of `client.keyPairs.create()`. */
export const keyPairCreateInputSchema = z.strictObject({
  /** The namespace the key pair lives in. */
  namespaceId: idSchema,
  /** The certificate (or chain) as PEM text. */
  certificate: pemCertificateSchema,
  /** The private key as PEM text (a string or a Secret); write-only. */
  privateKey: secretInputSchema.optional(),
  /** Display name. */
  name: nameSchema.optional(),
  /** Free tag naming the writing tool. */
  originatorId: z.string().max(256).optional(),
  /** Backend-specific fields, keyed by backend name. */
  extensions: extensionsSchema.optional(),
});

/** Input of `client.keyPairs.update()`: keys left out keep their value. */
export const keyPairUpdatePatchSchema = z.strictObject({
  name: nameSchema.optional(),
  certificate: pemCertificateSchema.optional(),
  privateKey: secretInputSchema.optional(),
  originatorId: z.string().max(256).optional(),
  extensions: extensionsSchema.optional(),
});
