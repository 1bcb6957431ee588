/** The team's lint policy: bounds the checks hold every generated rule to. */
export const lintPolicy = {
  /** An alert's `for`: long enough to ride out one bad scrape, short enough to page while it matters. */
  alertFor: { minSeconds: 0, maxSeconds: 3600 },
} as const;
