import * as z from 'zod';
import type {
  ZeroClusterDetails,
  ZeroCreatedServiceAccount,
  ZeroKeyPair,
  ZeroServiceAccount,
  ZeroSettings,
} from './zero-resource-wire-types.js';
import { check, checkList } from './zero-wire-schemas.js';

// Only what the adapter relies on is checked; unknown keys pass. Checks never
// copy a value into a message (a wrong-shaped answer may hold a secret).

const keyPairSchema = z.looseObject({
  id: z.string().min(1),
  namespaceId: z.string(),
  name: z.string().optional(),
  certificate: z.string().optional(),
  certificateInfo: z.array(z.record(z.string(), z.unknown())).optional(),
  hasKey: z.boolean(),
  origin: z.string(),
  originatorId: z.string().optional(),
  status: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

const serviceAccountSchema = z.looseObject({
  id: z.string().min(1),
  userId: z.string(),
  description: z.string(),
  expiresAt: z.string().optional(),
  originatorId: z.string().optional(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

const createdServiceAccountSchema = serviceAccountSchema.extend({ token: z.string().min(1) });
const tokenSchema = z.looseObject({ token: z.string().min(1) });

const settingsSchema = z.looseObject({
  id: z.string().min(1),
  createdAt: z.string().optional(),
  updatedAt: z.string().optional(),
  blobStorage: z.record(z.string(), z.unknown()).optional(),
});

const clusterSchema = z.looseObject({
  id: z.string().min(1),
  name: z.string(),
  namespaceId: z.string(),
  createdAt: z.string().optional(),
  updatedAt: z.string().optional(),
});

/** Checks one key pair. Throws `ZeroResponseShapeError`. */
export function parseZeroKeyPair(value: unknown): ZeroKeyPair {
  check(keyPairSchema, value, 'a key pair object');
  return value as ZeroKeyPair;
}

/** Checks a page of key pairs. */
export function parseZeroKeyPairs(value: unknown): ZeroKeyPair[] {
  checkList(keyPairSchema, value, 'key pairs');
  return value as ZeroKeyPair[];
}

/** Checks one service account. */
export function parseZeroServiceAccount(value: unknown): ZeroServiceAccount {
  check(serviceAccountSchema, value, 'a service account object');
  return value as ZeroServiceAccount;
}

/** Checks a page of service accounts. */
export function parseZeroServiceAccounts(value: unknown): ZeroServiceAccount[] {
  checkList(serviceAccountSchema, value, 'service accounts');
  return value as ZeroServiceAccount[];
}

/** Checks the answer of a service-account create: the account and its token. */
export function parseZeroCreatedServiceAccount(value: unknown): ZeroCreatedServiceAccount {
  check(createdServiceAccountSchema, value, 'a created service account with its token');
  return value as ZeroCreatedServiceAccount;
}

/** Checks the answer of `GET …/serviceAccounts/{id}/token`. */
export function parseZeroServiceAccountToken(value: unknown): { token: string } {
  check(tokenSchema, value, 'a service-account token ({token})');
  return value as { token: string };
}

/** Checks the settings of a cluster. */
export function parseZeroSettings(value: unknown): ZeroSettings {
  check(settingsSchema, value, 'a settings object');
  return value as ZeroSettings;
}

/** Checks one cluster. */
export function parseZeroClusterDetails(value: unknown): ZeroClusterDetails {
  check(clusterSchema, value, 'a cluster object');
  return value as ZeroClusterDetails;
}

/** Checks a list of clusters. */
export function parseZeroClusterList(value: unknown): ZeroClusterDetails[] {
  checkList(clusterSchema, value, 'clusters');
  return value as ZeroClusterDetails[];
}
