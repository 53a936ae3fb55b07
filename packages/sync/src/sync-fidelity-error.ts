import { PomeriumError } from '@pomerium-unified/core';
import type { FidelityIssue } from './sync-plan.js';

/** Thrown by `applyPlan` when the plan has fidelity errors and `allowLossy` is not set. Code `failed_precondition`. */
export class SyncFidelityError extends PomeriumError {
  /** The issues that refused the apply (severity `error`). */
  readonly issues: FidelityIssue[];

  constructor(issues: FidelityIssue[]) {
    const named = issues
      .slice(0, 5)
      .map((issue) => `${issue.kind} ${issue.key}${issue.field ? ` › ${issue.field}` : ''}`)
      .join(', ');
    super(
      `The target cannot represent ${issues.length} item(s) (${named}${issues.length > 5 ? ', …' : ''}); nothing was written. Pass allowLossy to drop them.`,
      { code: 'failed_precondition' },
    );
    this.name = 'SyncFidelityError';
    this.issues = issues;
  }
}
