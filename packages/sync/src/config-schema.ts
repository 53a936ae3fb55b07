import {
  normalizeFingerprint,
  pplSchema,
  routeMcpSchema,
  routeSettingsShape,
  upstreamOAuth2Schema,
  urlSchema,
} from '@pomerium-unified/core';
import * as z from 'zod';
import { normalizePath } from './config-keys.js';
import { configServiceAccountSchema, configSettingsSchema } from './config-settings-schema.js';

const name = z.string().trim().min(1, 'must not be empty').max(256, 'must be at most 256 characters');

const path = z.string().refine((value) => normalizePath(value) === value, {
  message: 'must be a namespace path: `/` for the root, else names joined with `/` (a `/` inside a name written %2F)',
});

const extensions = z.record(z.string(), z.record(z.string(), z.unknown()));

/** A namespace entry. */
export const configNamespaceSchema = z.strictObject({ path, extensions: extensions.optional() });

/** A policy entry. */
export const configPolicySchema = z.strictObject({
  namespace: path,
  name,
  description: z.string().optional(),
  enforced: z.boolean().optional(),
  ppl: pplSchema,
  explanation: z.string().optional(),
  remediation: z.string().optional(),
  extensions: extensions.optional(),
});

/** A reference from a route to a policy. */
export const configPolicyRefSchema = z.union([name, z.strictObject({ namespace: path, name })]);

const [mcpServerMode, mcpClientMode] = routeMcpSchema.options;

/** The MCP setting as a document holds it: the OAuth2 client secret a plain string (or the marker). */
const configMcpSchema = z.union([
  z.strictObject({
    server: mcpServerMode.shape.server.extend({
      upstreamOAuth2: upstreamOAuth2Schema.extend({ clientSecret: z.string() }).optional(),
    }),
  }),
  mcpClientMode,
]);

/** A certificate fingerprint: 64 hex digits (colons allowed), normalised to lower case without separators. */
const fingerprint = z
  .string()
  .refine((value) => normalizeFingerprint(value) !== undefined, {
    message: 'must be a SHA-256 fingerprint (64 hex digits)',
  })
  .transform((value) => normalizeFingerprint(value)!);

/** A key-pair entry: the certificate, never the private key. */
export const configKeyPairSchema = z.strictObject({
  fingerprint,
  namespace: path,
  name: z.string().optional(),
  certificate: z.string().min(1, 'must hold a PEM certificate'),
  extensions: extensions.optional(),
});

/** A route entry: the shared route settings (secrets as plain strings or the marker), policies by name, key pairs by fingerprint. */
export const configRouteSchema = z.strictObject({
  namespace: path,
  name,
  from: urlSchema,
  to: z.array(urlSchema),
  policies: z.array(configPolicyRefSchema).optional(),
  ...routeSettingsShape,
  identityProviderClientSecret: z.string().optional(),
  kubernetesServiceAccountToken: z.string().optional(),
  mcp: configMcpSchema.optional(),
  tlsClientKeyPair: fingerprint.optional(),
  tlsCustomCaKeyPair: fingerprint.optional(),
  tlsDownstreamClientCaKeyPair: fingerprint.optional(),
  extensions: extensions.optional(),
});

/** A whole `pomerium-unified/v1` `PomeriumConfig` document. */
export const pomeriumConfigSchema = z.strictObject({
  apiVersion: z.literal('pomerium-unified/v1'),
  kind: z.literal('PomeriumConfig'),
  source: z.strictObject({ backend: z.string() }).optional(),
  namespaces: z.array(configNamespaceSchema).default([]),
  policies: z.array(configPolicySchema).default([]),
  routes: z.array(configRouteSchema).default([]),
  keyPairs: z.array(configKeyPairSchema).optional(),
  settings: configSettingsSchema.optional(),
  serviceAccounts: z.array(configServiceAccountSchema).optional(),
});
