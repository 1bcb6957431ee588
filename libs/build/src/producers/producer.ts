import type { Environment, Tenant } from '@plotwatch/platform';
import { documentOf, type Artifact } from '../artifacts.ts';

/** Panel ids of the dashboards built so far, by dashboard uid and panel title. */
export interface PanelIndex {
  panelId(dashboardUid: string, panelTitle: string): number | undefined;
  panelTitles(dashboardUid: string): readonly string[] | undefined;
}

export interface ProducerInput {
  readonly tenants: readonly Tenant[];
  /** Whose tenant-scoped dashboards to build here: all `tenants` unless a worker builds the others'. */
  readonly dashboardTenants?: readonly Tenant[];
  readonly env: Environment;
  /** A definition's `import.meta.url` as a path relative to the repository root. */
  readonly sourcePath: (url: string) => string;
  /** The dashboards' panels, so that alerts link to a panel by its title. */
  readonly panels: PanelIndex;
  /** What the producers before this one made (e.g. dashboards, which become ConfigMaps). */
  readonly earlier: readonly Artifact[];
}

/** What one producer made: artifacts, or the problems that stop the build (all of them). */
export interface Produced {
  readonly artifacts: readonly Artifact[];
  readonly errors: readonly string[];
}

/** A pure function from the resolved tenants to some of out/. */
export type Producer = (input: ProducerInput) => Produced;

/**
 * Indexes the dashboards among `artifacts`, lazily: a dashboard's JSON is parsed the first time
 * one of its panels is asked for (alerts link to a few dashboards; a big build has thousands).
 */
export function panelIndex(artifacts: readonly Artifact[]): PanelIndex {
  const byUid = new Map(
    artifacts
      .filter((a) => a.kind === 'grafana-dashboard')
      .map((a) => [a.path.slice(a.path.lastIndexOf('/') + 1, -'.json'.length), a]),
  );
  const parsed = new Map<string, Map<string, number>>();
  const panelsOf = (uid: string): Map<string, number> | undefined => {
    const artifact = byUid.get(uid);
    if (!artifact) return undefined;
    let panels = parsed.get(uid);
    if (!panels) {
      type Panel = { id?: number; title?: string; panels?: Panel[] };
      const dashboard = documentOf<{ panels?: Panel[] }>(artifact);
      const all = (dashboard.panels ?? []).flatMap((p) => [p, ...(p.panels ?? [])]);
      panels = new Map(all.filter((p) => p.id !== undefined && p.title).map((p) => [p.title!, p.id!]));
      parsed.set(uid, panels);
    }
    return panels;
  };
  return {
    panelId: (uid, title) => panelsOf(uid)?.get(title),
    panelTitles: (uid) => (byUid.has(uid) ? [...panelsOf(uid)!.keys()] : undefined),
  };
}
