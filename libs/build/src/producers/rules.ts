import { alertDomains } from '@plotwatch/alerts';
import { dashboardUid } from '@plotwatch/grafana';
import {
  didYouMean,
  problemsOf,
  THRESHOLD_IDS,
  type Environment,
  type PrometheusTarget,
  type Tenant,
} from '@plotwatch/platform';
import { parseDuration } from '@plotwatch/promql';
import { recordingGroups, slos } from '@plotwatch/recording-rules';
import {
  alertFileStem,
  compileAlert,
  groupName,
  paramSeriesRules,
  ruleFileDocument,
  sloFileStem,
  sloIndicatorRules,
  sloObjectiveRules,
  thresholdParam,
  toYaml,
  type AlertDefinition,
  type AlertDomainDefinition,
  type AlertTestCase,
  type Rule,
  type RuleGroup,
  type RuleTarget,
} from '@plotwatch/rules';
import type { Artifact } from '../artifacts.ts';
import { keptBy } from '../kept.ts';
import { stem } from '../out-paths.ts';
import { lookupsHold, recordingPanelIndex, type PanelLookup } from '../unit-keys.ts';
import { definedAt, type DefinedDashboard, type PanelIndex, type ProducerInput, type Produced } from './producer.ts';
import { crdArtifacts, grafanaArtifacts } from './rule-targets.ts';
import { testArtifacts, type CompiledForTarget, type SourcedRuleFile } from './rule-tests.ts';

const SHARED: RuleTarget = { kind: 'shared' };
const PLATFORM: RuleTarget = { kind: 'platform' };
/** A mimir tenant's recording rules; its SLO and alert namespaces are `plotwatch-<file>`. */
const MIMIR_BASE_NAMESPACE = 'plotwatch';
const MIMIR_RECORDING_SOURCE = 'recording-rules/index.ts';

/**
 * Recording rules, threshold series, SLOs, alerts and their promtool tests, from the same
 * definitions: plain rule files for the shared Prometheus, PrometheusRule objects of the same
 * groups, a ruler namespace per mimir tenant with its values inline, and Grafana-managed rules.
 */
export function ruleArtifacts({ tenants, env, sourcePath, panels, defined }: ProducerInput): Produced {
  const errors: string[] = [];
  const labelTenants = tenants.filter((t) => t.tenancy === 'label');
  const link = panelLinker(panels, errors, sourcePath, defined, labelTenants[0]);
  const group = (name: string, rules: readonly Rule[]): RuleGroup => ({
    name: groupName(name),
    interval: env.evaluationInterval,
    rules,
  });
  // Every mimir tenant's `plotwatch` namespace has the same groups, so the same file: made once.
  const mimirRecordingGroups = once(() => recordingGroups.map((g) => group(g.name, g.rules)));
  const ctx: Context = {
    definitions: once(() => [...alertDomains.flatMap((d) => [d, ...d.alerts]), ...slos, ...recordingGroups]),
    defined,
    env,
    link,
    errors,
    sourcePath,
    labelTenants,
    group,
    mimirRecordingGroups,
    mimirRecordingFile: once(() =>
      ruleFileArtifact(
        { path: `${MIMIR_BASE_NAMESPACE}.yaml`, source: MIMIR_RECORDING_SOURCE, groups: mimirRecordingGroups() },
        'mimir-rules',
        env.prometheus,
        MIMIR_BASE_NAMESPACE,
      ),
    ),
  };
  const artifacts: Artifact[] = [];
  // A definition that cannot compile (a latency threshold outside its histogram, ...) is reported, never half-written.
  const collect = (what: string, produce: () => Artifact[]) => {
    try {
      artifacts.push(...produce());
    } catch (e) {
      errors.push(`${what}: ${(e as Error).message}`);
    }
  };
  collect('rules of the shared Prometheus', () => {
    const shared = sharedRuleFiles(ctx);
    const files = shared.files.map((f) => ruleFileArtifact(f, 'prometheus-rules', env.prometheus));
    return [
      ...files,
      // A PrometheusRule holds the groups its rule file holds, for the same target: the same file's text, the same objects.
      ...shared.files.flatMap((f, i) =>
        keptCrds(`${env.id}\0${f.path}\0${f.source}\0${files[i]!.content}`, () => crdArtifacts(f, env)),
      ),
      ...shared.tests,
      ...shared.grafana,
    ];
  });
  for (const tenant of tenants.filter((t) => t.tenancy === 'mimir'))
    collect(`mimir namespaces of tenant ${tenant.id} (${tenant.source})`, () =>
      mimirArtifactsOnce(tenant, ctx, panels),
    );
  return { artifacts, errors: [...new Set(errors)] };
}

/** The PrometheusRule objects of the shared rule files, by the file (a few builds' worth): see ruleArtifacts. */
const keptCrds = keptBy<string, Artifact[]>(200);

/** What a mimir tenant's namespaces were made of, besides the tenant: while it holds, they are the same. */
interface MadeForMimir {
  readonly definitions: readonly object[];
  /** The dashboards defined, as persona/slug: its messages about a missing one list them. */
  readonly defined: string;
  readonly env: Environment;
  readonly sourcePath: (url: string) => string;
  readonly lookups: readonly PanelLookup[];
  readonly errors: readonly string[];
  readonly artifacts: Artifact[];
}

/**
 * Each mimir tenant's namespaces, kept per tenant object: a long-lived build process (`plotwatch
 * dev`) loads an unchanged tenant file as the same object, and makes again only the namespaces of
 * tenants that changed, or all of them when the environment or a panel their alerts link to did.
 * A module's state: a change to the rules' code evaluates this module afresh, and empties it.
 */
const madeForMimir = new WeakMap<Tenant, MadeForMimir>();

function mimirArtifactsOnce(tenant: Tenant, ctx: Context, panels: PanelIndex): Artifact[] {
  const made = madeForMimir.get(tenant);
  const definitions = ctx.definitions();
  const defined = ctx.defined.map((d) => `${d.persona}/${d.slug}`).join(' ');
  if (
    made &&
    made.defined === defined &&
    made.env === ctx.env &&
    made.sourcePath === ctx.sourcePath &&
    sameObjects(made.definitions, definitions) &&
    lookupsHold(made.lookups, panels)
  ) {
    ctx.errors.push(...made.errors);
    return made.artifacts;
  }
  const recording = recordingPanelIndex(panels);
  const errors: string[] = [];
  const link = panelLinker(recording.index, errors, ctx.sourcePath, ctx.defined, ctx.labelTenants[0]);
  const artifacts = mimirArtifacts(tenant, { ...ctx, errors, link });
  madeForMimir.set(tenant, {
    definitions,
    defined,
    env: ctx.env,
    sourcePath: ctx.sourcePath,
    lookups: recording.lookups,
    errors,
    artifacts,
  });
  ctx.errors.push(...errors);
  return artifacts;
}

interface Context {
  readonly env: Environment;
  readonly link: Linker;
  /** The build's errors: an alert that cannot compile is reported here (once, at its definition) and left out. */
  readonly errors: string[];
  readonly sourcePath: (url: string) => string;
  readonly labelTenants: readonly Tenant[];
  readonly group: (name: string, rules: readonly Rule[]) => RuleGroup;
  /** The recording groups of every mimir tenant's `plotwatch` namespace, and that file (its path aside). */
  readonly mimirRecordingGroups: () => readonly RuleGroup[];
  readonly mimirRecordingFile: () => Artifact;
  /** The definitions a mimir tenant's namespaces are made of: alerts, SLOs, recording groups (a test may plant more). */
  readonly definitions: () => readonly object[];
  readonly defined: readonly DefinedDashboard[];
}

function sameObjects(a: readonly object[], b: readonly object[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** `make()`, made the first time it is asked for. */
function once<T>(make: () => T): () => T {
  let made: { value: T } | undefined;
  return () => (made ??= { value: make() }).value;
}

/** Compiled alerts per domain: tenant alerts for `tenantTarget` (if any), platform alerts once (if `withPlatform`). */
function compileDomains(
  ctx: Context,
  tenantTarget: RuleTarget | undefined,
  withPlatform: boolean,
): Array<{ domain: AlertDomainDefinition; alerts: CompiledForTarget[] }> {
  return alertDomains
    .map((domain) => ({
      domain,
      alerts: domain.alerts.flatMap((alert) => {
        const target = alert.scope === 'platform' ? (withPlatform ? PLATFORM : undefined) : tenantTarget;
        if (!target) return [];
        const where = `${definedAt(alert, domain.source, ctx.sourcePath)}: alert ${alert.name}`;
        const problems = [
          ...problemsOf(alert),
          ...alert.rules
            .filter((r) => parseDuration(r.for) === undefined)
            .map((r) => `for "${r.for}" is not a Prometheus duration (a number and a unit: 30s, 15m, 1h30m)`),
        ];
        if (problems.length) {
          ctx.errors.push(...problems.map((p) => `${where}: ${p}`));
          return [];
        }
        try {
          return [{ alert, domain, target, ...compileAlert(alert, target, ctx.env, ctx.link(alert, domain, target)) }];
        } catch (e) {
          ctx.errors.push(`${where}: ${(e as Error).message}`);
          return [];
        }
      }),
    }))
    .filter((d) => d.alerts.length);
}

/** The shared Prometheus: thresholds, recording groups, SLOs and alert domains, with their tests and Grafana twins. */
function sharedRuleFiles(ctx: Context): { files: SourcedRuleFile[]; tests: Artifact[]; grafana: Artifact[] } {
  const { group, labelTenants, sourcePath } = ctx;
  const recording: SourcedRuleFile[] = [
    {
      path: 'prometheus/rules/thresholds.yaml',
      source: 'libs/platform/src/thresholds.ts',
      groups: [
        group(
          'thresholds',
          THRESHOLD_IDS.flatMap((id) => paramSeriesRules(thresholdParam(id), labelTenants)),
        ),
      ],
    },
    ...recordingGroups.map((g) => ({
      path: `prometheus/rules/${g.name}.yaml`,
      source: sourcePath(g.source),
      groups: [group(g.name, g.rules)],
    })),
    ...slos.map(({ spec, source }) => ({
      path: `prometheus/rules/${sloFileStem(spec.id)}.yaml`,
      source: sourcePath(source),
      groups: [
        group(`slo.${spec.id}.objectives`, sloObjectiveRules(spec, labelTenants)),
        group(`slo.${spec.id}.indicators`, sloIndicatorRules(spec, SHARED)),
      ],
    })),
  ];
  const domains = compileDomains(ctx, labelTenants.length ? SHARED : undefined, true);
  const alertFiles = domains.map(({ domain, alerts }) => ({
    path: `prometheus/rules/${alertFileStem(domain.domain)}.yaml`,
    source: sourcePath(domain.source),
    groups: [
      group(
        `alerts.${domain.domain}`,
        alerts.flatMap((a) => a.rules),
      ),
    ],
  }));
  const tests = domains.flatMap(({ alerts }, i) =>
    alerts.flatMap((a) => {
      const cases = a.alert.scope === 'platform' ? a.alert.tests() : a.alert.tests(labelTenants);
      return testArtifacts(
        a,
        cases,
        [...recording, alertFiles[i]!],
        `prometheus/tests/${a.domain.domain}`,
        sourcePath(a.domain.source),
      );
    }),
  );
  const grafana = grafanaArtifacts(
    domains.flatMap((d) => d.alerts),
    ctx.env,
    undefined,
  );
  return { files: [...recording, ...alertFiles], tests, grafana };
}

/**
 * A mimir tenant's ruler namespaces, its values inline: `plotwatch` holds the recording groups,
 * `plotwatch-slo-<id>` and `plotwatch-alerts-<domain>` the rest, so each test loads only its own.
 */
function mimirArtifacts(tenant: Tenant, ctx: Context): Artifact[] {
  const own: RuleTarget = { kind: 'own', tenant };
  const dir = `mimir/${tenant.id}`;
  const namespace = (stem: string) => `${MIMIR_BASE_NAMESPACE}-${stem}`;
  const files: SourcedRuleFile[] = [
    {
      path: `${dir}/${MIMIR_BASE_NAMESPACE}.yaml`,
      source: MIMIR_RECORDING_SOURCE,
      groups: ctx.mimirRecordingGroups(),
    },
    ...slos.map(({ spec, source }) => ({
      path: `${dir}/${namespace(sloFileStem(spec.id))}.yaml`,
      source: ctx.sourcePath(source),
      groups: [ctx.group(`slo.${spec.id}.indicators`, sloIndicatorRules(spec, own))],
    })),
  ];
  const domains = compileDomains(ctx, own, false);
  const alertFiles = domains.map(({ domain, alerts }) => ({
    path: `${dir}/${namespace(alertFileStem(domain.domain))}.yaml`,
    source: ctx.sourcePath(domain.source),
    groups: [
      ctx.group(
        `alerts.${domain.domain}`,
        alerts.flatMap((a) => a.rules),
      ),
    ],
  }));
  const tests = domains.flatMap(({ alerts }, i) =>
    alerts.flatMap((a) =>
      testArtifacts(
        a,
        testsOf(a.alert, tenant),
        [...files, alertFiles[i]!],
        `prometheus/tests/mimir/${tenant.id}`,
        ctx.sourcePath(a.domain.source),
      ),
    ),
  );
  const [recording, ...others] = files;
  return [
    { ...ctx.mimirRecordingFile(), path: recording!.path, tenant: tenant.id },
    ...[...others, ...alertFiles].map((f) => ({
      ...ruleFileArtifact(f, 'mimir-rules', ctx.env.prometheus, stem(f.path, '.yaml')),
      tenant: tenant.id,
    })),
    ...tests.map((t) => ({ ...t, tenant: tenant.id })),
    ...grafanaArtifacts(
      domains.flatMap((d) => d.alerts),
      ctx.env,
      tenant,
    ).map((g) => ({ ...g, tenant: tenant.id })),
  ];
}

function ruleFileArtifact(
  file: SourcedRuleFile,
  kind: 'prometheus-rules' | 'mimir-rules',
  target: PrometheusTarget,
  namespace?: string,
): Artifact {
  const document = ruleFileDocument(file.groups, namespace, target);
  return { path: file.path, kind, source: file.source, content: toYaml(document), document };
}

function testsOf(alert: AlertDefinition, tenant: Tenant): readonly AlertTestCase[] {
  if (alert.scope !== 'tenant') throw new Error(`${alert.name} is a platform alert; it has no tenant tests`);
  return alert.tests([tenant]);
}

type Linker = (alert: AlertDefinition, domain: AlertDomainDefinition, target: RuleTarget) => number;

/**
 * The id of the panel an alert links to: in a tenant's copy of the dashboard (any label tenant's
 * for the shared rule: their dashboards share the layout), or the platform's. An error if it is gone.
 */
function panelLinker(
  panels: PanelIndex,
  errors: string[],
  sourcePath: (url: string) => string,
  dashboards: readonly DefinedDashboard[],
  sample?: Tenant,
): Linker {
  return (alert, domain, target) => {
    const scope = target.kind === 'platform' ? 'platform' : target.kind === 'own' ? target.tenant.id : sample?.id;
    if (!scope) return 0;
    const uid = dashboardUid(scope, alert.dashboard.persona, alert.dashboard.slug);
    const id = panels.panelId(uid, alert.dashboard.panel);
    const { persona, slug, panel } = alert.dashboard;
    if (id === 'ambiguous') {
      errors.push(
        `${definedAt(alert, domain.source, sourcePath)}: alert ${alert.name} links to panel "${panel}" of dashboard ${persona}/${slug}, and several panels there have that title: give the one it means a title of its own`,
      );
      return 0;
    }
    if (id !== undefined) return id;
    const titles = panels.panelTitles(uid);
    const defined = dashboards.filter((d) => d.persona === persona);
    // A dashboard that is defined but was not built has its own error: this one would only follow from it.
    if (!titles && defined.some((d) => d.slug === slug)) return 0;
    // Named without the tenant: the same mistake for every tenant is one error.
    const message = titles
      ? `dashboard ${persona}/${slug} has no panel "${panel}"${didYouMean(panel, titles)} (it has: ${titles.map((t) => `"${t}"`).join(', ')})`
      : `there is no dashboard ${persona}/${slug}${didYouMean(
          slug,
          defined.map((d) => d.slug),
        )} (persona ${persona} has: ${defined.map((d) => d.slug).join(', ')})`;
    errors.push(
      `${definedAt(alert, domain.source, sourcePath)}: alert ${alert.name} links to a panel that does not exist: ${message}`,
    );
    return 0;
  };
}
