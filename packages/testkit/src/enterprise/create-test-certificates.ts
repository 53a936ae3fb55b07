import { generate } from 'selfsigned';

type CertificateExtensions = NonNullable<NonNullable<Parameters<typeof generate>[1]>['extensions']>;

/** A throwaway CA and a server certificate it signed, all PEM. */
export interface TestCertificates {
  /** The CA certificate: what clients trust. */
  ca: string;
  /** The CA private key. */
  caKey: string;
  /** The server certificate followed by the CA certificate (the chain a server presents). */
  serverCertificateChain: string;
  /** The server private key. */
  serverKey: string;
  /** A client certificate signed by the CA, for mutual TLS. */
  clientCertificate: string;
  /** The private key of the client certificate. */
  clientKey: string;
}

/**
 * Generates a test CA, a server certificate for `localhost`, `127.0.0.1` and
 * `::1`, and a client certificate for mutual TLS, all valid for one day. Uses EC P-256 keys, so it takes milliseconds.
 */
export async function createTestCertificates(): Promise<TestCertificates> {
  const validity = {
    keyType: 'ec',
    algorithm: 'sha256',
    notBeforeDate: new Date(Date.now() - 60_000),
    notAfterDate: new Date(Date.now() + 24 * 60 * 60 * 1000),
  } as const;
  const ca = await generate([{ name: 'commonName', value: 'pomerium-unified fake Enterprise console CA' }], {
    ...validity,
    extensions: [
      { name: 'basicConstraints', cA: true, critical: true },
      { name: 'keyUsage', keyCertSign: true, cRLSign: true, digitalSignature: true, critical: true },
    ],
  });
  /** A certificate the CA signs for `commonName`, with the given key usage and further extensions. */
  const leaf = (commonName: string, keyUsage: Record<string, boolean>, extensions: CertificateExtensions) =>
    generate([{ name: 'commonName', value: commonName }], {
      ...validity,
      ca: { key: ca.private, cert: ca.cert },
      extensions: [
        { name: 'basicConstraints', cA: false },
        { name: 'keyUsage', ...keyUsage, digitalSignature: true, critical: true },
        ...extensions,
      ],
    });
  const server = await leaf('localhost', { keyEncipherment: true }, [
    { name: 'extKeyUsage', serverAuth: true },
    {
      name: 'subjectAltName',
      altNames: [
        { type: 2, value: 'localhost' },
        { type: 7, ip: '127.0.0.1' },
        { type: 7, ip: '::1' },
      ],
    },
  ]);
  const client = await leaf('fake-enterprise-client', {}, [{ name: 'extKeyUsage', clientAuth: true }]);
  return {
    ca: ca.cert,
    clientCertificate: client.cert,
    clientKey: client.private,
    caKey: ca.private,
    serverCertificateChain: `${server.cert.trim()}\n${ca.cert.trim()}\n`,
    serverKey: server.private,
  };
}
