/** The team's lint policy: bounds the checks hold every generated rule to. */
export const lintPolicy = {
  /** An alert's `for`: long enough to ride out one bad scrape, short enough to page while it matters. */
  alertFor: { minSeconds: 0, maxSeconds: 3600 },
} as const;

/**
 * SLO objectives, availability and latency alike: below 1, since an objective of 1 leaves no error
 * budget to burn (every burn rate divides by it); at least `min`, since with a budget of more than
 * 1/6 even the slower page (6x burn over 6h, libs/rules slo-policy.ts) needs more than every request
 * to fail, and the SLO could never page. A test in libs/rules holds the floor to the policy.
 */
export const sloObjectivePolicy = { min: 0.9 } as const;
