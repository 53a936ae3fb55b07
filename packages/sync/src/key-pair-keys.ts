import { createPrivateKey, createPublicKey, type KeyObject, type X509Certificate } from 'node:crypto';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import {
  normalizeFingerprint,
  PomeriumError,
  parsePemCertificates,
  registerSecret,
  Secret,
  type SecretInput,
} from '@pomerium-unified/core';

/**
 * The user's private keys of key pairs, which no document holds: a map
 * fingerprint → PEM private key, or a list of PEM private keys that are matched
 * to the certificates by public key (so files need not be named after
 * fingerprints). Values may be `Secret`s; strings are wrapped and registered
 * for redaction at once.
 */
export type KeyPairKeys = Readonly<Record<string, SecretInput>> | readonly SecretInput[];

/** The private keys matched to fingerprints. */
export interface ResolvedKeyPairKeys {
  /** Fingerprint → private key. */
  keys: Map<string, Secret>;
  /** How many keys belong to no certificate in question. */
  unmatched: number;
}

const privateKeyBlock = /-----BEGIN ((?:[A-Z0-9]+ )*)PRIVATE KEY-----[\s\S]*?-----END \1PRIVATE KEY-----/;

/** Largest key file read from a directory; bigger files are not keys. */
const maxKeyFileBytes = 1024 * 1024;

function invalid(message: string, field: string): never {
  throw new PomeriumError(message, { code: 'invalid_argument', field });
}

/** Wraps a key as a Secret and also registers its base64 body, which a server could echo without the armour. */
function secretKey(value: SecretInput): Secret {
  const secret = Secret.from(value);
  if (!secret.masked) {
    const body = secret
      .reveal()
      .split('\n')
      .filter((line) => line.trim() !== '' && !line.startsWith('-----') && !line.includes(':'))
      .join('');
    registerSecret(body);
  }
  return secret;
}

/** The SPKI DER of a public key as hex: the same for a private key and its certificate. */
function publicKeyId(key: KeyObject): string {
  return (key.export({ type: 'spki', format: 'der' }) as Buffer).toString('hex');
}

/** The private key of a secret, or undefined when it is not an unencrypted PEM private key (no message: it is secret). */
function privateKeyOf(secret: Secret): KeyObject | undefined {
  if (secret.masked) return undefined;
  const block = privateKeyBlock.exec(secret.reveal())?.[0];
  if (block === undefined) return undefined;
  try {
    return createPrivateKey(block);
  } catch {
    return undefined;
  }
}

/** The public key id of the leaf certificate of `pem`; undefined when it does not parse. */
function certificateKeyId(pem: string): string | undefined {
  try {
    const [leaf] = parsePemCertificates(pem);
    return leaf ? publicKeyId((leaf as X509Certificate).publicKey) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Matches the user's private keys to certificates (fingerprint → PEM). A list
 * is matched by public key; a map's fingerprints must be well formed and each
 * key must belong to its certificate when that is known. A value that is not a
 * PEM private key is `invalid_argument` naming its position, never its text.
 */
export function resolveKeyPairKeys(
  keys: KeyPairKeys | undefined,
  certificates: ReadonlyMap<string, string>,
  field = 'keyPairKeys',
): ResolvedKeyPairKeys {
  const result: ResolvedKeyPairKeys = { keys: new Map(), unmatched: 0 };
  if (keys === undefined) return result;
  if (keys === null || typeof keys !== 'object') {
    invalid(`${field} must map fingerprints to PEM private keys, or list PEM private keys`, field);
  }
  const byPublicKey = new Map<string, string>();
  const keyIdOf = new Map<string, string | undefined>();
  const certificateKey = (fingerprint: string) => {
    if (!keyIdOf.has(fingerprint)) {
      const pem = certificates.get(fingerprint);
      keyIdOf.set(fingerprint, pem === undefined ? undefined : certificateKeyId(pem));
    }
    return keyIdOf.get(fingerprint);
  };
  const entries: [string | undefined, SecretInput, string][] = Array.isArray(keys)
    ? (keys as readonly SecretInput[]).map((value, index) => [undefined, value, `${field}[${index}]`])
    : Object.entries(keys as Record<string, SecretInput>).map(([fingerprint, value]) => [
        fingerprint,
        value,
        `${field}.${fingerprint}`,
      ]);
  if (Array.isArray(keys)) {
    for (const fingerprint of certificates.keys()) {
      const id = certificateKey(fingerprint);
      if (id !== undefined) byPublicKey.set(id, fingerprint);
    }
  }
  for (const [given, value, where] of entries) {
    if (typeof value !== 'string' && !Secret.isSecret(value)) invalid(`${where} must be a PEM private key`, where);
    const secret = secretKey(value);
    const privateKey = privateKeyOf(secret);
    if (!privateKey) invalid(`${where} is not an unencrypted PEM private key`, where);
    const keyId = publicKeyId(createPublicKey(privateKey));
    if (given === undefined) {
      const fingerprint = byPublicKey.get(keyId);
      if (fingerprint === undefined) result.unmatched++;
      else result.keys.set(fingerprint, secret);
      continue;
    }
    const fingerprint = normalizeFingerprint(given);
    if (fingerprint === undefined) invalid(`${where}: the key must be a SHA-256 fingerprint (64 hex digits)`, where);
    const expected = certificateKey(fingerprint);
    if (certificates.has(fingerprint) && expected !== keyId) {
      invalid(`${where}: the private key does not belong to the certificate with this fingerprint`, where);
    }
    if (!certificates.has(fingerprint)) result.unmatched++;
    else result.keys.set(fingerprint, secret);
  }
  return result;
}

/** What {@link readKeyPairKeys} found in a directory. */
export interface KeyPairKeyFiles {
  /** The private keys (PEM), as secrets registered for redaction. */
  keys: Secret[];
  /** Files that hold no usable private key, by name, with why (never their content). */
  skipped: Array<{ file: string; reason: string }>;
}

/**
 * Reads every file of `dir` (not recursively) and keeps the unencrypted PEM
 * private keys it finds (one per file; a file may also hold certificates).
 * Pass the keys as `keyPairKeys`: they are matched to certificates by public
 * key, so file names do not matter. Other files are listed in `skipped`.
 */
export async function readKeyPairKeys(dir: string): Promise<KeyPairKeyFiles> {
  let names: string[];
  try {
    names = (await readdir(dir)).sort();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException)?.code ?? 'unreadable';
    return invalid(`Cannot read the key directory ${dir} (${code})`, 'keyPairKeys');
  }
  const result: KeyPairKeyFiles = { keys: [], skipped: [] };
  for (const name of names) {
    const path = join(dir, name);
    const info = await stat(path).catch(() => undefined);
    if (!info?.isFile()) continue;
    if (info.size > maxKeyFileBytes) {
      result.skipped.push({ file: name, reason: 'too large for a key file' });
      continue;
    }
    const text = await readFile(path, 'utf8').catch(() => undefined);
    const block = text === undefined ? undefined : privateKeyBlock.exec(text)?.[0];
    if (block === undefined) {
      result.skipped.push({ file: name, reason: 'holds no PEM private key' });
      continue;
    }
    const secret = secretKey(block);
    if (!privateKeyOf(secret)) {
      result.skipped.push({ file: name, reason: 'the private key is encrypted or does not parse' });
      continue;
    }
    result.keys.push(secret);
  }
  return result;
}
