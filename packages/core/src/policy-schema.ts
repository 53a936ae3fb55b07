import * as z from 'zod';
import { idSchema } from './input-limits.js';
import { findPplIssues } from './ppl.js';
import type { PplValidationOptions } from './ppl-check-criterion.js';
import { extensionsSchema, nameSchema } from './route-schema.js';

/**
 * A zod schema for a PPL document (a rule or an array of rules) checked like
 * {@link findPplIssues}: structure, criterion names ("did you mean") and
 * matchers. `{ allowUnknownCriteria: true }` lets criteria newer than the library through.
 */
export function createPplSchema(options: PplValidationOptions = {}) {
  return z.unknown().superRefine((value, context) => {
    for (const issue of findPplIssues(value, { ...options, path: '' })) {
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
}

/** A PPL document (a rule or an array of rules), checked structurally and against the known criteria. */
export const pplSchema = createPplSchema();

function policyCreateShape(ppl: z.ZodType) {
  return {
    /** The namespace the policy lives in. */
    namespaceId: idSchema,
    /** Display name. */
    name: nameSchema,
    /** The policy in Pomerium Policy Language: a rule or an array of rules. */
    ppl,
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
  };
}

function policyUpdateShape(ppl: z.ZodType) {
  return {
    name: nameSchema.optional(),
    ppl: ppl.optional(),
    description: z.string().optional(),
    enforced: z.boolean().optional(),
    explanation: z.string().optional(),
    remediation: z.string().optional(),
    extensions: extensionsSchema.optional(),
  };
}

/** Input of `client.policies.create()`. */
export const policyCreateInputSchema = z.strictObject(policyCreateShape(pplSchema));

/** Input of `client.policies.update()`: a partial patch; keys left out keep their value. */
export const policyUpdatePatchSchema = z.strictObject(policyUpdateShape(pplSchema));

const lenientPplSchema = createPplSchema({ allowUnknownCriteria: true });

/** {@link policyCreateInputSchema} letting PPL criteria unknown to the library through (`allowUnknownPplCriteria`). */
export const policyCreateInputSchemaAllowingUnknownCriteria = z.strictObject(policyCreateShape(lenientPplSchema));

/** {@link policyUpdatePatchSchema} letting PPL criteria unknown to the library through (`allowUnknownPplCriteria`). */
export const policyUpdatePatchSchemaAllowingUnknownCriteria = z.strictObject(policyUpdateShape(lenientPplSchema));
