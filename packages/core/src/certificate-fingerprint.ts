import { createHash, X509Certificate } from 'node:crypto';

const pemCertificatePattern = /-----BEGIN CERTIFICATE-----([\s\S]*?)-----END CERTIFICATE-----/g;

/**
 * The certificates of a PEM text (a single certificate or a chain), in order, as
 * parsed `X509Certificate`s. Throws when a block does not parse; returns `[]`
 * when the text holds no certificate block.
 */
export function parsePemCertificates(pem: string): X509Certificate[] {
  const blocks = pem.match(pemCertificatePattern) ?? [];
  return blocks.map((block) => new X509Certificate(block));
}

/**
 * The fingerprint that matches a key pair across deployments: the SHA-256 of the
 * DER encoding of the first certificate of `pem`, as 64 lower-case hex digits
 * (no colons). Returns undefined when `pem` holds no parseable certificate.
 * Adapters fill `KeyPair.fingerprint` with it; neither console returns one.
 *
 * @example
 * certificateFingerprint(pem) // '3b0c…e1'
 */
export function certificateFingerprint(pem: string | undefined): string | undefined {
  if (typeof pem !== 'string' || pem === '') return undefined;
  try {
    const [first] = parsePemCertificates(pem);
    if (first === undefined) return undefined;
    return createHash('sha256').update(first.raw).digest('hex');
  } catch {
    return undefined;
  }
}

/**
 * A fingerprint as {@link certificateFingerprint} writes it: lower-case hex
 * without separators (`AB:CD:…` and `ab cd …` are accepted). Undefined when the
 * text is not 64 hex digits.
 */
export function normalizeFingerprint(fingerprint: string): string | undefined {
  const hex = fingerprint.replace(/[:\s]/g, '').toLowerCase();
  return /^[0-9a-f]{64}$/.test(hex) ? hex : undefined;
}
