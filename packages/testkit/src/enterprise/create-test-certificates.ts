import { generate } from 'selfsigned';

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
  const notBeforeDate = new Date(Date.now() - 60_000);
  const notAfterDate = new Date(Date.now() + 24 * 60 * 60 * 1000);
  const ca = await generate([{ name: 'commonName', value: 'pomerium-unified fake Enterprise console CA' }], {
    keyType: 'ec',
    algorithm: 'sha256',
    notBeforeDate,
    notAfterDate,
    extensions: [
      { name: 'basicConstraints', cA: true, critical: true },
      { name: 'keyUsage', keyCertSign: true, cRLSign: true, digitalSignature: true, critical: true },
    ],
  });
  const server = await generate([{ name: 'commonName', value: 'localhost' }], {
    keyType: 'ec',
    algorithm: 'sha256',
    notBeforeDate,
    notAfterDate,
    ca: { key: ca.private, cert: ca.cert },
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [
          { type: 2, value: 'localhost' },
          { type: 7, ip: '127.0.0.1' },
          { type: 7, ip: '::1' },
        ],
      },
    ],
  });
  const client = await generate([{ name: 'commonName', value: 'fake-enterprise-client' }], {
    keyType: 'ec',
    algorithm: 'sha256',
    notBeforeDate,
    notAfterDate,
    ca: { key: ca.private, cert: ca.cert },
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, critical: true },
      { name: 'extKeyUsage', clientAuth: true },
    ],
  });
  return {
    ca: ca.cert,
    clientCertificate: client.cert,
    clientKey: client.private,
    caKey: ca.private,
    serverCertificateChain: `${server.cert.trim()}\n${ca.cert.trim()}\n`,
    serverKey: server.private,
  };
}
