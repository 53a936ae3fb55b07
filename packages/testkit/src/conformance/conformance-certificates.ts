import { generate } from 'selfsigned';

/** A throwaway self-signed certificate and its private key, PEM. */
export interface KeyPairFixture {
  /** The certificate. */
  certificate: string;
  /** Its private key: the canary the secret rules look for. */
  privateKey: string;
}

/** Generates a self-signed client certificate (EC P-256, valid one day) for `commonName`. */
export async function createKeyPairFixture(commonName: string): Promise<KeyPairFixture> {
  const generated = await generate([{ name: 'commonName', value: commonName }], {
    keyType: 'ec',
    algorithm: 'sha256',
    notBeforeDate: new Date(Date.now() - 60_000),
    notAfterDate: new Date(Date.now() + 24 * 60 * 60 * 1000),
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'extKeyUsage', clientAuth: true },
      { name: 'subjectAltName', altNames: [{ type: 2, value: commonName }] },
    ],
  });
  return { certificate: generated.cert, privateKey: generated.private };
}

/** The base64 body of a PEM block without its armour and line breaks: what a leak would contain. */
export function pemBody(pem: string): string {
  return pem
    .split('\n')
    .filter((line) => line !== '' && !line.startsWith('-----'))
    .join('');
}
