import type { ApplyResult, SyncPlan } from '@pomerium-unified/sync';
import type { Colors } from './colors.js';
import { plural } from './plural.js';
import { wrapText } from './wrap-text.js';

/**
 * What an apply adds beyond the summary: the service accounts it created (and
 * the file that holds their tokens: never the tokens) and notices such as
 * "saved but not live yet". Empty when there is nothing to say.
 */
export function formatSyncNotices(result: ApplyResult, colors: Colors, width: number): string {
  const lines: string[] = [];
  const created = result.serviceAccountsCreated ?? [];
  if (result.serviceAccountTokenFile && created.length > 0) {
    lines.push(
      wrapText(
        `Created ${plural(created.length, 'service account')} (${created.map((entry) => entry.userId).join(', ')}); ` +
          `their new tokens are in ${result.serviceAccountTokenFile} (mode 600) and nowhere else.`,
        width,
      ),
    );
  }
  for (const notice of result.notices ?? []) lines.push(colors.yellow(wrapText(`! ${notice.message}`, width, '  ')));
  return lines.join('\n');
}

/** The plan-time notice: the target's writes wait for a changeset apply. Empty when they go live at once. */
export function formatPlanNotice(plan: SyncPlan, target: string, colors: Colors, width: number): string {
  if (plan.targetAutoApplyChangesets !== false) return '';
  return colors.yellow(
    wrapText(
      `! ${target} does not apply changesets automatically (autoApplyChangesets is off): what this plan writes ` +
        'is saved but not live until the changeset is applied.',
      width,
      '  ',
    ),
  );
}
