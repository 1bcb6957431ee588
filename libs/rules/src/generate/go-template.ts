import { goG, humanizeLike } from './humanize.ts';
import type { Labels, Template } from '../model/model.ts';

/**
 * Annotations written as Go templates (an imported rule file's), kept verbatim, and the subset of
 * Go's text/template that a promtool test's expected text can be computed for: `$labels.x`,
 * `$labels`, `$value` (also `.Labels.x`, `.Value`), piped through or passed to `humanize`,
 * `humanizePercentage`, `humanizeDuration`, `humanize1024`, `printf`, `toUpper`, `toLower`, `title`.
 */

const ACTION = /\{\{-?\s*([\s\S]*?)\s*-?\}\}/g;

/** A Go template as typed parts: its text between actions, each action kept as written (`{ go }`). */
export function goTemplate(text: string): Template {
  const parts: Template[number][] = [];
  let last = 0;
  for (const m of text.matchAll(ACTION)) {
    if (m.index > last) parts.push(text.slice(last, m.index));
    parts.push({ go: m[0] });
    last = m.index + m[0].length;
  }
  if (last < text.length) parts.push(text.slice(last));
  return parts;
}

/** Go's `%v` of a float64: the shortest digits that read back, in exponent form outside [1e-4, 1e6) (`%v` is `%g` at its shortest). */
export function goFloat(x: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (!Number.isFinite(x)) return x > 0 ? '+Inf' : '-Inf';
  if (x === 0) return Object.is(x, -0) ? '-0' : '0';
  const [mantissa, exp] = x.toExponential().split('e') as [string, string];
  const exponent = Number(exp);
  if (exponent < -4 || exponent >= 6)
    return `${mantissa}e${exponent < 0 ? '-' : '+'}${String(Math.abs(exponent)).padStart(2, '0')}`;
  return String(x);
}

/** Go's `fmt.Sprintf` for the verbs annotations use on numbers and strings. */
function printf(format: string, args: readonly Value[]): string {
  let i = 0;
  return format.replace(
    /%([-+ 0#]*)(\d*)(?:\.(\d+))?([a-zA-Z%])/g,
    (whole, flags: string, width: string, precision: string | undefined, verb: string) => {
      if (verb === '%') return '%';
      const arg = args[i++];
      if (arg === undefined) return `%!${verb}(MISSING)`;
      let out: string;
      if (typeof arg === 'number') {
        const p = precision === undefined ? undefined : Number(precision);
        if (verb === 'f' || verb === 'F') out = arg.toFixed(p ?? 6);
        else if (verb === 'e') out = goExponent(arg.toExponential(p ?? 6));
        else if (verb === 'g' && p !== undefined) out = goG(arg, p);
        else if (verb === 'g' || verb === 'v') out = goFloat(arg);
        else if (verb === 'd' && Number.isInteger(arg)) out = String(arg);
        else throw new Error(`printf verb ${whole} of a number`);
      } else if (typeof arg === 'string' && (verb === 's' || verb === 'v')) {
        out = precision === undefined ? arg : arg.slice(0, Number(precision));
      } else {
        throw new Error(`printf verb ${whole} of ${typeof arg}`);
      }
      if (flags.includes('+') && typeof arg === 'number' && arg >= 0) out = `+${out}`;
      const pad = Number(width || 0) - out.length;
      if (pad > 0)
        out = flags.includes('-') ? out + ' '.repeat(pad) : (flags.includes('0') ? '0' : ' ').repeat(pad) + out;
      return out;
    },
  );
}

function goExponent(js: string): string {
  return js.replace(/e([-+])(\d)$/, 'e$10$2');
}

type Value = number | string | Labels;

const FUNCTIONS: Readonly<Record<string, (args: readonly Value[]) => Value>> = {
  humanize: ([v]) => humanizeLike('humanize', number(v)),
  humanizePercentage: ([v]) => humanizeLike('humanizePercentage', number(v)),
  humanizeDuration: ([v]) => humanizeLike('humanizeDuration', number(v)),
  humanize1024: ([v]) => humanize1024(number(v)),
  printf: ([format, ...rest]) => printf(string(format), rest),
  toUpper: ([v]) => string(v).toUpperCase(),
  toLower: ([v]) => string(v).toLowerCase(),
  title: ([v]) => string(v).replace(/(^|[^\p{L}\p{N}])(\p{L})/gu, (_, a: string, b: string) => a + b.toUpperCase()),
};

function number(v: Value | undefined): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && v.trim() !== '' && !Number.isNaN(Number(v))) return Number(v);
  throw new Error(`expected a number, got ${JSON.stringify(v)}`);
}

function string(v: Value | undefined): string {
  if (typeof v === 'string') return v;
  throw new Error(`expected a string, got ${JSON.stringify(v)}`);
}

function humanize1024(v: number): string {
  if (Math.abs(v) <= 1) return humanizeLike('decimal', v);
  let x = v;
  let prefix = '';
  for (const p of ['ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei', 'Zi', 'Yi']) {
    if (Math.abs(x) < 1024) break;
    prefix = p;
    x /= 1024;
  }
  return `${humanizeLike('decimal', x)}${prefix}`;
}

/** Go prints a map as `map[k:v k2:v2]`, keys sorted. */
function printed(v: Value): string {
  if (typeof v === 'number') return goFloat(v);
  if (typeof v === 'string') return v;
  const keys = Object.keys(v).sort();
  return `map[${keys.map((k) => `${k}:${v[k]}`).join(' ')}]`;
}

/** The words of an action: quoted strings stay whole. */
function tokens(text: string): string[] {
  return text.match(/"(?:[^"\\]|\\.)*"|`[^`]*`|[^\s]+/g) ?? [];
}

function operand(token: string, data: { labels: Labels; value: number }): Value {
  if (token.startsWith('"')) return JSON.parse(token) as string;
  if (token.startsWith('`')) return token.slice(1, -1);
  if (/^-?\d+(\.\d+)?$/.test(token)) return Number(token);
  if (token === '$value' || token === '.Value') return data.value;
  if (token === '$labels' || token === '.Labels') return data.labels;
  const label = /^(?:\$labels|\.Labels)\.([a-zA-Z_][a-zA-Z0-9_]*)$/.exec(token);
  // A label the alert does not carry prints as an empty string (Prometheus' templates use missingkey=zero).
  if (label) return data.labels[label[1]!] ?? '';
  throw new Error(`${token} is not something the expected text can be computed for`);
}

function command(words: readonly string[], data: { labels: Labels; value: number }, piped?: Value): Value {
  const [head, ...rest] = words;
  if (head === undefined) throw new Error('empty command');
  const fn = FUNCTIONS[head];
  if (!fn) {
    if (rest.length || piped !== undefined) throw new Error(`unknown function ${head}`);
    return operand(head, data);
  }
  const args = rest.map((w) => operand(w, data));
  return fn(piped === undefined ? args : [...args, piped]);
}

/**
 * What Prometheus prints for one action (`{{ $labels.instance }}`, `{{ $value | humanize }}`)
 * of an alert with these labels and value. Throws, naming the action, for anything outside the
 * subset (`query`, `range`, variables, trim markers).
 */
export function evaluateGoAction(action: string, data: { labels: Labels; value: number }): string {
  const inner = /^\{\{(-?)\s*([\s\S]*?)\s*(-?)\}\}$/.exec(action);
  try {
    if (!inner || inner[1] || inner[3]) throw new Error('trim markers are not supported');
    const stages = inner[2]!.split('|').map((s) => tokens(s.trim()));
    let result: Value | undefined;
    for (const stage of stages) result = command(stage, data, result);
    return printed(result!);
  } catch (e) {
    throw new Error(`cannot compute ${action}: ${(e as Error).message}`, { cause: e });
  }
}
