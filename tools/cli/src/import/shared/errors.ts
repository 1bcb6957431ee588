/**
 * A bad input, named by file and JSON path (`panels[3].targets[0].expr`), so the user finds the
 * place in their file; the import writes nothing when one is thrown.
 */
export class ImportError extends Error {
  override readonly name = 'ImportError';
  constructor(
    readonly file: string,
    /** `panels[3].targets[0].expr`; empty for the document as a whole. */
    readonly path: string,
    readonly reason: string,
  ) {
    super(`${file}: ${path ? `${path}: ` : ''}${reason}`);
  }
}

/** `panels` + 3 -> `panels[3]`; `spec` + `elements` -> `spec.elements`; keys that are not identifiers are quoted. */
export function pathJoin(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  if (!/^[A-Za-z_$][\w$]*$/.test(key)) return `${path}[${JSON.stringify(key)}]`;
  return path ? `${path}.${key}` : key;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
