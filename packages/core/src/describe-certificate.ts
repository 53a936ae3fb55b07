import type { X509Certificate } from 'node:crypto';
import { parsePemCertificates } from './certificate-fingerprint.js';
import type { CertificateInfo, CertificateName } from './key-pair-model.js';

const nameKeys: Record<string, keyof CertificateName> = {
  C: 'country',
  O: 'organization',
  OU: 'organizationalUnit',
  L: 'locality',
  ST: 'province',
  street: 'streetAddress',
  postalCode: 'postalCode',
  serialNumber: 'serialNumber',
  CN: 'commonName',
};

function parseName(text: string): CertificateName {
  const name: CertificateName = {
    country: [],
    organization: [],
    organizationalUnit: [],
    locality: [],
    province: [],
    streetAddress: [],
    postalCode: [],
    serialNumber: '',
    commonName: '',
  };
  for (const line of text.split('\n')) {
    const separator = line.indexOf('=');
    if (separator <= 0) continue;
    const key = nameKeys[line.slice(0, separator)];
    const value = line.slice(separator + 1);
    if (key === undefined) continue;
    if (key === 'serialNumber' || key === 'commonName') name[key] = value;
    else name[key].push(value);
  }
  return name;
}

function subjectAltNames(certificate: X509Certificate, prefix: string): string[] {
  return (certificate.subjectAltName ?? '')
    .split(', ')
    .filter((entry) => entry.startsWith(`${prefix}:`))
    .map((entry) => entry.slice(prefix.length + 1));
}

function toIso(date: string): string | undefined {
  const time = Date.parse(date);
  return Number.isFinite(time) ? new Date(time).toISOString() : undefined;
}

function describeOne(certificate: X509Certificate): CertificateInfo {
  const extended = new Set(certificate.keyUsage ?? []);
  let serial = certificate.serialNumber;
  try {
    serial = BigInt(`0x${certificate.serialNumber}`).toString(10);
  } catch {
    // Keep the hex form.
  }
  return {
    version: 3,
    serial,
    issuer: parseName(certificate.issuer),
    subject: parseName(certificate.subject),
    notBefore: toIso(certificate.validFrom),
    notAfter: toIso(certificate.validTo),
    // Node does not expose the key-usage bits; an in-memory description leaves them false.
    keyUsage: {
      digitalSignature: false,
      contentCommitment: false,
      keyEncipherment: false,
      dataEncipherment: false,
      keyAgreement: false,
      certSign: certificate.ca,
      crlSign: false,
      encipherOnly: false,
      decipherOnly: false,
    },
    extKeyUsage: { serverAuth: extended.has('1.3.6.1.5.5.7.3.1'), clientAuth: extended.has('1.3.6.1.5.5.7.3.2') },
    dnsNames: subjectAltNames(certificate, 'DNS'),
    emailAddresses: subjectAltNames(certificate, 'email'),
    ipAddresses: subjectAltNames(certificate, 'IP Address'),
    uris: subjectAltNames(certificate, 'URI'),
    permittedDnsDomainsCritical: false,
    permittedDnsDomains: [],
    excludedDnsDomains: [],
    permittedIpRanges: [],
    excludedIpRanges: [],
    permittedEmailAddresses: [],
    excludedEmailAddresses: [],
    permittedUriDomains: [],
    excludedUriDomains: [],
  };
}

/**
 * A best-effort {@link CertificateInfo} per certificate of `pem`, computed
 * locally with node:crypto (names, serial in decimal, validity, subject
 * alternative names, server/client auth, CA flag). Key-usage bits other than
 * `certSign` and name constraints are not exposed by Node and stay false/empty.
 * Used by the memory backend; adapters use what the console returns.
 */
export function describeCertificates(pem: string | undefined): CertificateInfo[] {
  if (typeof pem !== 'string') return [];
  try {
    return parsePemCertificates(pem).map(describeOne);
  } catch {
    return [];
  }
}
