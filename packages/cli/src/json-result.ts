import { PomeriumError } from '@pomerium-unified/core';
import type { ApplyResult, ConfigDiff, FidelityIssue, SyncPlan } from '@pomerium-unified/sync';
import type { ExitCode } from './exit-codes.js';
import { isSecretField } from './format/format-value.js';

/** The version of the `--json` result format. */
export const jsonFormatVersion = 1;

/** What went wrong, without a stack or a cause (which could carry a secret). */
export interface JsonError {
  code: string;
  message: string;
  field?: string;
}

/** The one object `--json` prints on stdout. */
export interface JsonResult {
  formatVersion: typeof jsonFormatVersion;
  /** The command that ran. */
  command: string;
  /** `done`, `no-changes`, `differences`, `dry-run`, `refused`, `failed` or `error`. */
  status: string;
  /** The process exit code. */
  exitCode: ExitCode;
  /** The plan summary and its changes (without desired values, which may hold secrets). */
  plan?: {
    target: SyncPlan['target'];
    summary: SyncPlan['summary'];
    changes: Array<{ action: string; kind: string; key: string; fields?: string[] }>;
  };
  /** The fidelity report. */
  fidelity?: FidelityIssue[];
  /** What the apply did. */
  result?: Omit<ApplyResult, 'failed'> & { failed: Array<{ key: string; kind: string; error: JsonError }> };
  /** Differences (diff); secret values replaced by `<secret>`. */
  diff?: ConfigDiff;
  /** Namespaces with their policies and routes (inventory). */
  inventory?: Array<{ path: string; kind: string; policies: string[]; routes: string[] }>;
  /** The error that ended the command. */
  error?: JsonError;
}

/** An error as JSON: code, message and field only. */
export function toJsonError(error: unknown): JsonError {
  if (error instanceof PomeriumError) {
    return { code: error.code, message: error.message, ...(error.field ? { field: error.field } : {}) };
  }
  return { code: 'unknown', message: error instanceof Error ? error.message : String(error) };
}

/** The plan part of a {@link JsonResult}. */
export function planToJson(plan: SyncPlan): NonNullable<JsonResult['plan']> {
  return {
    target: plan.target,
    summary: plan.summary,
    changes: plan.changes.map((change) => ({
      action: change.action,
      kind: change.kind,
      key: change.key,
      ...(change.diff ? { fields: change.diff.map((entry) => entry.field) } : {}),
    })),
  };
}

/** The apply part of a {@link JsonResult}. */
export function resultToJson(result: ApplyResult): NonNullable<JsonResult['result']> {
  return {
    ...result,
    failed: result.failed.map((failure) => ({
      key: failure.key,
      kind: failure.kind,
      error: toJsonError(failure.error),
    })),
  };
}

/** A diff for JSON output, with the values of secret fields replaced by `<secret>`. */
export function diffToJson(diff: ConfigDiff): ConfigDiff {
  const mask = (field: string, value: unknown) => (value !== undefined && isSecretField(field) ? '<secret>' : value);
  return {
    ...diff,
    differences: diff.differences.map((difference) =>
      difference.fields
        ? {
            ...difference,
            fields: difference.fields.map((entry) => ({
              ...entry,
              ...('before' in entry ? { before: mask(entry.field, entry.before) } : {}),
              ...('after' in entry ? { after: mask(entry.field, entry.after) } : {}),
            })),
          }
        : difference,
    ),
  };
}
