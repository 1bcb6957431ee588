import { environment, syntheticTenants } from '@plotwatch/platform';
import { corpus, lint, validatePromql } from '@plotwatch/promql';
import { ruleFilesOf, run, stageForPromtool } from '@plotwatch/testing';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readYaml, validateArtifacts } from '@plotwatch/build';
import { asTree, compileOrThrow, repoTenants } from '@plotwatch/build/testing';
import { CLI_BIN, REPO_ROOT } from '@plotwatch/cli';
import { fmt, medianMs, table } from './measure.ts';

const MIN_EXPRESSIONS = 10_000;

/** The public corpus (libs/promql/src/corpus/public.jsonl): expressions nobody here wrote, as found. */
async function publicCorpus(): Promise<string[]> {
  const text = await readFile(join(REPO_ROOT, 'libs/promql/src/corpus/public.jsonl'), 'utf8');
  const [, ...lines] = text.trimEnd().split('\n');
  return lines.map((line) => (JSON.parse(line) as { expr: string }).expr);
}

/** The corpus as one rule file of recording rules, as it was labelled by promtool. */
function corpusRuleFile(exprs: readonly string[]): string {
  const rules = exprs.map((expr, i) => `      - record: r${i}\n        expr: ${JSON.stringify(expr)}\n`);
  return `groups:\n  - name: corpus\n    rules:\n${rules.join('')}`;
}

/** Reads a rule file and validates every expression in it, as a rule file check in-process does (`readYaml`, as `documentOf`). */
function validateRuleFile(content: string): number {
  const doc = readYaml(content) as { groups: Array<{ rules: Array<{ expr: string }> }> };
  let invalid = 0;
  for (const group of doc.groups) for (const rule of group.rules) if (validatePromql(rule.expr).length) invalid++;
  return invalid;
}

/**
 * Throughput on the public corpus, and a check of the corpus as a rule file: ours in-process (YAML read +
 * parse + types) against `promtool check rules` on the same file.
 */
async function publicCorpusSection(): Promise<string> {
  const exprs = await publicCorpus();
  const parseMs = await medianMs(() => exprs.forEach((e) => validatePromql(e)), 5);
  const dir = await mkdtemp(join(tmpdir(), 'plotwatch-bench-'));
  try {
    const file = join(dir, 'corpus.yaml');
    const content = corpusRuleFile(exprs);
    await writeFile(file, content);
    const promtoolMs = await medianMs(() => run('promtool', ['check', 'rules', file], dir));
    const oursMs = await medianMs(() => validateRuleFile(content));
    const chars = exprs.reduce((n, e) => n + e.length, 0);
    return [
      `Public corpus: ${fmt(exprs.length)} expressions (${fmt(chars)} characters) from Prometheus' parser, printer and evaluation tests and public rule collections (libs/promql/src/corpus/public.jsonl).`,
      '',
      table(
        ['what', 'median time', 'expressions/s', 'target'],
        [
          [
            'parse + type-check (`validatePromql`), public corpus',
            `${fmt(parseMs)} ms`,
            fmt((exprs.length / parseMs) * 1000),
            '≥ 20,000/s',
          ],
          [
            '`promtool check rules` on the corpus as one rule file',
            `${fmt(promtoolMs)} ms`,
            fmt((exprs.length / promtoolMs) * 1000),
            '',
          ],
          [
            'the same rule file in-process (YAML read + `validatePromql` of each rule)',
            `${fmt(oursMs)} ms`,
            fmt((exprs.length / oursMs) * 1000),
            'faster than promtool',
          ],
        ],
      ),
    ].join('\n');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Every expression the build writes for the repo's tenants plus `n` synthetic ones. */
function builtExpressions(n: number): string[] {
  const artifacts = compileOrThrow([...repoTenants(), ...syntheticTenants(n)]);
  const exprs: string[] = [];
  for (const a of artifacts) {
    if (a.kind === 'grafana-dashboard') {
      for (const m of a.content.matchAll(/"expr": ("(?:[^"\\]|\\.)*")/g)) exprs.push(JSON.parse(m[1]!) as string);
    }
    if (a.kind === 'prometheus-rules' || a.kind === 'mimir-rules') {
      for (const m of a.content.matchAll(/^\s+expr: (.*)$/gm))
        exprs.push(m[1]!.startsWith('"') ? (JSON.parse(m[1]!) as string) : m[1]!);
    }
  }
  return exprs;
}

export async function promqlBenchmarks(): Promise<string> {
  // Grow the tenant count until the build writes at least MIN_EXPRESSIONS expressions; the corpus is mixed in.
  let tenants = 100;
  let exprs = builtExpressions(tenants);
  while (exprs.length < MIN_EXPRESSIONS && tenants < 2000) exprs = builtExpressions((tenants *= 2));
  const inputs = [...exprs, ...corpus.map((c) => c.expr)];
  const ctx = { origin: 'record' as const, scrapeIntervalSeconds: 15, recorded: new Set<string>() };
  const parseMs = await medianMs(() => inputs.forEach((e) => validatePromql(e)), 3);
  const lintMs = await medianMs(() => inputs.forEach((e) => lint(e, ctx)), 3);

  // validate vs promtool on the same rule files, 100 synthetic tenants.
  const artifacts = compileOrThrow([...repoTenants(), ...syntheticTenants(100)]);
  const tree = asTree(artifacts);
  const dir = await stageForPromtool(tree);
  const files = ruleFilesOf(tree);
  const ruleArtifacts = artifacts.filter((a) => a.kind === 'prometheus-rules' || a.kind === 'mimir-rules');
  try {
    const promtoolMs = await medianMs(() => run('promtool', ['check', 'rules', ...files], dir));
    const inProcessRulesMs = await medianMs(() =>
      validateArtifacts(ruleArtifacts, [...repoTenants(), ...syntheticTenants(100)], environment('prod')),
    );
    const cliMs = await medianMs(() => run('node', [CLI_BIN, 'validate', '--synthetic-tenants', '100'], REPO_ROOT), 3);
    const rules = ruleArtifacts.reduce((n, a) => n + (a.content.match(/^\s+- (record|alert):/gm)?.length ?? 0), 0);
    return [
      '## PromQL validation',
      '',
      await publicCorpusSection(),
      '',
      `Expressions: ${fmt(inputs.length)} (every expression the build writes for the repo's tenants and ${tenants} synthetic ones, plus the ${corpus.length}-case parser corpus).`,
      '',
      table(
        ['what', 'median time', 'expressions/s', 'target'],
        [
          [
            'parse + type-check (`validatePromql`)',
            `${fmt(parseMs)} ms`,
            fmt((inputs.length / parseMs) * 1000),
            '≥ 20,000/s',
          ],
          ['parse + every catalog check (`lint`)', `${fmt(lintMs)} ms`, fmt((inputs.length / lintMs) * 1000), ''],
        ],
      ),
      '',
      `Rule files of the repo's tenants + 100 synthetic ones: ${files.length} files, ${fmt(rules)} rules.`,
      '',
      table(
        ['what', 'median time'],
        [
          ['`promtool check rules` on those files (Go, one process)', `${fmt(promtoolMs)} ms`],
          ['every check over the same rule files, in-process (`validateArtifacts`)', `${fmt(inProcessRulesMs)} ms`],
          [
            '`plotwatch validate --synthetic-tenants 100` (whole CLI: start-up, compile, dashboards and rules)',
            `${fmt(cliMs)} ms`,
          ],
        ],
      ),
      '',
      await longChainsSection(),
    ].join('\n');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * Issue 18's absolute bound, here rather than in a test (a test holds the chains to peers measured in
 * the same run, long-chains.test.ts): each shape at 10,000 terms, or 2,000 levels of nesting.
 */
async function longChainsSection(): Promise<string> {
  const chain = (op: string) => Array.from({ length: 10_000 }, (_, i) => `m${i}`).join(` ${op} `);
  const shapes: Array<[string, string]> = [
    ['10,000 terms joined by `+`', chain('+')],
    ['10,000 terms joined by `or`', chain('or')],
    ['2,000 nested parentheses', `${'('.repeat(2_000)}up${')'.repeat(2_000)}`],
    ['2,000 nested calls', `${'abs('.repeat(2_000)}up${')'.repeat(2_000)}`],
  ];
  const rows: Array<Array<string | number>> = [];
  for (const [what, expr] of shapes)
    rows.push([what, `${fmt(await medianMs(() => validatePromql(expr), 9), 1)} ms`, 'under 100 ms']);
  return [
    'Long expressions (issue 18): `validatePromql` of one expression.',
    '',
    table(['expression', 'median time', 'target'], rows),
  ].join('\n');
}
