import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { SyncPlan } from '@pomerium-unified/sync';
import * as z from 'zod';
import { CliError } from './cli-error.js';
import type { CliIo } from './cli-io.js';
import { exitCodes } from './exit-codes.js';

const kinds = ['namespace', 'policy', 'route', 'keyPair', 'settings', 'serviceAccount'] as const;

const changeSchema = z.looseObject({
  action: z.enum(['create', 'update', 'delete']),
  kind: z.enum(kinds),
  key: z.string(),
});

const issueSchema = z.looseObject({
  severity: z.enum(['error', 'warning']),
  kind: z.enum(kinds),
  key: z.string(),
  rule: z.string(),
  reason: z.string(),
});

const count = z.number().int().min(0);

/** The shape a saved plan must have before it is applied (the sync engine checks the rest). */
const planSchema = z.looseObject({
  formatVersion: z.literal(1),
  target: z.looseObject({ backend: z.string(), digest: z.string() }),
  changes: z.array(changeSchema),
  fidelity: z.array(issueSchema),
  summary: z.looseObject({ create: count, update: count, delete: count, unchanged: count }),
});

/**
 * Reads a plan saved by `pomerium-unified plan -o`. A file that is not JSON or
 * not a plan of a known format version is a usage error naming the first bad field.
 */
export async function readPlanFile(io: CliIo, path: string): Promise<SyncPlan> {
  const absolute = resolve(io.cwd, path);
  let data: unknown;
  try {
    data = JSON.parse(await readFile(absolute, 'utf8'));
  } catch (error) {
    const reason = error instanceof SyntaxError ? 'not JSON' : ((error as NodeJS.ErrnoException).code ?? 'unreadable');
    throw new CliError(`Cannot read the plan ${absolute} (${reason})`, exitCodes.error);
  }
  const parsed = planSchema.safeParse(data);
  if (!parsed.success) {
    const [issue] = parsed.error.issues;
    const field = issue?.path.map(String).join('.') || 'plan';
    throw new CliError(`${absolute} is not a pomerium-unified plan: ${field}: ${issue?.message}`, exitCodes.error);
  }
  return data as SyncPlan;
}
