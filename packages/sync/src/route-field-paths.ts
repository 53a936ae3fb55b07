import { routeSecretPaths } from '@pomerium-unified/core';
/** Route settings that hold secrets, as dotted paths (core's `routeSecretPaths`: `Secret`s in the client). */
export const routeSecretFields = routeSecretPaths;

/** Route settings that hold ids of key pairs or other objects of one deployment, meaningless on another. */
export const routeDeploymentIdFields = [
  'tlsCustomCaKeyPairId',
  'tlsClientKeyPairId',
  'tlsDownstreamClientCaKeyPairId',
  'upstreamTunnel.sshPolicyId',
] as const;
