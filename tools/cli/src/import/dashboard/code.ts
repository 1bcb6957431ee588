/**
 * The values a generated definition is made of: plain data (strings, numbers, arrays, objects)
 * and code (`units.bytes`, `selector(...)`), which names what it imports. The renderer prints
 * them; Prettier lays them out.
 */

export type Module = '@plotwatch/grafana' | '@plotwatch/platform';

export interface Code {
  readonly kind: 'code';
  readonly text: string;
  /** Names it uses, by module. */
  readonly imports: ReadonlyArray<readonly [Module, string]>;
}

/** A value with a line comment above it, in an object literal. */
export interface Commented {
  readonly kind: 'commented';
  readonly comment: string;
  readonly value: Value;
}

export type Value =
  | string
  | number
  | boolean
  | null
  | undefined
  | Code
  | Commented
  | readonly Value[]
  | { readonly [key: string]: Value };

export function code(text: string, ...imports: ReadonlyArray<readonly [Module, string]>): Code {
  return { kind: 'code', text, imports };
}

export const grafana = (name: string): readonly [Module, string] => ['@plotwatch/grafana', name];
export const platform = (name: string): readonly [Module, string] => ['@plotwatch/platform', name];

/** `name(arg1, arg2)`, with the imports of its arguments and of `name` from `module`. */
export function call(module: Module, name: string, ...args: Value[]): Code {
  const imports: Array<readonly [Module, string]> = [[module, name]];
  const text = `${name}(${args
    .filter((a, i) => a !== undefined || i < args.length - 1)
    .map((a) => print(a, imports))
    .join(', ')})`;
  return { kind: 'code', text, imports };
}

export function commented(comment: string, value: Value): Commented {
  return { kind: 'commented', comment, value };
}

function isCode(v: unknown): v is Code {
  return typeof v === 'object' && v !== null && (v as Code).kind === 'code' && typeof (v as Code).text === 'string';
}
function isCommented(v: unknown): v is Commented {
  return typeof v === 'object' && v !== null && (v as Commented).kind === 'commented' && 'comment' in v;
}

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/** A JavaScript string literal (Prettier picks the quotes). */
export function stringLiteral(s: string): string {
  return JSON.stringify(s)
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/** The source text of a value; its imports are added to `imports`. */
export function print(v: Value, imports: Array<readonly [Module, string]>): string {
  if (v === undefined) return 'undefined';
  if (v === null || typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (typeof v === 'string') return stringLiteral(v);
  if (isCode(v)) {
    imports.push(...v.imports);
    return v.text;
  }
  if (isCommented(v)) return print(v.value, imports);
  if (Array.isArray(v)) return `[${v.map((x) => print(x, imports)).join(', ')}]`;
  const entries = Object.entries(v as Record<string, Value>).filter(([, x]) => x !== undefined);
  if (!entries.length) return '{}';
  const props = entries.map(([k, x]) => {
    const key = IDENTIFIER.test(k) ? k : stringLiteral(k);
    const comment = isCommented(x) ? `\n${commentLines(x.comment)}\n` : '';
    return `${comment}${key}: ${print(x, imports)}`;
  });
  return `{ ${props.join(', ')} }`;
}

function commentLines(comment: string): string {
  return comment
    .split('\n')
    .map((l) => `// ${l}`)
    .join('\n');
}

/** The text of a template literal: backticks, backslashes and `${` escaped. */
export function templateText(s: string): string {
  return s.replace(/\\/g, '\\\\').replace(/`/g, '\\`').replace(/\$\{/g, '\\${');
}

/** A catalog series without matchers, in the definition's scope: `⟦http_requests_total⟧` until rendered. */
export function seriesReference(metric: string): string {
  return `\u27e6${metric}\u27e7`;
}

/** The series references of printed code, by metric, with how often each is used. */
export function seriesReferences(text: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const m of text.matchAll(/\u27e6([^\u27e7]+)\u27e7/g)) counts.set(m[1]!, (counts.get(m[1]!) ?? 0) + 1);
  return counts;
}

/** Each reference replaced: by its constant's name, or by the selector call itself. */
export function resolveSeriesReferences(text: string, replacement: (metric: string) => string): string {
  return text.replace(/\u27e6([^\u27e7]+)\u27e7/g, (_m, metric: string) => replacement(metric));
}
