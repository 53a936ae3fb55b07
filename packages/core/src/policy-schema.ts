import { z } from 'zod';
import { findPplIssues } from './ppl.js';
import { extensionsSchema, nameSchema } from './route-schema.js';

/** A PPL document (a rule or an array of rules), checked structurally. */
export const pplSchema = z.unknown().superRefine((value, context) => {
  for (const issue of findPplIssues(value, '')) {
    context.addIssue({
      code: 'custom',
      message: issue.message,
      path: issue.path
        .split(/[.[\]]/)
        .filter((segment) => segment !== '')
        .map((segment) => (/^\d+$/.test(segment) ? Number(segment) : segment)),
    });
  }
});

/** Input of `client.policies.create()`. */
export const policyCreateInputSchema = z.strictObject({
  /** The namespace the policy lives in. */
  namespaceId: z.string().trim().min(1, 'must not be empty'),
  /** Display name. */
  name: nameSchema,
  /** The policy in Pomerium Policy Language: a rule or an array of rules. */
  ppl: pplSchema,
  /** Human-readable description. */
  description: z.string().optional(),
  /** When true the policy applies to every route of its namespace and of the namespaces below it. */
  enforced: z.boolean().optional(),
  /** Shown to users who are denied: why. */
  explanation: z.string().optional(),
  /** Shown to users who are denied: what to do. */
  remediation: z.string().optional(),
  /** Backend-specific fields, keyed by backend name. */
  extensions: extensionsSchema.optional(),
});

/** Input of `client.policies.update()`: a partial patch; keys left out keep their value. */
export const policyUpdatePatchSchema = z.strictObject({
  name: nameSchema.optional(),
  ppl: pplSchema.optional(),
  description: z.string().optional(),
  enforced: z.boolean().optional(),
  explanation: z.string().optional(),
  remediation: z.string().optional(),
  extensions: extensionsSchema.optional(),
});
