import { readFile } from 'node:fs/promises';
import { environments, PROMETHEUS_VERSIONS, type PrometheusVersion } from '@plotwatch/platform/environments';
import {
  DEFAULT_TARGET,
  formatFinding,
  lint,
  lintSyntax,
  type Finding,
  type LintContext,
  type PrometheusTarget,
} from '@plotwatch/promql';
import { lintContextBase } from '@plotwatch/build/lint-context';
import { recordedIn, ruleContext } from './import/rules/findings.ts';
import { parseCommand, UsageError, type CommandSpec } from './usage.ts';

export interface LintResult {
  readonly expr: string;
  readonly valid: boolean;
  readonly errors: ReadonlyArray<{
    readonly check: string;
    readonly message: string;
    readonly position: number;
    readonly from: number;
    readonly to: number;
  }>;
}

function result(expr: string, findings: readonly Finding[]): LintResult {
  const errors = findings.map((f) => ({ ...f, position: f.from }));
  return { expr, valid: errors.length === 0, errors };
}

/**
 * Syntax and types of one expression for the target Prometheus (no catalog: the caller gives no context).
 * Grafana variables (`$__rate_interval`, `${job}`) are read as the build reads a dashboard query's.
 */
export function lintExpression(expr: string, target: PrometheusTarget = DEFAULT_TARGET): LintResult {
  return result(expr, lintSyntax(expr, target, { templated: true }));
}

/** One expression of the input and the line it starts on (1-based). */
export interface InputExpression {
  readonly expr: string;
  readonly line: number;
}

const SEPARATOR = /^---\r?$/;

/**
 * The expressions of a file or stdin: one per line, or, when any line is exactly `---`, the (multi-line)
 * expressions between such lines. Blank lines are skipped; an expression keeps its lines as written, so a
 * finding's column is the column in the input.
 */
export function splitExpressions(text: string): InputExpression[] {
  const lines = text.split('\n');
  if (!lines.some((l) => SEPARATOR.test(l)))
    return lines.flatMap((expr, i) => (expr.trim() === '' ? [] : [{ expr: expr.replace(/\r$/, ''), line: i + 1 }]));
  const expressions: InputExpression[] = [];
  let chunk: Array<{ text: string; line: number }> = [];
  const flush = () => {
    const first = chunk.findIndex((l) => l.text.trim() !== '');
    const last = chunk.findLastIndex((l) => l.text.trim() !== '');
    if (first >= 0)
      expressions.push({
        expr: chunk
          .slice(first, last + 1)
          .map((l) => l.text.replace(/\r$/, ''))
          .join('\n'),
        line: chunk[first]!.line,
      });
    chunk = [];
  };
  lines.forEach((text, i) => (SEPARATOR.test(text) ? flush() : chunk.push({ text, line: i + 1 })));
  flush();
  return expressions;
}

/** `line:col` (1-based) of an offset into an expression that starts on `line` of the input. */
function positionIn(expr: string, line: number, offset: number): string {
  const before = expr.slice(0, offset);
  const lineStart = before.lastIndexOf('\n') + 1;
  return `${line + before.split('\n').length - 1}:${offset - lineStart + 1}`;
}

/** One expression checked and where each finding is, as `<file:>line:col` (or `line:col` of an argument). */
interface Checked {
  readonly result: LintResult;
  readonly where: (finding: Finding) => string;
}

/** Every finding as the build prints one (where, message, check id, the line and a caret); `ok:` for a clean argument. */
function plain(checked: readonly Checked[], { okLines }: { readonly okLines: boolean }): string[] {
  return checked.flatMap(({ result: r, where }) =>
    r.valid ? (okLines ? [`ok: ${r.expr}`] : []) : r.errors.map((e) => formatFinding(where(e), r.expr, e)),
  );
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export const LINT_PROMQL = {
  name: 'lint-promql',
  summary:
    'syntax and types of PromQL expressions (arguments, a file or stdin) or of a rule file; exit 1 if any is invalid',
  details: [
    'Input: the EXPR arguments; else --file FILE (- for stdin); else --rules FILE; else stdin.',
    'A file or stdin holds one expression per line or, when any line is exactly ---, multi-line expressions',
    'separated by --- lines. Expressions may hold Grafana variables ($__rate_interval, $__range, ${var}, $var,',
    '[[var]]), read as the build reads a dashboard query; a rule file is read as Prometheus reads it.',
    'Findings: <file:>line:col: message [check id], then the line with a caret under the span.',
    'Exit 1 when any expression has a finding; 2 for wrong arguments or a rule file Prometheus would not load.',
  ].join('\n'),
  positionals: '[EXPR...]',
  options: {
    file: {
      type: 'string',
      value: 'FILE',
      description: 'read the expressions from FILE (- for stdin) instead of arguments',
    },
    rules: {
      type: 'string',
      value: 'FILE',
      description: "every expr of a Prometheus rule file (or a PrometheusRule's spec.groups)",
    },
    catalog: {
      type: 'boolean',
      description: 'also run the checks the build runs (unknown metric, counter rate, …; see docs/checks.md)',
    },
    'prometheus-version': {
      type: 'string',
      value: PROMETHEUS_VERSIONS.join('|'),
      default: DEFAULT_TARGET.version,
      description: 'the Prometheus the expressions must load in',
    },
    'enable-feature': {
      type: 'string',
      value: 'LIST',
      description: "that Prometheus' --enable-feature values, comma-separated",
    },
    json: {
      type: 'boolean',
      description: 'one {"expr","valid","errors":[{"check","message","position","from","to"}]} per line',
    },
  },
  examples: [
    "plotwatch lint-promql 'sum by (job) (up)'",
    "echo 'rate(x[$__rate_interval])' | plotwatch lint-promql --json",
    'plotwatch lint-promql --file queries.promql --catalog',
    'plotwatch lint-promql --rules alerts.yaml',
    "plotwatch lint-promql --prometheus-version 3.x --enable-feature promql-experimental-functions 'info(up)'",
  ],
} as const satisfies CommandSpec;

function targetOf(version: string, featureList: string | undefined): PrometheusTarget {
  if (!PROMETHEUS_VERSIONS.includes(version as PrometheusVersion))
    throw new UsageError(`--prometheus-version must be one of ${PROMETHEUS_VERSIONS.join(', ')}, got "${version}"`);
  // Prometheus takes the flag as a comma-separated list, and repeated.
  const features = (featureList ?? '')
    .split(',')
    .map((f) => f.trim())
    .filter((f) => f !== '');
  return { version: version as PrometheusVersion, features };
}

/** The series the repo's recording rules record: the catalog checks know them as the build does. */
async function repoRecorded(): Promise<Set<string>> {
  const { recordingGroups } = await import('@plotwatch/recording-rules');
  return new Set(recordingGroups.flatMap((g) => g.rules.map((r) => r.record)));
}

/** Every rule's expression of a rule file, named `FILE:line:col: group G, alert A` at the expression in the YAML. */
async function checkRuleFile(
  source: string,
  file: string,
  target: PrometheusTarget,
  catalog: Omit<LintContext, 'origin'> | undefined,
): Promise<Checked[]> {
  const { exprPosition, readRuleFile } = await import('./import/rules/read.ts');
  const read = readRuleFile(source, file, { checkExprs: false, target });
  const base = catalog && { ...catalog, recorded: new Set([...catalog.recorded, ...recordedIn(read)]) };
  return read.groups.flatMap((group) =>
    group.rules.map((rule) => {
      const findings = base ? lint(rule.expr, ruleContext(base, rule)) : lintSyntax(rule.expr, target);
      const name = `group ${group.name}, ${rule.kind === 'record' ? `record ${rule.record}` : `alert ${rule.alert}`}`;
      return {
        result: result(rule.expr, findings),
        where: (f: Finding) => {
          const { line, col } = exprPosition(source, rule, f.from);
          return `${file}:${line}:${col}: ${name}`;
        },
      };
    }),
  );
}

/**
 * `plotwatch lint-promql [--file FILE | --rules FILE] [--catalog] [--json] [EXPR...]`: every finding of every
 * expression; exit 1 when any has one, 2 for a rule file promtool would not load at all.
 */
export async function lintPromql(args: string[]): Promise<number> {
  const parsed = parseCommand(LINT_PROMQL, args);
  if (!parsed) return 0;
  const { values, positionals } = parsed;
  const target = targetOf(values['prometheus-version'], values['enable-feature']);
  const sources = [positionals.length > 0, values.file !== undefined, values.rules !== undefined];
  if (sources.filter(Boolean).length > 1)
    throw new UsageError('give the expressions one way: as arguments, with --file FILE or with --rules FILE');
  const catalog = values.catalog ? { ...lintContextBase(environments.prod, await repoRecorded()), target } : undefined;
  const check = (expr: string): LintResult =>
    catalog ? result(expr, lint(expr, { ...catalog, origin: 'dashboard' })) : lintExpression(expr, target);

  let checked: Checked[];
  if (values.rules !== undefined) {
    // The YAML reader is loaded only for a rule file: an expression needs none of it.
    const { RuleFileError } = await import('./import/rules/read.ts');
    try {
      checked = await checkRuleFile(await readFile(values.rules, 'utf8'), values.rules, target, catalog);
    } catch (e) {
      if (!(e instanceof RuleFileError)) throw e;
      console.error(e.message);
      return 2;
    }
  } else if (positionals.length) {
    checked = positionals.map((expr) => ({
      result: check(expr),
      where: (f) => positionIn(expr, 1, f.from),
    }));
  } else {
    const name = values.file === undefined || values.file === '-' ? '<stdin>' : values.file;
    const text = name === '<stdin>' ? await readStdin() : await readFile(name, 'utf8');
    checked = splitExpressions(text).map(({ expr, line }) => ({
      result: check(expr),
      where: (f) => `${name}:${positionIn(expr, line, f.from)}`,
    }));
  }
  const lines = values.json
    ? checked.map((c) => JSON.stringify(c.result))
    : plain(checked, { okLines: positionals.length > 0 });
  for (const line of lines) console.log(line);
  return checked.every((c) => c.result.valid) ? 0 : 1;
}
