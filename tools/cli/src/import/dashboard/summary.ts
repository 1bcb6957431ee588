import type { ImportSummary } from './plan.ts';

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** The import's summary as the command prints it: converted, kept raw, queries, missing metrics, not kept. */
export function formatSummary(s: ImportSummary): string {
  const lines: string[] = [];
  const withRaw = s.converted.filter((p) => p.raw.length);
  lines.push(
    `${plural(s.converted.length, 'panel')} converted to presets${withRaw.length ? ` (${withRaw.length} with fields the preset does not model kept in raw)` : ''}`,
  );
  for (const p of s.converted)
    lines.push(`  ${JSON.stringify(p.title)}: ${p.preset}${p.raw.length ? `, raw: ${p.raw.join(', ')}` : ''}`);
  lines.push(`${plural(s.keptRaw.length, 'panel')} kept raw`);
  for (const p of s.keptRaw) lines.push(`  ${JSON.stringify(p.title)}: ${p.reason}`);
  if (s.variables.length) {
    lines.push(`${plural(s.variables.length, 'variable')}`);
    for (const v of s.variables) lines.push(`  ${v.name}: ${v.as}`);
  }
  lines.push(
    `${plural(s.queries.total, 'query', 'queries')}, ${s.queries.rewritten} rewritten (the scope's tenant, catalog references)`,
  );
  if (s.unscoped.length) {
    lines.push(
      `${plural(s.unscoped.length, 'query', 'queries')} not filtered to the tenant (they show every tenant's data):`,
    );
    for (const u of s.unscoped) lines.push(`  ${u}`);
  }
  if (s.missingMetrics.length) {
    lines.push(
      `${plural(s.missingMetrics.length, 'metric')} missing from the catalog: add to libs/platform/src/catalog.ts (the queries name them as written until then):`,
    );
    for (const m of s.missingMetrics) lines.push(m.entry.replace(/^/gm, '  '));
  } else lines.push('0 metrics missing from the catalog');
  if (s.checks.length) {
    lines.push(
      `${plural(s.checks.length, 'finding')} of the build's PromQL checks (the build refuses the dashboard until they are fixed):`,
    );
    for (const c of s.checks) lines.push(`  ${c.where}: ${c.message} [${c.check}]`);
  }
  if (s.notKept.length) {
    lines.push(`not kept (${s.notKept.length}):`);
    for (const n of s.notKept) lines.push(`  ${n}`);
  }
  return lines.join('\n');
}
