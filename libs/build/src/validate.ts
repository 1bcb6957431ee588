import type { Environment, Tenant } from '@plotwatch/platform';
import { duplicateRules, formatFinding, lint, ruleWhere, type LintContext, type RuleIdentity } from '@plotwatch/promql';
import { DASHBOARD_KINDS, documentOf, isDashboard, type Artifact } from './artifacts.ts';
import { lintContextBase } from './lint-context.ts';

/** One expression of one artifact, with what the checks need and what a reader needs to find it. */
export interface QuerySite {
  readonly expr: string;
  readonly ctx: LintContext;
  /**
   * `dashboards/ml/quality.ts (tenant aurora-books, dashboard aurora-books-ml-quality, panel "Drift score by model")`.
   */
  readonly where: string;
}

interface RuleDoc {
  record?: string;
  alert?: string;
  expr: string;
  for?: string;
  labels?: Record<string, string>;
}
interface RuleFileDoc {
  groups?: Array<{ name: string; rules?: RuleDoc[] }>;
}
interface PanelDoc {
  title?: string;
  targets?: Array<{ expr?: string }>;
  panels?: PanelDoc[];
}
interface V2Doc {
  metadata: { name: string };
  spec: {
    elements?: Record<
      string,
      {
        kind: string;
        spec: { title?: string; data?: { spec: { queries: Array<{ spec: { query: { spec: { expr?: string } } } }> } } };
      }
    >;
  };
}

/** A dashboard's uid and its panels' titles and query expressions, read from either schema. */
export function dashboardQueries(artifact: Artifact): {
  uid: string;
  panels: Array<{ title: string; exprs: Array<string | undefined> }>;
} {
  if (artifact.kind === DASHBOARD_KINDS.v2) {
    const doc = documentOf<V2Doc>(artifact);
    const panels = Object.values(doc.spec.elements ?? {})
      .filter((e) => e.kind === 'Panel')
      .map((e) => ({
        title: e.spec.title ?? '',
        exprs: (e.spec.data?.spec.queries ?? []).map((q) => q.spec.query.spec.expr),
      }));
    return { uid: doc.metadata.name, panels };
  }
  const doc = documentOf<{ uid: string; panels?: PanelDoc[] }>(artifact);
  const panels = (doc.panels ?? [])
    .flatMap((p) => [p, ...(p.panels ?? [])])
    .map((p) => ({ title: p.title ?? '', exprs: (p.targets ?? []).map((t) => t.expr) }));
  return { uid: doc.uid, panels };
}

/**
 * Every check over every expression the build produced: dashboards' queries and rules, read
 * back from the artifacts themselves, so what is checked is exactly what is written.
 * Returns one multi-line message per finding (none when all is well) and how many expressions were checked.
 */
export function validateArtifacts(
  artifacts: readonly Artifact[],
  tenants: readonly Tenant[],
  env: Environment,
  {
    recorded = recordedSeries(artifacts),
    isClean = cleanCache(),
  }: {
    /** Every series the build's rule files record; those among `artifacts` unless they are checked elsewhere. */
    readonly recorded?: ReadonlySet<string>;
    /** Shared by the calls of one build that checks its artifacts in batches (with the same `recorded`). */
    readonly isClean?: CleanCache;
  } = {},
): { findings: string[]; expressions: number } {
  const base = lintContextBase(env, recorded);
  const tenancy = new Map(tenants.map((t) => [t.id, t.tenancy]));
  const sites: QuerySite[] = [];

  // Both forms of a dashboard (`--schema both`) are read: each is what is written.
  for (const artifact of artifacts.filter(isDashboard)) {
    const dashboard = dashboardQueries(artifact);
    const tenant = artifact.tenant;
    const scope = tenant ? `tenant ${tenant}, ` : '';
    const ctx: LintContext = {
      ...base,
      origin: 'dashboard',
      ...(tenant ? { tenant, ownDatasource: tenancy.get(tenant) === 'mimir' } : {}),
    };
    for (const panel of dashboard.panels) {
      for (const expr of panel.exprs) {
        if (!expr) continue;
        sites.push({
          expr,
          ctx,
          where: `${artifact.definedAt ?? artifact.source} (${scope}dashboard ${dashboard.uid}, panel "${panel.title}")`,
        });
      }
    }
  }
  const findings = siteFindings(sites, isClean);
  let expressions = sites.length;
  // Most batches of a build are dashboards alone: the rule files' kept findings are looked up only for rule files.
  const ruleFiles = artifacts.filter(isRuleFile);
  if (ruleFiles.length) {
    const known = ruleFilesChecked(env, recorded);
    for (const artifact of ruleFiles) {
      const context = `${artifact.kind} ${artifact.path} ${artifact.source} ${artifact.tenant ?? ''}`;
      // By text, then by what names it: every mimir tenant's recording namespace has the same text.
      let named = known.files.get(artifact.content);
      if (!named) known.files.set(artifact.content, (named = new Map()));
      let checked = named.get(context);
      if (!checked) named.set(context, (checked = ruleFileFindings(artifact, base, isClean)));
      findings.push(...checked.findings);
      expressions += checked.expressions;
    }
  }
  // A query of a dashboard written in both schemas is found twice, with the same words: reported once.
  return { findings: [...new Set(findings)], expressions };
}

/** Each site's findings, formatted; a site `isClean` knows has none is not linted. */
function siteFindings(sites: readonly QuerySite[], isClean: CleanCache): string[] {
  return sites.flatMap((site) =>
    isClean(site) ? [] : lint(site.expr, site.ctx).map((f) => formatFinding(site.where, site.expr, f)),
  );
}

/**
 * The findings of one rule file's rules, and how many expressions it has: each expression's checks,
 * and rules that write the same series as an earlier one of the file (its namespace).
 */
function ruleFileFindings(
  artifact: Artifact,
  base: ReturnType<typeof lintContextBase>,
  isClean: CleanCache,
): { findings: string[]; expressions: number } {
  const doc = documentOf<RuleFileDoc>(artifact);
  const tenant = artifact.kind === 'mimir-rules' ? artifact.tenant : undefined;
  const sites: QuerySite[] = [];
  const identities: RuleIdentity[] = [];
  for (const group of doc.groups ?? []) {
    for (const rule of group.rules ?? []) {
      const name = rule.record ?? rule.alert ?? '';
      const where = `${artifact.source} (${tenant ? `tenant ${tenant}, ` : ''}${artifact.path}, group ${group.name}, ${rule.record ? 'recording rule' : 'alert'} ${name})`;
      sites.push({
        expr: rule.expr,
        ctx: {
          ...base,
          origin: rule.record ? 'record' : 'alert',
          rule: { ...(rule.record ? { record: rule.record } : {}), ...(rule.for ? { for: rule.for } : {}) },
          ...(tenant ? { tenant, ownDatasource: true } : {}),
        },
        where,
      });
      identities.push({
        namespace: artifact.path,
        kind: rule.record ? 'record' : 'alert',
        name,
        labels: rule.labels ?? {},
        expr: rule.expr,
        where,
      });
    }
  }
  const findings = siteFindings(sites, isClean);
  const duplicates = duplicateRules(identities).map((d) => formatFinding(ruleWhere(d.rule), d.rule.expr, d));
  return { findings: [...findings, ...duplicates], expressions: sites.length };
}

/**
 * Each rule file's findings by its text and what names it, per environment and set of recorded
 * series: a long-lived build process (`plotwatch dev`) checks again only the rule files an edit
 * changed. A module's state, emptied when the checks' code changes; a few builds' worth of files.
 */
const checkedRuleFiles = new WeakMap<
  Environment,
  { recorded: string; files: Map<string, Map<string, { findings: string[]; expressions: number }>> }
>();
const RULE_FILES_KEPT = 20_000;

function ruleFilesChecked(env: Environment, recorded: ReadonlySet<string>) {
  const names = [...recorded].sort().join('\n');
  let known = checkedRuleFiles.get(env);
  if (known?.recorded !== names || known.files.size > RULE_FILES_KEPT) {
    known = { recorded: names, files: new Map() };
    checkedRuleFiles.set(env, known);
  }
  return known;
}

const isRuleFile = (a: Artifact) => a.kind === 'prometheus-rules' || a.kind === 'mimir-rules';

/** The names of the series the rule files among `artifacts` record. */
export function recordedSeries(artifacts: readonly Artifact[]): Set<string> {
  const docs = artifacts.filter(isRuleFile).map((a) => documentOf<RuleFileDoc>(a));
  return new Set(
    docs.flatMap((doc) =>
      (doc.groups ?? []).flatMap((g) => (g.rules ?? []).flatMap((r) => (r.record ? [r.record] : []))),
    ),
  );
}

export type CleanCache = (site: QuerySite) => boolean;

const TENANT_PLACEHOLDER = '__tenant__';

/**
 * Whether a site has no findings, remembered per expression shape: a tenant-scoped query is the
 * same for every tenant but for its `"<tenant id>"` strings, so with the id replaced by a
 * placeholder (in the text and in the context alike) one lint answers for all tenants. Only a
 * clean result is reused; a site with findings is linted as written, for exact positions.
 */
export function cleanCache(): CleanCache {
  // By context first (a few words: origin, tenancy, the rule's record and for), then by shape: no
  // key is built per site.
  const known = new Map<string, Map<string, boolean>>();
  return ({ expr, ctx }) => {
    const context = `${ctx.target?.version ?? '-'} ${ctx.target?.features.join(',') ?? '-'} ${ctx.origin} ${ctx.tenant ? 'tenant' : '-'} ${ctx.ownDatasource ?? '-'} ${ctx.rule?.record ?? '-'} ${ctx.rule?.for ?? '-'}`;
    let shapes = known.get(context);
    if (!shapes) known.set(context, (shapes = new Map()));
    const shape = ctx.tenant ? expr.replaceAll(`"${ctx.tenant}"`, `"${TENANT_PLACEHOLDER}"`) : expr;
    let clean = shapes.get(shape);
    if (clean === undefined) {
      clean = lint(shape, ctx.tenant ? { ...ctx, tenant: TENANT_PLACEHOLDER } : ctx).length === 0;
      shapes.set(shape, clean);
    }
    return clean;
  };
}
