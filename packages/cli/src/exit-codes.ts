/** The exit codes of `pomerium-unified` (as Terraform's `-detailed-exitcode`). */
export const exitCodes = {
  /** Done, or no difference. */
  ok: 0,
  /** An error, including a partly failed apply (after a summary of what was done). */
  error: 1,
  /** `diff`, `plan` or `--dry-run` found differences. */
  differences: 2,
  /** Refused because of fidelity problems: nothing was written. */
  fidelity: 3,
} as const;

/** One of {@link exitCodes}. */
export type ExitCode = (typeof exitCodes)[keyof typeof exitCodes];
