import type { SyncNotice } from './sync-plan.js';

/**
 * The notice that writes are saved but not live: the target's settings have
 * `autoApplyChangesets` off, so a console that uses changesets (Pomerium Zero
 * always; Enterprise when its console settings turn changesets on) keeps the
 * writes in a changeset until someone applies it. Undefined when nothing was
 * written or the setting is on or unknown.
 */
export function changesetNotice(
  backend: string,
  autoApplyChangesets: boolean | undefined,
  writes: number,
): SyncNotice | undefined {
  if (autoApplyChangesets !== false || writes === 0) return undefined;
  return {
    code: 'changes-not-live',
    message:
      `The ${backend} console may keep the changes in a changeset that is not applied yet (its autoApplyChangesets ` +
      'setting is off): they are not live until the changeset is applied, in the console or through its API.',
  };
}
