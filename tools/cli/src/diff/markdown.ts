import { groupEntries, SECTIONS, type Group, type Section, type Summary } from './summarize.ts';

/** GitHub caps a comment at 65,536 characters: the Markdown stays under this, notes included. */
export const MARKDOWN_BUDGET = 60_000;
/** Longer values (a long PromQL expression) are cut to this many characters; the JSON has them whole. */
const VALUE_LIMIT = 240;
/** Tenants named on a line before `… +N`. */
const NAMED_TENANTS = 3;

const TITLES: Record<Section, string> = {
  thresholds: 'Thresholds',
  rules: 'Alert and recording rules',
  routes: 'Routes',
  dashboards: 'Dashboards',
  panels: 'Panels',
  files: 'Other generated files',
};

const number = (n: number) => n.toLocaleString('en-US');

function code(text: string | undefined, cut: { count: number }): string {
  if (text === undefined) return '_none_';
  let value = text.replaceAll('\n', ' ');
  if (value.length > VALUE_LIMIT) {
    value = `${value.slice(0, VALUE_LIMIT)}…`;
    cut.count++;
  }
  return `\`${value.replaceAll('`', "'")}\``;
}

/** `(all 1,000 tenants)`, `(12 tenants: a, b, c, … +9)`, `(tenant a)`, `(platform)`; shared output named too. */
export function scope(g: Group, allTenants: number): string {
  const parts: string[] = [];
  if (g.shared) parts.push(g.tenants.length ? 'shared' : 'platform / shared');
  const n = g.tenants.length;
  if (n > 0 && n === allTenants && n > 1) parts.push(`all ${number(n)} tenants`);
  else if (n === 1) parts.push(`tenant ${g.tenants[0]}`);
  else if (n > 1 && n <= NAMED_TENANTS) parts.push(`${n} tenants: ${g.tenants.join(', ')}`);
  else if (n > NAMED_TENANTS)
    parts.push(
      `${number(n)} tenants: ${g.tenants.slice(0, NAMED_TENANTS).join(', ')}, … +${number(n - NAMED_TENANTS)}`,
    );
  return `(${parts.join('; ')})`;
}

function line(g: Group, allTenants: number, cut: { count: number }): string {
  const what = g.field ? `**${g.subject}** ${g.field}` : `**${g.subject}**`;
  const value =
    g.before === undefined && g.after === undefined
      ? ''
      : g.status === 'added'
        ? g.after !== undefined
          ? `: ${code(g.after, cut)}`
          : ''
        : g.status === 'removed'
          ? g.before !== undefined
            ? `: was ${code(g.before, cut)}`
            : ''
          : `: ${code(g.before, cut)} → ${code(g.after, cut)}`;
  return `- ${g.status}: ${what}${value} ${scope(g, allTenants)}`;
}

/**
 * The summary as a PR comment: per section, one line per change with the tenants it affects
 * collapsed, counts that are the number of lines listed (plus any the size budget omitted, which a
 * note says), within MARKDOWN_BUDGET characters.
 */
export function renderMarkdown(s: Summary, budget = MARKDOWN_BUDGET): string {
  const groups = groupEntries(s);
  const bySection = new Map<Section, Group[]>(SECTIONS.map((section) => [section, []]));
  for (const g of groups) bySection.get(g.section)!.push(g);
  const all = s.tenants.length;
  const per = (section: Section) => bySection.get(section)!.reduce((n, g) => n + g.count, 0);
  const counts = SECTIONS.map((section) => {
    const n = bySection.get(section)!.length;
    const entries = per(section);
    return `- ${TITLES[section]}: ${number(n)} ${n === 1 ? 'change' : 'changes'}${entries > n ? ` (${number(entries)} per-tenant)` : ''}`;
  });
  const head = ['## Plotwatch: what this change does', '', ...counts, ''];
  const cut = { count: 0 };
  // Room for the closing notes; the sections fill the rest in order.
  let room = budget - head.join('\n').length - 1_500;
  const body: string[] = [];
  const omitted: string[] = [];
  for (const section of SECTIONS) {
    const items = bySection.get(section)!;
    if (!items.length) continue;
    const heading = `### ${TITLES[section]} (${number(items.length)})`;
    const lines: string[] = [];
    let size = heading.length + 4;
    for (const g of items) {
      const text = line(g, all, cut);
      if (size + text.length + 1 > room - 200) break;
      lines.push(text);
      size += text.length + 1;
    }
    const left = items.length - lines.length;
    const note = left ? [`_${number(left)} more not shown (size budget): see \`--format json\`._`, ''] : [];
    if (left) omitted.push(`${number(left)} ${TITLES[section].toLowerCase()}`);
    body.push(heading, '', ...lines, '', ...note);
    room -= size + (note[0]?.length ?? 0) + 2;
  }
  const collapsed = groups.filter((g) => g.count > 1);
  const notes: string[] = [];
  if (collapsed.length || omitted.length || cut.count) {
    notes.push('---', '');
    if (collapsed.length)
      notes.push(
        `Collapsed: ${number(collapsed.reduce((n, g) => n + g.count, 0))} per-tenant changes shown as ${number(collapsed.length)} lines, each with the tenants it affects (\`<tenant>\` stands for each one's id).`,
      );
    if (omitted.length) notes.push(`Omitted to stay under ${number(budget)} characters: ${omitted.join(', ')}.`);
    if (cut.count) notes.push(`${number(cut.count)} values longer than ${VALUE_LIMIT} characters are cut (…).`);
    notes.push('`plotwatch diff --format json` has every per-tenant change.');
  }
  return `${[...head, ...body, ...notes]
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trimEnd()}\n`;
}

/**
 * Per `### Title (N)` section of a comment: N, and the top-level lines it lists plus those its note
 * says the size budget omitted; the two are equal when the counts match the lists.
 */
export function sectionCounts(markdown: string): Array<{ heading: string; count: number; listed: number }> {
  const sections = markdown.split(/^### /m).slice(1);
  return sections.map((text) => {
    const [heading = '', ...rest] = text.split('\n');
    const count = Number(/\(([\d,]+)\)$/.exec(heading)![1]!.replaceAll(',', ''));
    const listed = rest.filter((l) => l.startsWith('- ')).length;
    const omitted = /^_([\d,]+) more not shown/m.exec(text.split('\n---\n')[0]!);
    return { heading, count, listed: listed + (omitted ? Number(omitted[1]!.replaceAll(',', '')) : 0) };
  });
}
