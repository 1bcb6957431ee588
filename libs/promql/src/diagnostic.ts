/** A problem found in a PromQL expression; `from`/`to` are offsets into the text that was checked. */
export interface Diagnostic {
  readonly from: number;
  readonly to: number;
  readonly message: string;
  readonly severity: 'error' | 'warning';
}

export function error(from: number, to: number, message: string): Diagnostic {
  return { from, to, message, severity: 'error' };
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}

/** In text order; one diagnostic per place and message, whichever check found it first. */
export function sortAndDedupe(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  const unique = diagnostics.filter((d) => {
    const key = `${d.from}:${d.to}:${d.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return unique.sort((a, b) => a.from - b.from || a.to - b.to);
}
