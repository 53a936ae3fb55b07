import { createPrivateKey, type KeyObject } from 'node:crypto';
import * as z from 'zod';
import { parsePemCertificates } from './certificate-fingerprint.js';
import { idSchema } from './input-limits.js';
import { extensionsSchema, nameSchema } from './route-schema.js';
import type { Secret } from './secret.js';
import { secretInputSchema } from './secret-schema.js';

function privateKeyOf(secret: Secret): KeyObject | undefined {
  try {
    return createPrivateKey({ key: secret.reveal(), format: 'pem' });
  } catch {
    return undefined;
  }
}

/** A private key as PEM text (a string or a Secret), parsed into a Secret; the message never shows it. */
export const pemPrivateKeySchema = secretInputSchema.refine((secret) => privateKeyOf(secret) !== undefined, {
  message: 'must be an unencrypted PEM private key (-----BEGIN PRIVATE KEY----- …)',
});

function keyMatchesCertificate(certificate: string, secret: Secret): boolean {
  try {
    const [first] = parsePemCertificates(certificate);
    const key = privateKeyOf(secret);
    return first === undefined || key === undefined || first.checkPrivateKey(key);
  } catch {
    return false;
  }
}

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

/** When both are given, the private key must belong to the (first) certificate. */
function checkKeyMatchesCertificate(
  value: { certificate?: string | undefined; privateKey?: Secret | undefined },
  context: z.RefinementCtx,
): void {
  if (value.certificate === undefined || value.privateKey === undefined) return;
  if (!keyMatchesCertificate(value.certificate, value.privateKey)) {
    context.addIssue({ code: 'custom', path: ['privateKey'], message: 'does not belong to the certificate' });
  }
}

/** Input of `client.keyPairs.create()`. */
export const keyPairCreateInputSchema = z
  .strictObject({
    /** The namespace the key pair lives in. */
    namespaceId: idSchema,
    /** The certificate (or chain) as PEM text. */
    certificate: pemCertificateSchema,
    /** The private key as PEM text (a string or a Secret); write-only. */
    privateKey: pemPrivateKeySchema.optional(),
    /** Display name. */
    name: nameSchema.optional(),
    /** Free tag naming the writing tool. */
    originatorId: z.string().max(256).optional(),
    /** Backend-specific fields, keyed by backend name. */
    extensions: extensionsSchema.optional(),
  })
  .superRefine(checkKeyMatchesCertificate);

/** Input of `client.keyPairs.update()`: keys left out keep their value. */
export const keyPairUpdatePatchSchema = z
  .strictObject({
    name: nameSchema.optional(),
    certificate: pemCertificateSchema.optional(),
    privateKey: pemPrivateKeySchema.optional(),
    originatorId: z.string().max(256).optional(),
    extensions: extensionsSchema.optional(),
  })
  .superRefine(checkKeyMatchesCertificate);
