/** Exit codes users' tools rely on (design.md). */
export const EXIT = {
  ok: 0,
  /** Errors found, warnings over --max-warnings, or a diff with --diff. */
  problems: 1,
  /** Usage or configuration problem, including nothing to lint. */
  usage: 2,
  /** A Twilio API or network failure. */
  twilio: 3,
} as const;
