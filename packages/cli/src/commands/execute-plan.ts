import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { PomeriumError } from '@pomerium-unified/core';
import { applyPlan, type KeyPairKeys, type SyncPlan } from '@pomerium-unified/sync';
import { CliError } from '../cli-error.js';
import type { CommandContext, CommandOutcome } from '../command-context.js';
import { confirmWrites } from '../confirm-writes.js';
import type { DeploymentEndpoint } from '../endpoints.js';
import { exitCodes } from '../exit-codes.js';
import { formatApplyDetails } from '../format/format-apply-details.js';
import { formatFidelityReport } from '../format/format-fidelity-report.js';
import { formatPlan } from '../format/format-plan.js';
import { formatSummaryTable } from '../format/format-summary-table.js';
import { formatPlanNotice, formatSyncNotices } from '../format/format-sync-notices.js';
import { plural } from '../format/plural.js';
import { wrapText } from '../format/wrap-text.js';
import { planToJson, resultToJson } from '../json-result.js';
import { createProgressReporter } from '../progress-reporter.js';
import type { TokenFileChoice } from '../service-account-token-options.js';

/** How {@link executePlan} writes. */
export interface ExecutePlanOptions {
  /** The deployment the plan was computed against. */
  target: DeploymentEndpoint;
  /** Show the plan and the fidelity report, write nothing (exit 2 when there are changes). */
  dryRun?: boolean;
  /** Write despite fidelity errors, dropping what the target cannot take. */
  allowLossy?: boolean;
  /** Write without asking. */
  yes?: boolean;
  /** Writes in flight at once. */
  concurrency?: number;
  /** Where to write the source id → target id map. */
  idMapPath?: string;
  /** The private keys of the plan's key pairs (`--key-pair-keys`). */
  keyPairKeys?: KeyPairKeys | undefined;
  /** Where the tokens of service accounts the plan creates go (the only place). */
  tokenFile?: TokenFileChoice | undefined;
}

/**
 * The write half shared by `migrate` and `apply`: prints the fidelity report
 * and the plan before anything is written, refuses fidelity errors (exit 3)
 * unless `allowLossy`, stops at a dry run (exit 2), asks for confirmation, then
 * applies with a progress bar and ends with the summary table (exit 1 when a
 * change failed).
 */
export async function executePlan(
  plan: SyncPlan,
  options: ExecutePlanOptions,
  context: CommandContext,
): Promise<CommandOutcome> {
  const { colors, io } = context;
  const target = options.target.name;
  const errors = plan.fidelity.filter((issue) => issue.severity === 'error');
  context.report(formatFidelityReport(plan.fidelity, target, colors, { width: context.width }));
  context.report(formatPlan(plan, target, colors, { maxChanges: 20 }));
  const pending = formatPlanNotice(plan, target, colors, context.width);
  if (pending) context.report(pending);
  const json = { plan: planToJson(plan), fidelity: plan.fidelity };
  if (errors.length > 0 && !options.allowLossy) {
    const refusal =
      `Refused: ${target} cannot represent ${plural(errors.length, 'item')} listed above; nothing was written. ` +
      'Pass --allow-lossy to write without them (or --namespace-map where a namespace is missing).';
    context.report(colors.red(wrapText(refusal, context.width)));
    return { exitCode: exitCodes.fidelity, status: 'refused', json };
  }
  if (plan.changes.length === 0) {
    context.report(`Nothing to change: ${target} already matches.`);
    return { exitCode: exitCodes.ok, status: 'no-changes', json };
  }
  if (options.dryRun) {
    context.report(`Dry run: ${plural(plan.changes.length, 'change')} planned, nothing was written.`);
    return { exitCode: exitCodes.differences, status: 'dry-run', json };
  }
  if (!options.dryRun && !options.tokenFile && plan.changes.some((change) => change.kind === 'serviceAccount')) {
    throw new CliError(
      'The plan creates service accounts: pass --service-account-tokens <file> for their new tokens',
      exitCodes.error,
    );
  }
  const lossy = errors.length > 0 ? ` dropping ${plural(errors.length, 'item')} it cannot represent` : '';
  await confirmWrites(io, `Write ${plural(plan.changes.length, 'change')} to ${target}${lossy}?`, options.yes === true);

  const progress = createProgressReporter(io.stderr, plan.changes.length, context.errorColors);
  let result: Awaited<ReturnType<typeof applyPlan>>;
  try {
    result = await applyPlan(plan, options.target.client, {
      ...(options.concurrency === undefined ? {} : { concurrency: options.concurrency }),
      allowLossy: options.allowLossy === true,
      ...(options.keyPairKeys ? { keyPairKeys: options.keyPairKeys } : {}),
      ...(options.tokenFile
        ? {
            serviceAccountTokenFile: options.tokenFile.path,
            overwriteServiceAccountTokenFile: options.tokenFile.overwrite,
          }
        : {}),
      onProgress: (event) => progress.onProgress(event),
      ...(io.signal ? { signal: io.signal } : {}),
    });
  } catch (error) {
    // A stale plan (code `aborted`): say what to do about it.
    if (error instanceof PomeriumError && (error.code as string) === 'aborted') {
      throw new CliError(`${error.message} Plan again: ${target} changed since the plan was made.`, exitCodes.error);
    }
    throw error;
  } finally {
    progress.stop();
  }
  const details = formatApplyDetails(result, target, colors);
  if (details) context.report(details);
  context.report(formatSummaryTable(plan, result, target, colors));
  const notices = formatSyncNotices(result, colors, context.width);
  if (notices) context.report(notices);
  if (options.idMapPath) {
    const path = resolve(io.cwd, options.idMapPath);
    await writeFile(path, `${JSON.stringify(result.idMap, null, 2)}\n`);
    context.report(`Id map (source id → ${target} id) written to ${path}`);
  }
  const done = { ...json, result: resultToJson(result) };
  if (result.failed.length > 0) {
    const failure =
      `${result.failed.length} of ${plan.changes.length} changes failed; the others were applied. ` +
      'Run the same command again to retry: it converges without duplicates.';
    context.report(colors.red(wrapText(failure, context.width)));
    return { exitCode: exitCodes.error, status: 'failed', json: done };
  }
  return { exitCode: exitCodes.ok, status: 'done', json: done };
}
