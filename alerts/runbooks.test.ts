import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { ENVIRONMENTS, environments } from '@plotwatch/platform';
import { kebab, runbookUrl } from '@plotwatch/rules';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { alertDomains } from './index.ts';

/**
 * Every alert has a runbook in docs/runbooks, and every link to one resolves. The alerts are read
 * from the tree: the definitions' registry, and the rule files the build wrote to out/.
 */
const root = new URL('../', import.meta.url);
const RUNBOOKS_DIR = 'docs/runbooks';
const at = (path: string) => new URL(path, root);
const read = (path: string) => readFileSync(at(path), 'utf8');
/** The directory's index: conventions shared by every page, not a runbook of its own. */
const INDEX = 'README.md';

function walk(dir: string): string[] {
  if (!existsSync(at(dir))) return [];
  return readdirSync(at(dir))
    .sort()
    .flatMap((name) => {
      const path = `${dir}/${name}`;
      return statSync(at(path)).isDirectory() ? walk(path) : [path];
    });
}

const fileOf = (alert: string) => `${kebab(alert)}.md`;
const pathOf = (alert: string) => `${RUNBOOKS_DIR}/${fileOf(alert)}`;
const runbookFiles = readdirSync(at(RUNBOOKS_DIR))
  .filter((f) => f.endsWith('.md') && f !== INDEX)
  .sort();
const runbook = (file: string) => read(`${RUNBOOKS_DIR}/${file}`);

const defined = [...new Set(alertDomains.flatMap((d) => d.alerts.map((a) => a.name)))].sort();

interface CompiledRule {
  readonly file: string;
  readonly alert: string;
  readonly annotations: Readonly<Record<string, string>>;
}
interface RuleFile {
  readonly groups: ReadonlyArray<{ rules: ReadonlyArray<{ alert?: string; annotations?: Record<string, string> }> }>;
}
interface GrafanaRule {
  readonly title: string;
  readonly labels: Record<string, string>;
  readonly annotations: Record<string, string>;
}

/** An alert with a rule per severity has one Grafana rule per severity, titled `<alert> (<severity>)`. */
function grafanaAlertName(rule: GrafanaRule): string {
  const suffix = ` (${rule.labels.severity})`;
  return rule.title.endsWith(suffix) ? rule.title.slice(0, -suffix.length) : rule.title;
}

/** Prometheus and Mimir rule files (YAML), and Grafana-managed rule groups (JSON). */
const ruleFiles = [...walk('out/prometheus/rules'), ...walk('out/mimir')].filter((f) => f.endsWith('.yaml'));
const compiled: CompiledRule[] = [
  ...ruleFiles.flatMap((file) =>
    (parse(read(file)) as RuleFile).groups
      .flatMap((g) => g.rules)
      .flatMap((r) => (r.alert ? [{ file, alert: r.alert, annotations: r.annotations ?? {} }] : [])),
  ),
  ...walk('out/grafana/alerting/rules')
    .filter((f) => f.endsWith('.json'))
    .flatMap((file) =>
      (JSON.parse(read(file)) as { rules: GrafanaRule[] }).rules.map((r) => ({
        file,
        alert: grafanaAlertName(r),
        annotations: r.annotations,
      })),
    ),
];
const compiledNames = [...new Set(compiled.map((r) => r.alert))].sort();

/** The runbook base every environment links to, and the repository path it publishes. */
const base = environments.prod.runbookUrl;
const BLOB = /\/blob\/[^/]+\/(.+)$/;

/** The repository file a runbook URL points at, or undefined when it is not under the base. */
function repoPathOf(url: string): string | undefined {
  if (!url.startsWith(`${base}/`)) return undefined;
  return url.replace(`${base}/`, `${BLOB.exec(base)![1]}/`);
}

interface Panel {
  readonly id: number;
  readonly title: string;
  readonly panels?: readonly Panel[];
  readonly links?: ReadonlyArray<{ title: string; url: string }>;
}
interface Dashboard {
  readonly uid: string;
  readonly title: string;
  readonly panels?: readonly Panel[];
}
const panelsOf = (d: Dashboard) => (d.panels ?? []).flatMap((p) => [p, ...(p.panels ?? [])]);
const dashboards = new Map(
  walk('out/grafana/dashboards')
    .filter((f) => f.endsWith('.json'))
    .map((file) => {
      const d = JSON.parse(read(file)) as Dashboard;
      return [d.uid, d] as const;
    }),
);
const tenantIds = readdirSync(at('out/grafana/dashboards/tenants'));
const TENANT = '{{ $labels.tenant }}';

/** The dashboard titles (without the tenant's name) and panel titles an alert's `dashboard_url`s open. */
function linkedPanels(alert: string): Array<{ dashboard: string; panel: string }> {
  const rules = compiled.filter((r) => r.alert === alert && r.file.endsWith('.yaml'));
  return [...new Set(rules.map((r) => r.annotations.dashboard_url!))].flatMap((url) => {
    const [, uid, panelId] = /\/d\/([^?]+)\?viewPanel=(\d+)$/.exec(url) ?? [];
    expect(uid, `${alert}: dashboard_url ${url}`).toBeDefined();
    const uids = uid!.includes(TENANT) ? tenantIds.map((t) => uid!.replace(TENANT, t)) : [uid!];
    const found = uids.flatMap((u) => (dashboards.has(u) ? [dashboards.get(u)!] : []));
    expect(found.length, `${alert}: no dashboard in out/ for ${url}`).toBeGreaterThan(0);
    return found.map((d) => {
      const panel = panelsOf(d).find((p) => p.id === Number(panelId));
      expect(panel, `${alert}: no panel ${panelId} in ${d.uid}`).toBeDefined();
      return { dashboard: d.title.slice(d.title.indexOf(' · ')), panel: panel!.title };
    });
  });
}

function section(text: string, heading: string): string {
  const start = text.indexOf(`\n## ${heading}\n`);
  if (start < 0) return '';
  const end = text.indexOf('\n## ', start + 1);
  return text.slice(start, end < 0 ? undefined : end);
}

describe(`runbooks in ${RUNBOOKS_DIR}`, () => {
  it('the definitions and the compiled rule files in out/ name the same alerts', () => {
    expect(defined.length).toBeGreaterThan(0);
    expect(compiledNames, 'alerts in out/ (rebuild with `npx nx run build-all`)').toEqual(defined);
  });

  it('exist for every alert', () => {
    const alerts = [...new Set([...defined, ...compiledNames])];
    const missing = alerts.filter((a) => !runbookFiles.includes(fileOf(a)));
    expect(missing.map(pathOf), 'alerts without a runbook').toEqual([]);
  });

  it('belong to an alert: no stale page', () => {
    const alerts = new Set(defined.map(fileOf));
    expect(
      runbookFiles.filter((f) => !alerts.has(f)),
      'runbooks of no alert (remove, or rename)',
    ).toEqual([]);
  });

  it("are where every environment publishes them: its runbook URL is the Git host's view of docs/runbooks", () => {
    expect(BLOB.exec(base)?.[1]).toBe(RUNBOOKS_DIR);
    for (const id of ENVIRONMENTS) {
      expect(environments[id].runbookUrl, id).toBe(base);
      for (const alert of defined) expect(repoPathOf(runbookUrl(alert, environments[id])), alert).toBe(pathOf(alert));
    }
  });

  it('are what the runbook_url of every compiled rule points at', () => {
    expect(compiled.length).toBeGreaterThan(0);
    const wrong = compiled.filter((r) => repoPathOf(r.annotations.runbook_url ?? '') !== pathOf(r.alert));
    expect(wrong.map((r) => `${r.file}: ${r.alert} -> ${r.annotations.runbook_url}`)).toEqual([]);
  });

  it('are what every runbook link in out/ (dashboards, ConfigMaps, rules, tests) resolves to', () => {
    const urls = new Set(walk('out').flatMap((file) => read(file).match(/https?:\/\/[^\s"'<>|\\]+/g) ?? []));
    const links = [...urls].filter((u) => u.startsWith(`${base}/`));
    expect(links.length).toBeGreaterThanOrEqual(defined.length);
    expect(
      links.filter((u) => !existsSync(at(repoPathOf(u)!))),
      'links to no file',
    ).toEqual([]);
    const panelLinks = [...dashboards.values()]
      .flatMap(panelsOf)
      .flatMap((p) => (p.links ?? []).filter((l) => l.title.startsWith('Runbook: ')));
    expect(panelLinks.length).toBeGreaterThan(0);
    for (const l of panelLinks) expect(repoPathOf(l.url), l.title).toBe(pathOf(l.title.slice('Runbook: '.length)));
  });

  it.each(defined)('%s: follows the template and names the dashboard and panel it links to', (alert) => {
    const file = fileOf(alert);
    if (!runbookFiles.includes(file)) return; // reported by 'exist for every alert'
    const text = runbook(file);
    expect(text.startsWith(`# ${alert}\n`), `${file} starts with "# ${alert}"`).toBe(true);
    const headings = ['## Meaning', '## First three checks', '## Dashboard', '## Related'];
    expect(text.match(/^## .+$/gm), file).toEqual(headings);
    const checks = section(text, 'First three checks').match(/^\d+\. /gm);
    expect(checks, `${file}: three numbered checks`).toEqual(['1. ', '2. ', '3. ']);
    const dashboard = section(text, 'Dashboard');
    for (const linked of linkedPanels(alert)) {
      expect(dashboard, `${file}: dashboard "…${linked.dashboard}"`).toContain(linked.dashboard);
      expect(dashboard, `${file}: panel "${linked.panel}"`).toContain(`**${linked.panel}**`);
    }
  });

  it('link to runbooks that exist', () => {
    const broken = [INDEX, ...runbookFiles].flatMap((file) =>
      [...runbook(file).matchAll(/\]\(([^)#]+\.md)\)/g)]
        .map((m) => m[1]!)
        .filter((l) => !existsSync(at(`${RUNBOOKS_DIR}/${l}`)))
        .map((l) => `${file}: ${l}`),
    );
    expect(broken).toEqual([]);
  });
});
