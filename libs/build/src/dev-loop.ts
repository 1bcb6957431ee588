// `plotwatch dev`: which saved files start a build, what the build's output says, the one line
// said after each build, and the queries of the dashboards a build changed. Pure: the command
// watches, runs the builds, reads out/ and asks Prometheus.
import { substituteVariables, walk } from '@plotwatch/promql';
import { isDashboard, type Artifact } from './artifacts.ts';
import { dashboardQueries } from './validate.ts';

/** The folders of a checkout whose files the build reads (besides the tenant files, which may be elsewhere). */
export const SOURCE_FOLDERS = ['dashboards', 'alerts', 'recording-rules', 'libs'] as const;

/** Folders no build reads, whatever they hold. */
const IGNORED_FOLDERS = new Set(['out', '.plotwatch', 'node_modules', '.git', 'dist', 'coverage', '.nx']);
/** Files editors write beside the one being saved: swap files, backups, lock files, atomic-save temporaries. */
const EDITOR_TEMPORARY = [
  /^\.#/,
  /^#.*#$/,
  /~$/,
  /\.sw[a-p]$/,
  /^4913$/,
  /\.tmp$/,
  /\.tmp\.\d+/,
  /___jb_(tmp|old)___$/,
  /^\.DS_Store$/,
  // Tests sit beside the sources; no build reads them.
  /\.test\.ts$/,
];

/** Whether a change to this path (relative to a watched folder or the checkout, `/`-separated) may change the build. */
export function startsBuild(path: string): boolean {
  const parts = path.split(/[\\/]/).filter(Boolean);
  const name = parts.at(-1);
  if (name === undefined) return false;
  if (parts.some((p) => IGNORED_FOLDERS.has(p))) return false;
  return !EDITOR_TEMPORARY.some((pattern) => pattern.test(name));
}

/** What started a build: `dashboards/ml/cost.ts changed`, `… and 2 more changed`, or the first build. */
export function describeTrigger(paths: readonly string[]): string {
  const [first, ...rest] = [...new Set(paths)].sort();
  if (first === undefined) return 'first build';
  return `${first}${rest.length ? ` and ${rest.length} more` : ''} changed`;
}

/** What one `plotwatch build` said about itself, read from its output. */
export interface BuildReport {
  /** `(N of M units rebuilt)`, when the build printed it. */
  readonly units?: { readonly rebuilt: number; readonly total: number };
  /** The problems a failed build counted (`plotwatch build: 3 problems; …`). */
  readonly problems?: number;
  /** The build found out/ already built from these sources (`… is up to date …`). */
  readonly upToDate?: boolean;
}

const UNITS = /\((\d+) of (\d+) units rebuilt\)/;
const PROBLEMS = /^plotwatch build: (\d+) problems?;/;
const UP_TO_DATE = /^plotwatch build: .* is up to date /;

/** Whether a line of `plotwatch build` is its own closing line, which `plotwatch dev` says in its own words. */
export function isBuildSummary(line: string): boolean {
  return (
    line.startsWith('plotwatch build: ') && (UNITS.test(line) || PROBLEMS.test(line) || / in \d+\.\d+s$/.test(line))
  );
}

/** The units and problem count in the lines of one `plotwatch build`. */
export function readBuildReport(lines: readonly string[]): BuildReport {
  let report: BuildReport = {};
  for (const line of lines) {
    const units = UNITS.exec(line);
    if (units) report = { ...report, units: { rebuilt: Number(units[1]), total: Number(units[2]) } };
    const problems = PROBLEMS.exec(line);
    if (problems) report = { ...report, problems: Number(problems[1]) };
    if (UP_TO_DATE.test(line)) report = { ...report, upToDate: true };
  }
  return report;
}

/** The outcome of one round of `plotwatch dev`: the build, and what followed it. */
export type Round =
  | {
      readonly ok: true;
      readonly report: BuildReport;
      /** Paths of out/ the build changed or removed (last-build.json); undefined when not recorded. */
      readonly filesChanged: number | undefined;
      readonly seconds: number;
      /** `published 2 changes`, `nothing to publish`, `publish failed (see above)`. */
      readonly publish?: string;
      /** Panels of the changed dashboards that returned no data. */
      readonly noData?: number;
    }
  | { readonly ok: false; readonly report: BuildReport; readonly seconds: number; readonly exitCode: number };

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/**
 * The one line after each build: `plotwatch dev: dashboards/ml/cost.ts changed -> 9 of 52 units
 * rebuilt, 18 files changed, in 2.31s; watching`, or `… -> 1 problem, out/ left as it was; watching`.
 */
export function summaryLine(trigger: string, round: Round, then = 'watching'): string {
  const parts: string[] = [];
  if (!round.ok) {
    const problems = round.report.problems;
    parts.push(
      problems === undefined ? `the build failed (exit ${round.exitCode})` : plural(problems, 'problem'),
      'out/ left as it was',
    );
    return `plotwatch dev: ${trigger} -> ${parts.join(', ')}, in ${round.seconds.toFixed(2)}s; ${then}`;
  }
  const { units, upToDate } = round.report;
  if (upToDate) parts.push('out/ up to date');
  if (units) parts.push(`${units.rebuilt} of ${units.total} units rebuilt`);
  if (round.filesChanged !== undefined && !upToDate) parts.push(`${plural(round.filesChanged, 'file')} changed`);
  if (round.publish) parts.push(round.publish);
  if (round.noData !== undefined)
    parts.push(round.noData ? `${plural(round.noData, 'panel')} without data` : 'every changed panel has data');
  return `plotwatch dev: ${trigger} -> ${[...parts, `in ${round.seconds.toFixed(2)}s`].join(', ')}; ${then}`;
}

/** One query of a dashboard, ready for an instant query: template variables replaced as the checks replace them. */
export interface PanelQuery {
  readonly uid: string;
  readonly panel: string;
  readonly expr: string;
}

const COMPARISONS = new Set(['>', '<', '>=', '<=', '==', '!=']);

/**
 * Whether a query filters by a comparison (`up == 0` lists what is down): empty is then a right
 * answer, on a healthy platform the usual one.
 */
export function filtersByComparison(expr: string): boolean {
  return walk(expr).binaryOperations.some((b) => COMPARISONS.has(b.op) && !b.bool);
}

/** Every query of these dashboards (either schema), its variables replaced by the checks' stand-ins. */
export function panelQueries(artifacts: readonly Artifact[]): PanelQuery[] {
  return artifacts.filter(isDashboard).flatMap((artifact) => {
    const { uid, panels } = dashboardQueries(artifact);
    return panels.flatMap((p) =>
      p.exprs
        .filter((e): e is string => !!e)
        .map((expr) => ({ uid, panel: p.title, expr: substituteVariables(expr).text })),
    );
  });
}

/** `aurora-books-ml-cost, panel "Spend": no data for sum(rate(x[5m]))`. */
export function noDataLine(query: PanelQuery): string {
  return `${query.uid}, panel "${query.panel}": no data for ${query.expr}`;
}
