import type { Summary } from './summarize.ts';

const code = (text: string | undefined) => (text === undefined ? '_none_' : `\`${text.replaceAll('`', '\\`')}\``);

function details(summary: string, body: string[]): string[] {
  return ['<details>', `<summary>${summary}</summary>`, '', ...body, '', '</details>', ''];
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) groups.set(key(item), [...(groups.get(key(item)) ?? []), item]);
  return new Map([...groups].sort(([a], [b]) => a.localeCompare(b)));
}

/** The summary as a PR comment: counts first, then details grouped per tenant and persona, collapsed. */
export function renderMarkdown(s: Summary): string {
  const counts = [
    `${s.dashboardsAdded.length} added`,
    `${s.dashboardsRemoved.length} removed`,
    `${s.dashboardsChanged.length} changed`,
  ].join(', ');
  const lines = [
    '## Plotwatch: what this change does',
    '',
    `- Dashboards: ${counts}`,
    `- Thresholds changed: ${s.thresholds.length}`,
    `- Alert and recording rules: ${s.rulesAdded.length} added, ${s.rulesRemoved.length} removed, ${s.rulesChanged.length} changed`,
    `- Routes: ${s.routes.changed ? `changed (${s.routes.receiversAdded.length} receivers added, ${s.routes.receiversRemoved.length} removed)` : 'unchanged'}`,
    '',
  ];

  if (s.thresholds.length) {
    lines.push('### Thresholds', '', '| series | tenant | before | after |', '| --- | --- | --- | --- |');
    for (const t of s.thresholds) lines.push(`| ${t.series} | ${t.tenant} | ${code(t.before)} | ${code(t.after)} |`);
    lines.push('');
  }
  const dashboards = [
    ...s.dashboardsAdded.map((d) => ({ group: d.group, line: [`- added: **${d.title}** (\`${d.uid}\`)`] })),
    ...s.dashboardsRemoved.map((d) => ({ group: d.group, line: [`- removed: **${d.title}** (\`${d.uid}\`)`] })),
    ...s.dashboardsChanged.map((d) => ({
      group: d.group,
      line: [
        `- changed: **${d.title}** (\`${d.uid}\`)`,
        ...d.panelsAdded.map((p) => `  - panel added: ${p}`),
        ...d.panelsRemoved.map((p) => `  - panel removed: ${p}`),
        ...d.panelsChanged.flatMap((p) => [
          `  - panel **${p.title}**`,
          ...p.queries.map((q) => `    - query ${q.refId}: ${code(q.before)} → ${code(q.after)}`),
          ...(p.thresholds ? [`    - thresholds: ${p.thresholds.before} → ${p.thresholds.after}`] : []),
        ]),
      ],
    })),
  ];
  if (dashboards.length) {
    lines.push('### Dashboards', '');
    for (const [group, items] of groupBy(dashboards, (d) => d.group))
      lines.push(
        ...details(
          `${group} (${items.length})`,
          items.flatMap((i) => i.line),
        ),
      );
  }
  if (s.rulesAdded.length || s.rulesRemoved.length || s.rulesChanged.length) {
    lines.push('### Rules', '');
    const body = [
      ...s.rulesAdded.map((r) => `- added: ${r}`),
      ...s.rulesRemoved.map((r) => `- removed: ${r}`),
      ...s.rulesChanged.flatMap((r) => [
        `- changed: **${r.rule}** (${r.file})`,
        ...r.changes.map((c) => `  - ${c.field}: ${code(c.before)} → ${code(c.after)}`),
      ]),
    ];
    lines.push(...details(`${body.length} rule changes`, body));
  }
  if (s.routes.changed) {
    lines.push(
      '### Routes',
      '',
      ...s.routes.receiversAdded.map((r) => `- receiver added: ${r}`),
      ...s.routes.receiversRemoved.map((r) => `- receiver removed: ${r}`),
      '- the route tree changed: see `out/alertmanager/alertmanager.yaml` in the diff',
      '',
    );
  }
  if (s.otherFiles.length) {
    lines.push(
      ...details(
        `Other generated files (${s.otherFiles.length})`,
        s.otherFiles.map((f) => `- ${f.status}: ${f.path}`),
      ),
    );
  }
  return `${lines.join('\n').trimEnd()}\n`;
}
