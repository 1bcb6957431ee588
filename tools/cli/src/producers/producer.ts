import type { Environment, Tenant } from '@plotwatch/platform';
import type { Artifact } from '../artifacts.ts';

/** Panel ids of the dashboards built so far, by dashboard uid and panel title. */
export interface PanelIndex {
  panelId(dashboardUid: string, panelTitle: string): number | undefined;
  panelTitles(dashboardUid: string): readonly string[] | undefined;
}

export interface ProducerInput {
  readonly tenants: readonly Tenant[];
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

/** Indexes the dashboards among `artifacts`. */
export function panelIndex(artifacts: readonly Artifact[]): PanelIndex {
  const byUid = new Map<string, Map<string, number>>();
  for (const a of artifacts.filter((x) => x.kind === 'grafana-dashboard')) {
    const dashboard = JSON.parse(a.content) as { uid: string; panels?: Array<{ id?: number; title?: string; panels?: Array<{ id?: number; title?: string }> }> };
    const panels = (dashboard.panels ?? []).flatMap((p) => [p, ...(p.panels ?? [])]);
    byUid.set(dashboard.uid, new Map(panels.filter((p) => p.id !== undefined && p.title).map((p) => [p.title!, p.id!])));
  }
  return {
    panelId: (uid, title) => byUid.get(uid)?.get(title),
    panelTitles: (uid) => (byUid.has(uid) ? [...byUid.get(uid)!.keys()] : undefined),
  };
}
