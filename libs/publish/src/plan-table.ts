import type { ApplyReport } from './apply.ts';
import type { Action, Change, Plan } from './plan.ts';

const ACTIONS: readonly Action[] = ['create', 'update', 'delete', 'drift', 'unchanged'];
const COUNT_WORDING: Readonly<Record<Action, string>> = {
  create: 'to create',
  update: 'to update',
  delete: 'to delete',
  drift: 'drifted (left alone)',
  unchanged: 'unchanged',
};

/** `3 to create, 1 to update, 0 to delete, 0 drifted (left alone), 250 unchanged` */
function planSummary(plan: Plan): string {
  const counts = countBy(plan.changes, (c) => c.action);
  return ACTIONS.map((a) => `${counts.get(a) ?? 0} ${COUNT_WORDING[a]}`).join(', ');
}

/**
 * The plan as a table, one row per change, in the order it would be applied; unchanged resources
 * are counted, not listed (a no-op over thousands of dashboards prints one line).
 */
export function planTable(plan: Plan): string {
  const rows = plan.changes.filter((c) => c.action !== 'unchanged').map((c) => [c.action, c.kind, c.key, c.reason]);
  const lines = [`Plan: ${planSummary(plan)}`];
  if (rows.length) lines.push('', ...table(['ACTION', 'KIND', 'RESOURCE', 'DETAIL'], rows));
  if (plan.notes.length) lines.push('', ...plan.notes.map((n) => `note: ${n}`));
  return lines.join('\n');
}

/** After apply: counts, then every change that did not happen and why. */
export function applySummary(report: ApplyReport): string {
  const counts = countBy(report.results, (r) => r.outcome);
  const lines = [
    `Applied: ${counts.get('done') ?? 0} done, ${counts.get('failed') ?? 0} failed, ${counts.get('skipped') ?? 0} not attempted`,
  ];
  const problems = report.results.filter((r) => r.outcome !== 'done');
  if (problems.length)
    lines.push(
      '',
      ...table(
        ['OUTCOME', 'ACTION', 'KIND', 'RESOURCE', 'WHY'],
        problems.map((r) => [r.outcome, r.change.action, r.change.kind, r.change.key, r.detail]),
      ),
    );
  if (report.stopped) lines.push('', `stopped: ${report.stopped}`);
  return lines.join('\n');
}

/** One line per applied change, for logs (no TTY). */
export function resultLine(change: Change, outcome: string, detail: string): string {
  return `${outcome === 'done' ? change.action : outcome}: ${change.kind} ${change.key}${detail ? ` (${detail})` : ''}`;
}

function table(header: readonly string[], rows: ReadonlyArray<readonly string[]>): string[] {
  const widths = header.map((h, i) =>
    Math.max(h.length, ...rows.map((r) => (i < header.length - 1 ? r[i]!.length : 0))),
  );
  const line = (cells: readonly string[]) =>
    `  ${cells.map((c, i) => (i < cells.length - 1 ? c.padEnd(widths[i]!) : c)).join('  ')}`.trimEnd();
  return [line(header), ...rows.map(line)];
}

function countBy<T, K>(items: readonly T[], key: (item: T) => K): Map<K, number> {
  const counts = new Map<K, number>();
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return counts;
}
