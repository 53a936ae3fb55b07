/** Zero's `KeyPairWithCertificateInfo` (keys as on the wire; the private key is never returned). */
export interface ZeroKeyPair extends Record<string, unknown> {
  id: string;
  namespaceId: string;
  name?: string;
  /** PEM text. */
  certificate?: string;
  /** One entry per certificate of the PEM. */
  certificateInfo?: Record<string, unknown>[];
  hasKey: boolean;
  /** `user` or `system` (made by Zero; read-only). */
  origin: string;
  originatorId?: string;
  /** `pending` or `ready`. */
  status: string;
  createdAt: string;
  updatedAt: string;
}

/** Zero's `ServiceAccount` (a create answer adds `token`, which never reaches the model). */
export interface ZeroServiceAccount extends Record<string, unknown> {
  id: string;
  userId: string;
  description: string;
  expiresAt?: string;
  originatorId?: string;
  createdAt: string;
  updatedAt: string;
}

/** Zero's `CreateServiceAccountResponse`: the account and its token (a secret). */
export interface ZeroCreatedServiceAccount extends ZeroServiceAccount {
  token: string;
}

/** Zero's `Settings` of one cluster: keys as on the wire. */
export interface ZeroSettings extends Record<string, unknown> {
  id: string;
  createdAt?: string;
  updatedAt?: string;
}

/** Zero's `Cluster`, every key (a create answer's `refreshToken` never reaches the model). */
export interface ZeroClusterDetails extends Record<string, unknown> {
  id: string;
  name: string;
  namespaceId: string;
  createdAt?: string;
  updatedAt?: string;
}
