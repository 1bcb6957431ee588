// Regenerates libs/promql/src/corpus/public.jsonl, the corpus of PromQL expressions nobody here wrote, each
// labelled by the real promtool 2.42. Sources (facts and test data only, no code):
//   - Prometheus' parser, printer and prettier tests and its PromQL evaluation tests at several tags;
//   - public rule collections: the monitoring mixins as monitoring.mixins.dev and kube-prometheus compile them,
//     awesome-prometheus-alerts.
// The repositories are read with git from local clones or snapshots (no network):
//
//   npx tsx tools/scripts/promql-corpus.ts \
//     --prometheus /path/to/prometheus.git --tags v2.42.0,v2.53.0,v3.5.0,HEAD \
//     --rules prometheus-operator/kube-prometheus=/path/to/kube-prometheus.git:manifests \
//     --rules monitoring-mixins/website=/path/to/website.git:assets \
//     --rules samber/awesome-prometheus-alerts=/path/to/awesome-prometheus-alerts.git:dist/rules
//
// Each expression is kept once, with every place it was found; rule collections' expressions are marked as such
// (the corpus test requires that none of them is rejected where promtool accepts it). Labels come from one
// `promtool check rules` run (libs/promql/src/test-support.ts), with promtool's message for each rejection.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';
import { checkWithPromtool, promtoolVersion } from '../../libs/promql/src/test-support.ts';

const OUTPUT = fileURLToPath(new URL('../../libs/promql/src/corpus/public.jsonl', import.meta.url));
/** Longer inputs are generated stress tests, not expressions people write; the performance test covers those. */
const MAX_LENGTH = 20_000;

interface Found {
  readonly expr: string;
  /** `owner/name@ref:path`. */
  readonly source: string;
  readonly rules: boolean;
}

function git(dir: string, ...args: string[]): string {
  return execFileSync('git', ['-C', dir, ...args], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
}

function filesAt(dir: string, ref: string, under: string): string[] {
  return git(dir, 'ls-tree', '-r', '--name-only', ref, '--', under)
    .split('\n')
    .filter((path) => path !== '');
}

/** A short, stable name for a ref: a tag as it is, a branch or HEAD as its commit. */
function refName(dir: string, ref: string): string {
  return /^v\d/.test(ref) ? ref : git(dir, 'rev-parse', ref).trim().slice(0, 12);
}

// ---- Go string literals -------------------------------------------------------------------------------------

const GO_SIMPLE_ESCAPES: Readonly<Record<string, number>> = {
  a: 7,
  b: 8,
  f: 12,
  n: 10,
  r: 13,
  t: 9,
  v: 11,
  '\\': 92,
  '"': 34,
  "'": 39,
};

/** Reads one Go string literal at `i`: its bytes and where it ends, or undefined when there is none. */
function goStringAt(text: string, i: number): { bytes: number[]; end: number } | undefined {
  const quote = text[i];
  const bytes: number[] = [];
  const encoder = new TextEncoder();
  if (quote === '`') {
    const end = text.indexOf('`', i + 1);
    if (end < 0) return undefined;
    bytes.push(...encoder.encode(text.slice(i + 1, end).replace(/\r/g, '')));
    return { bytes, end: end + 1 };
  }
  if (quote !== '"') return undefined;
  for (let j = i + 1; j < text.length;) {
    const char = text[j] ?? '';
    if (char === '"') return { bytes, end: j + 1 };
    if (char === '\n') return undefined;
    if (char !== '\\') {
      const codePoint = text.codePointAt(j) ?? 0;
      const s = String.fromCodePoint(codePoint);
      bytes.push(...encoder.encode(s));
      j += s.length;
      continue;
    }
    const letter = text[j + 1] ?? '';
    const simple = GO_SIMPLE_ESCAPES[letter];
    if (simple !== undefined) {
      bytes.push(simple);
      j += 2;
    } else if (/[0-7]/.test(letter)) {
      bytes.push(parseInt(text.slice(j + 1, j + 4), 8));
      j += 4;
    } else if (letter === 'x') {
      bytes.push(parseInt(text.slice(j + 2, j + 4), 16));
      j += 4;
    } else if (letter === 'u' || letter === 'U') {
      const digits = letter === 'u' ? 4 : 8;
      bytes.push(...encoder.encode(String.fromCodePoint(parseInt(text.slice(j + 2, j + 2 + digits), 16))));
      j += 2 + digits;
    } else {
      return undefined;
    }
  }
  return undefined;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * The value of `key: "a" + `b`,` in Go source: string literals joined by `+` and nothing else (an input built
 * with fmt.Sprintf or strings.Repeat is skipped). Undefined when the bytes are not UTF-8: YAML cannot carry them.
 */
function goStringValue(text: string, start: number): string | undefined {
  const bytes: number[] = [];
  let i = start;
  for (;;) {
    const literal = goStringAt(text, i);
    if (!literal) return undefined;
    bytes.push(...literal.bytes);
    i = literal.end;
    const rest = /^[ \t]*(\+\s*)?/.exec(text.slice(i, i + 200))?.[0] ?? '';
    if (!rest.includes('+')) break;
    i += rest.length;
  }
  if (!/^[ \t]*[,}\n]/.test(text.slice(i, i + 20))) return undefined;
  try {
    return utf8.decode(new Uint8Array(bytes));
  } catch {
    return undefined;
  }
}

/** Expressions of a Go test file: the strings given to `input:`, `in:` and `out:` fields. */
function goTestInputs(text: string): string[] {
  const found: string[] = [];
  for (const match of text.matchAll(/\b(?:input|in|out):[ \t]*/g)) {
    const value = goStringValue(text, (match.index ?? 0) + match[0].length);
    if (value !== undefined) found.push(value);
  }
  return found;
}

/** parse_test.go also tests series notation (`testSeries`): only its expression table is PromQL. */
function parseTestExpressions(text: string): string {
  const start = text.indexOf('\nvar testExpr = ');
  const end = text.indexOf('\n}\n', start);
  return start < 0 || end < 0 ? '' : text.slice(start, end);
}

/** `eval instant at 1m EXPR`, `eval range from 0 to 10m step 1m EXPR`, and eval_fail, eval_warn, … */
const EVAL = /^\s*eval(?:_\w+)?\s+(?:instant\s+at\s+\S+|range\s+from\s+\S+\s+to\s+\S+\s+step\s+\S+)\s+(.+?)\s*$/;

function evalTestInputs(text: string): string[] {
  return text.split('\n').flatMap((line) => {
    const expr = EVAL.exec(line)?.[1];
    return expr === undefined ? [] : [expr];
  });
}

function fromPrometheus(dir: string, refs: readonly string[]): Found[] {
  const found: Found[] = [];
  for (const ref of refs) {
    const name = refName(dir, ref);
    const add = (path: string, exprs: readonly string[]) =>
      found.push(...exprs.map((expr) => ({ expr, source: `prometheus/prometheus@${name}:${path}`, rules: false })));
    const parser = 'promql/parser';
    for (const file of ['parse_test.go', 'printer_test.go', 'prettier_test.go']) {
      const path = `${parser}/${file}`;
      if (filesAt(dir, ref, path).length === 0) continue;
      const text = git(dir, 'show', `${ref}:${path}`);
      add(path, goTestInputs(file === 'parse_test.go' ? parseTestExpressions(text) : text));
    }
    for (const under of ['promql/testdata', 'promql/promqltest/testdata']) {
      for (const path of filesAt(dir, ref, under).filter((p) => p.endsWith('.test')))
        add(path, evalTestInputs(git(dir, 'show', `${ref}:${path}`)));
    }
  }
  return found;
}

// ---- rule collections ---------------------------------------------------------------------------------------

/** Every `expr:` string of a YAML document, wherever it sits (rule files, PrometheusRule objects). */
function yamlExprs(value: unknown, into: string[]): void {
  if (Array.isArray(value)) {
    for (const item of value) yamlExprs(item, into);
  } else if (value && typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) {
      if (key === 'expr' && typeof child === 'string') into.push(child);
      else yamlExprs(child, into);
    }
  }
}

function fromRuleCollection(repo: string, dir: string, under: string): Found[] {
  const ref = refName(dir, 'HEAD');
  const found: Found[] = [];
  for (const path of filesAt(dir, 'HEAD', under).filter((p) => /\.ya?ml$/.test(p))) {
    const exprs: string[] = [];
    for (const doc of parseAllDocuments(git(dir, 'show', `HEAD:${path}`))) {
      if (!('errors' in doc) || doc.errors.length === 0) yamlExprs(doc.toJS(), exprs);
    }
    found.push(...exprs.map((expr) => ({ expr, source: `${repo}@${ref}:${path}`, rules: true })));
  }
  return found;
}

// ---- main ---------------------------------------------------------------------------------------------------

function options(argv: readonly string[]) {
  let prometheus: string | undefined;
  let tags = ['v2.42.0'];
  const rules: { repo: string; dir: string; under: string }[] = [];
  for (let i = 0; i < argv.length; i += 2) {
    const value = argv[i + 1] ?? '';
    if (argv[i] === '--prometheus') prometheus = value;
    else if (argv[i] === '--tags') tags = value.split(',');
    else if (argv[i] === '--rules') {
      const match = /^([^=]+)=(.+):([^:]+)$/.exec(value);
      if (!match) throw new Error(`--rules wants owner/name=GITDIR:PATH, got ${value}`);
      rules.push({ repo: match[1] ?? '', dir: match[2] ?? '', under: match[3] ?? '' });
    } else throw new Error(`unknown option ${argv[i]}`);
  }
  if (!prometheus) throw new Error('--prometheus GITDIR is required');
  return { prometheus, tags, rules };
}

function main(): void {
  const { prometheus, tags, rules } = options(process.argv.slice(2));
  const found = [
    ...rules.flatMap(({ repo, dir, under }) => fromRuleCollection(repo, dir, under)),
    ...fromPrometheus(prometheus, tags),
  ];
  const byExpr = new Map<string, { sources: string[]; rules: boolean }>();
  for (const { expr, source, rules: fromRules } of found) {
    const text = expr.replace(/\s+$/, '');
    if (text.length > MAX_LENGTH) continue;
    const entry = byExpr.get(text) ?? { sources: [], rules: false };
    if (!entry.sources.includes(source)) entry.sources.push(source);
    entry.rules ||= fromRules;
    byExpr.set(text, entry);
  }
  const exprs = [...byExpr.keys()];
  const version = promtoolVersion();
  if (!version) throw new Error('promtool is not installed (apt-get install prometheus): it labels the corpus');
  const verdicts = checkWithPromtool(exprs).map((verdict) => verdict.error);
  const lines = exprs.map((expr, i) => {
    const entry = byExpr.get(expr);
    const error = verdicts[i];
    return JSON.stringify({
      expr,
      valid: error === undefined,
      ...(error === undefined ? {} : { error }),
      ...(entry?.rules ? { rules: true } : {}),
      sources: entry?.sources ?? [],
    });
  });
  const header = JSON.stringify({ labelledBy: `promtool ${version}`, tags, count: exprs.length });
  writeFileSync(OUTPUT, [header, ...lines].join('\n') + '\n');
  const rejected = verdicts.filter((v) => v !== undefined).length;
  console.log(`wrote ${exprs.length} expressions (${rejected} rejected by promtool) to ${OUTPUT}`);
}

main();
