// `plotwatch test`: which promtool proofs of out/ to run, how to split them over processes, and
// what promtool said of each file. Pure: the command reads the manifest and runs promtool.
import { didYouMean } from '@plotwatch/platform';
import type { ArtifactEntry } from './artifacts.ts';
import { alertOfTestPath } from './out-paths.ts';

export { alertOfTestPath };

/** The artifacts of an out/ as its manifest lists them. */
export type ManifestEntries = readonly ArtifactEntry[];

/** One promtool test file of out/ and the alert it proves; `tenant` only for a tenant's own (Mimir) files. */
export interface Proof {
  readonly path: string;
  readonly alert: string;
  readonly tenant?: string;
}

/** The promtool test files of a manifest, by path. */
export function proofsOf(entries: ManifestEntries): Proof[] {
  return entries
    .filter((e) => e.kind === 'promtool-test')
    .map((e) => ({ path: e.path, alert: alertOfTestPath(e.path), ...(e.tenant ? { tenant: e.tenant } : {}) }))
    .sort((a, b) => a.path.localeCompare(b.path));
}

export interface ProofSelector {
  /** Exact alert names; none: every alert. */
  readonly alerts: readonly string[];
  /** Tenant ids; none: every tenant. */
  readonly tenants: readonly string[];
  /** Only these paths of out/ (what the last build changed); absent: no such restriction. */
  readonly changed?: readonly string[];
}

/**
 * The proofs the selectors keep, or every unknown alert and tenant with the nearest known name.
 * A tenant with test files of its own (a Mimir tenant) is proved by those; any other tenant's cases
 * live in the shared files, which hold every label tenant's cases together: those files are run
 * whole.
 */
export function selectProofs(
  proofs: readonly Proof[],
  selector: ProofSelector,
  knownTenants: readonly string[],
): { ok: true; proofs: Proof[] } | { ok: false; errors: string[] } {
  const alerts = [...new Set(proofs.map((p) => p.alert))].sort();
  const errors = [
    ...selector.alerts
      .filter((a) => !alerts.includes(a))
      .map(
        (a) => `unknown alert "${a}"${nearestAlert(a, alerts)}; the alerts with proofs are in out/prometheus/tests/`,
      ),
    ...selector.tenants
      .filter((t) => !knownTenants.includes(t))
      .map((t) => `unknown tenant "${t}"${didYouMean(t, knownTenants)}`),
  ];
  if (errors.length) return { ok: false, errors };
  const ownFiles = new Set(proofs.flatMap((p) => (p.tenant ? [p.tenant] : [])));
  const ofTenant = (p: Proof, t: string) => p.tenant === t || (p.tenant === undefined && !ownFiles.has(t));
  const changed = selector.changed && new Set(selector.changed);
  return {
    ok: true,
    proofs: proofs.filter(
      (p) =>
        (selector.alerts.length === 0 || selector.alerts.includes(p.alert)) &&
        (selector.tenants.length === 0 || selector.tenants.some((t) => ofTenant(p, t))) &&
        (!changed || changed.has(p.path)),
    ),
  };
}

/** ` (did you mean X?)`: a file's stem (`Burn.2h`) means its alert, else the nearest name. */
function nearestAlert(name: string, alerts: readonly string[]): string {
  const stem = alertOfTestPath(name);
  return alerts.includes(stem) ? ` (did you mean ${stem}?)` : didYouMean(name, alerts);
}

/** What a build changed in out/: paths new or with another sha256, and paths no longer written. */
export interface BuildChanges {
  readonly changed: string[];
  readonly removed: string[];
}

/** The changes from one manifest to the next; with no previous manifest, everything is new. */
export function manifestChanges(before: ManifestEntries | undefined, after: ManifestEntries): BuildChanges {
  return changesFrom(new Map((before ?? []).map((e) => [e.path, e.sha256])), after);
}

/** The changes from the files a folder holds (path to sha256) to the entries written now. */
export function changesFrom(
  files: ReadonlyMap<string, string>,
  after: ReadonlyArray<{ readonly path: string; readonly sha256: string }>,
): BuildChanges {
  const changed: string[] = [];
  let kept = 0;
  for (const e of after) {
    const sha = files.get(e.path);
    if (sha !== undefined) kept++;
    if (sha !== e.sha256) changed.push(e.path);
  }
  // Most builds write every path again (24,000 at 1,000 tenants): then none was removed.
  if (kept === files.size) return { changed, removed: [] };
  const now = new Set(after.map((e) => e.path));
  return { changed, removed: [...files.keys()].filter((p) => !now.has(p)) };
}

/**
 * Items split into at most `batches` groups of near-equal total cost, one promtool process each:
 * the costliest item first onto the group that costs least so far; the groups costliest first, so
 * that no long group starts last. More groups than workers (the caller asks for a few per core)
 * keep the cores busy to the end, while each process still amortises promtool's start-up over
 * several files.
 */
export function balancedBatches<T>(items: readonly T[], cost: (item: T) => number, batches: number): T[][] {
  const groups = Array.from({ length: Math.max(1, Math.min(batches, items.length)) }, () => ({
    items: [] as T[],
    cost: 0,
  }));
  for (const item of [...items].sort((a, b) => cost(b) - cost(a))) {
    const cheapest = groups.reduce((min, g) => (g.cost < min.cost ? g : min));
    cheapest.items.push(item);
    cheapest.cost += cost(item);
  }
  return groups
    .filter((g) => g.items.length > 0)
    .sort((a, b) => b.cost - a.cost)
    .map((g) => g.items);
}

/** What `promtool test rules` said of one file. */
export interface FileVerdict {
  readonly file: string;
  readonly ok: boolean;
  /** promtool's own words after the file's name (`FAILED:` and what differed), trimmed. */
  readonly text: string;
}

/** The marker promtool prints before each file's result. */
export const PROMTOOL_FILE_MARKER = 'Unit Testing:';

/**
 * promtool's combined stdout and stderr for `promtool test rules a b ...`, file by file in the
 * order it tested them.
 */
export function promtoolVerdicts(output: string): FileVerdict[] {
  return output
    .split(new RegExp(`^${PROMTOOL_FILE_MARKER}\\s+`, 'm'))
    .slice(1)
    .map((block) => {
      const newline = block.indexOf('\n');
      const file = (newline < 0 ? block : block.slice(0, newline)).trim();
      const text = newline < 0 ? '' : block.slice(newline + 1).trim();
      return { file, ok: text === 'SUCCESS', text };
    });
}
export * from './baseline-proof.ts';
