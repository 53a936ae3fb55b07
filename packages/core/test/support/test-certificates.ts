/** Throwaway self-signed EC certificates and keys (valid 2026–2126) for core tests; never used anywhere real. */

/** Test certificate 'first'. */
export const firstCertificate = `-----BEGIN CERTIFICATE-----
MIIBhDCCASmgAwIBAgIJUoxvWFYTsKuRMAoGCCqGSM49BAMCMCIxIDAeBgNVBAMT
F2tleXBhaXItb25lLmV4YW1wbGUuY29tMCAXDTI2MDEwMTAwMDAwMFoYDzIxMjYw
MTAxMDAwMDAwWjAiMSAwHgYDVQQDExdrZXlwYWlyLW9uZS5leGFtcGxlLmNvbTBZ
MBMGByqGSM49AgEGCCqGSM49AwEHA0IABO2kE97uyK768s59BW+xc+ej8XDgXqOM
qrftA4JqtGzf/ylTOCqn2WFD+go8/jtxCwotLesyJWkFgK6ZtRF+R46jRjBEMAkG
A1UdEwQCMAAwEwYDVR0lBAwwCgYIKwYBBQUHAwIwIgYDVR0RBBswGYIXa2V5cGFp
ci1vbmUuZXhhbXBsZS5jb20wCgYIKoZIzj0EAwIDSQAwRgIhAPpGfoMnhrsgx9sr
JYOsZnV+Ju35tPGqRgQ8NLyO/lmdAiEA5hndN8r3FG7AweXweU6yw3zn6sPxqdWZ
2nx6yf8lyG8=
-----END CERTIFICATE-----
`;
/** The private key of test certificate 'first'. */
export const firstPrivateKey = `-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgImm9BM12/CtritNI
MBlyt4Da2GtlrXQId8bZCCvmVoihRANCAATtpBPe7siu+vLOfQVvsXPno/Fw4F6j
jKq37QOCarRs3/8pUzgqp9lhQ/oKPP47cQsKLS3rMiVpBYCumbURfkeO
-----END PRIVATE KEY-----
`;

/** Test certificate 'second'. */
export const secondCertificate = `-----BEGIN CERTIFICATE-----
MIIBgzCCASmgAwIBAgIJXFnYAFjeXb2oMAoGCCqGSM49BAMCMCIxIDAeBgNVBAMT
F2tleXBhaXItdHdvLmV4YW1wbGUuY29tMCAXDTI2MDEwMTAwMDAwMFoYDzIxMjYw
MTAxMDAwMDAwWjAiMSAwHgYDVQQDExdrZXlwYWlyLXR3by5leGFtcGxlLmNvbTBZ
MBMGByqGSM49AgEGCCqGSM49AwEHA0IABNCTLypagHHY0NUzjXbJomnLAh4ND8Oi
GgUh61iPWWZ2p/TAIkvY6ap5pGD6eo+/l+i1Iu7sFnBLLU77Oau0FNyjRjBEMAkG
A1UdEwQCMAAwEwYDVR0lBAwwCgYIKwYBBQUHAwIwIgYDVR0RBBswGYIXa2V5cGFp
ci10d28uZXhhbXBsZS5jb20wCgYIKoZIzj0EAwIDSAAwRQIhANknkPTtZ1moictB
gCbnS0FlMKDhhS1JeJfCZfMiAdUzAiBmerBJT2WJacMxarmBgpBI4EKK/xOoiEwm
9kz+ji1cow==
-----END CERTIFICATE-----
`;
/** The private key of test certificate 'second'. */
export const secondPrivateKey = `-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg+blYlyJqYNLuqTc5
qiWY1E8ej/+/fLL/8hrS77vNH/uhRANCAATQky8qWoBx2NDVM412yaJpywIeDQ/D
ohoFIetYj1lmdqf0wCJL2OmqeaRg+nqPv5fotSLu7BZwSy1O+zmrtBTc
-----END PRIVATE KEY-----
`;
