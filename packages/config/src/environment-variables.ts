/** The environment variables `createBackendFromEnv` reads, by meaning. */
export const environmentVariables = {
  /** Zero: the API user token (required). */
  zeroApiToken: 'POMERIUM_ZERO_API_TOKEN',
  /** Zero: console URL (default `https://console.pomerium.app`). */
  zeroUrl: 'POMERIUM_ZERO_URL',
  /** Zero: organization name, when the token sees several. */
  zeroOrganization: 'POMERIUM_ZERO_ORGANIZATION',
  /** Zero: cluster name or id to work in. */
  zeroCluster: 'POMERIUM_ZERO_CLUSTER',
  /** Enterprise: console API URL (required). */
  enterpriseUrl: 'POMERIUM_ENTERPRISE_URL',
  /** Enterprise: service account token (required). */
  serviceAccount: 'POMERIUM_SERVICE_ACCOUNT',
  /** Enterprise: PEM CA file trusted for the console. */
  enterpriseCaFile: 'POMERIUM_ENTERPRISE_CA_FILE',
  /** Enterprise: PEM client certificate file (mutual TLS, with the key file). */
  enterpriseCertFile: 'POMERIUM_ENTERPRISE_CERT_FILE',
  /** Enterprise: PEM client key file (mutual TLS, with the certificate file). */
  enterpriseKeyFile: 'POMERIUM_ENTERPRISE_KEY_FILE',
  /** Enterprise: TLS server name to send and verify. */
  enterpriseServerName: 'POMERIUM_ENTERPRISE_SERVER_NAME',
  /** Enterprise: `true` for HTTP/2 without TLS (h2c) to an `http://` URL. */
  enterprisePlaintext: 'POMERIUM_ENTERPRISE_PLAINTEXT',
  /** Both: timeout of one request in milliseconds. */
  timeoutMs: 'POMERIUM_TIMEOUT_MS',
} as const;

/** An environment: `process.env` or a plain record of strings. */
export type Environment = Readonly<Record<string, string | undefined>>;
