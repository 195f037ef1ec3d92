/** The exit codes of the CLI contract (DESIGN.md). Scripts depend on them. */
export const ExitCode = {
  /** The scan ran and the policy gate passed. */
  Passed: 0,
  /** The policy gate failed. */
  GateFailed: 1,
  /** Usage or configuration error. */
  Usage: 2,
  /** Internal error (a scanner crashed, a bug). */
  Internal: 3,
} as const;

/** One of {@link ExitCode}'s values. */
export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];
