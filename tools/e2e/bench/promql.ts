import { environment, syntheticTenants } from '@plotwatch/platform';
import { corpus, lint, validatePromql } from '@plotwatch/promql';
import { ruleFilesOf, run, stageForPromtool } from '@plotwatch/testing';
import { rm } from 'node:fs/promises';
import { validateArtifacts } from '@plotwatch/build';
import { asTree, compileOrThrow, repoTenants } from '@plotwatch/build/testing';
import { CLI_BIN, REPO_ROOT } from '@plotwatch/cli';
import { fmt, medianMs, table } from './measure.ts';

const MIN_EXPRESSIONS = 10_000;

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
    ].join('\n');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
