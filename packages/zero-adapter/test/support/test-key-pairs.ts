/** Throwaway self-signed EC certificates and keys for Zero adapter tests; never used anywhere real. */

/** Test certificate 'one' (CN zero-one.example.com, client auth). */
export const certificateOne = `-----BEGIN CERTIFICATE-----
MIIBzTCCAXOgAwIBAgIUM2iboC30AERUU34w8429ZmPNtX8wCgYIKoZIzj0EAwIw
HzEdMBsGA1UEAwwUemVyby1vbmUuZXhhbXBsZS5jb20wIBcNMjYxMTIzMDIxMTQ0
WhgPMjEyNjEwMzAwMjExNDRaMB8xHTAbBgNVBAMMFHplcm8tb25lLmV4YW1wbGUu
Y29tMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAErrtJU3ro7e8RtAjMUW+kTLUu
FmSe+edRyJdBuAWfRV+Kmtvkh8Kfd0pTa+fvy9YQ4E+iJdlZuO9Ejb8MTEOfyqOB
ijCBhzAdBgNVHQ4EFgQUcoS50cHoScd9LxtKD6nHfvmssZgwHwYDVR0jBBgwFoAU
coS50cHoScd9LxtKD6nHfvmssZgwDwYDVR0TAQH/BAUwAwEB/zAfBgNVHREEGDAW
ghR6ZXJvLW9uZS5leGFtcGxlLmNvbTATBgNVHSUEDDAKBggrBgEFBQcDAjAKBggq
hkjOPQQDAgNIADBFAiEAoj8VevE+8PabKuWoO5uxuYPsICHQXABcOLLCFJywAFEC
IDjf9y7y0cm2DDaeqHrH0U60FBhcrtYWUrSqzYavxtLT
-----END CERTIFICATE-----
`;
/** The private key of certificate 'one'. */
export const privateKeyOne = `-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgJlGrso6jOR/MxqTv
O/7xh9hePhOWhkopF7BD8mRdvpuhRANCAASuu0lTeujt7xG0CMxRb6RMtS4WZJ75
51HIl0G4BZ9FX4qa2+SHwp93SlNr5+/L1hDgT6Il2Vm470SNvwxMQ5/K
-----END PRIVATE KEY-----
`;

/** Test certificate 'two' (CN zero-two.example.com, client auth). */
export const certificateTwo = `-----BEGIN CERTIFICATE-----
MIIBzDCCAXOgAwIBAgIUQ+OLUTAjdCA6/palWO+Dfw44kUMwCgYIKoZIzj0EAwIw
HzEdMBsGA1UEAwwUemVyby10d28uZXhhbXBsZS5jb20wIBcNMjYxMTIzMDIxMTQ0
WhgPMjEyNjEwMzAwMjExNDRaMB8xHTAbBgNVBAMMFHplcm8tdHdvLmV4YW1wbGUu
Y29tMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEvcqY0ZZMbjXKBMhZOb8otxmj
OP2XSe4iF80pfOSZVeolbEn+XQKirILLYyMZdM2PrBtfubh0UOsorG5l5jYGxaOB
ijCBhzAdBgNVHQ4EFgQUAySs+SW06S0bzXSjZr7uOpDoxx8wHwYDVR0jBBgwFoAU
AySs+SW06S0bzXSjZr7uOpDoxx8wDwYDVR0TAQH/BAUwAwEB/zAfBgNVHREEGDAW
ghR6ZXJvLXR3by5leGFtcGxlLmNvbTATBgNVHSUEDDAKBggrBgEFBQcDAjAKBggq
hkjOPQQDAgNHADBEAiBAsqPFWaX28nIoX/EDPZ4poC+rQaUoAPmKZOoVWKPsYQIg
JQM7zhb0MS61Jj9+H1c4p9P02ng0zVAMKs+UD2XlG/A=
-----END CERTIFICATE-----
`;
/** The private key of certificate 'two'. */
export const privateKeyTwo = `-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgvB7mKbA34Abdp5Nu
ADGRevEMhZFv+oU9IBkEPGdlSy6hRANCAAS9ypjRlkxuNcoEyFk5vyi3GaM4/ZdJ
7iIXzSl85JlV6iVsSf5dAqKsgstjIxl0zY+sG1+5uHRQ6yisbmXmNgbF
-----END PRIVATE KEY-----
`;
