import * as z from 'zod';

/** Names an environment variable, e.g. `ACME_ZERO_TOKEN`. */
const environmentVariableName = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be the name of an environment variable, e.g. ACME_ZERO_TOKEN');

const nonEmpty = z.string().trim().min(1, 'must not be empty');

const tokenSource = {
  /** Name of the environment variable that holds the token. */
  tokenEnv: environmentVariableName.optional(),
  /** Path of a file that holds the token (relative to the profiles file; `~/` expands). */
  tokenFile: nonEmpty.optional(),
};

const timeoutMs = z.number().int().min(1).max(2_147_483_647).optional();

/** A Pomerium Zero profile. */
export const zeroProfileSchema = z.strictObject({
  kind: z.literal('zero'),
  ...tokenSource,
  url: nonEmpty.optional(),
  organization: nonEmpty.optional(),
  cluster: nonEmpty.optional(),
  timeoutMs,
});

/** A Pomerium Enterprise profile. */
export const enterpriseProfileSchema = z.strictObject({
  kind: z.literal('enterprise'),
  ...tokenSource,
  url: nonEmpty,
  caFile: nonEmpty.optional(),
  certFile: nonEmpty.optional(),
  keyFile: nonEmpty.optional(),
  serverName: nonEmpty.optional(),
  plaintext: z.boolean().optional(),
  timeoutMs,
});

/** One named connection of a `pomerium-unified.yaml`. */
export const profileSchema = z.discriminatedUnion('kind', [zeroProfileSchema, enterpriseProfileSchema]);

/** A profile name: letters, digits, `.`, `_`, `-`; not `zero` or `enterprise` (those mean the environment). */
export const profileNameSchema = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'profile names use letters, digits, ".", "_" and "-"')
  .refine((name) => name !== 'zero' && name !== 'enterprise', 'zero and enterprise are reserved for the environment');

/** The whole `pomerium-unified.yaml` document. */
export const profilesDocumentSchema = z.strictObject({
  apiVersion: z.literal('pomerium-unified/v1').optional(),
  kind: z.literal('Profiles').optional(),
  profiles: z.record(profileNameSchema, profileSchema),
});

/** A Zero profile. */
export type ZeroProfile = z.infer<typeof zeroProfileSchema>;
/** An Enterprise profile. */
export type EnterpriseProfile = z.infer<typeof enterpriseProfileSchema>;
/** A Zero or Enterprise profile. */
export type Profile = z.infer<typeof profileSchema>;
