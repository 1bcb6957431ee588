import { positionOf, type DashboardSchema, type Environment, type PersonaId, type Tenant } from '@plotwatch/platform';
import { DASHBOARD_KINDS, dashboardUidOf, documentOf, isDashboard, type Artifact } from '../artifacts.ts';
import { keptBy } from '../kept.ts';

/** Panel ids of the dashboards built so far, by dashboard uid and panel title. */
export interface PanelIndex {
  /** The id of the one panel so titled; `ambiguous` when several are (an alert's link could not say which). */
  panelId(dashboardUid: string, panelTitle: string): number | 'ambiguous' | undefined;
  panelTitles(dashboardUid: string): readonly string[] | undefined;
}

export interface ProducerInput {
  readonly tenants: readonly Tenant[];
  readonly env: Environment;
  /**
   * The dashboard schemas to write (`[env.grafana.schema]` unless the build is told otherwise, both
   * with `--schema both`); whatever they are, the kube ConfigMaps carry `env.grafana.schema`.
   */
  readonly schemas?: readonly DashboardSchema[];
  /** A definition's `import.meta.url` as a path relative to the repository root. */
  readonly sourcePath: (url: string) => string;
  /** The dashboards' panels, so that alerts link to a panel by its title. */
  readonly panels: PanelIndex;
  /** What the producers before this one made (the routing's Alertmanager config, which becomes a Secret). */
  readonly earlier: readonly Artifact[];
  /**
   * The dashboards defined (persona and slug), for messages about a link to one that is not: given,
   * not imported, so that in plotwatch dev a dashboard edit leaves the rules' modules (and what they
   * keep in memory) loaded.
   */
  readonly defined: readonly DefinedDashboard[];
}

export interface DefinedDashboard {
  readonly persona: PersonaId;
  readonly slug: string;
}

/** What one producer made: artifacts, or the problems that stop the build (all of them). */
export interface Produced {
  readonly artifacts: readonly Artifact[];
  readonly errors: readonly string[];
}

/** A pure function from the resolved tenants to some of out/. */
export type Producer = (input: ProducerInput) => Produced;

/** The dashboard schemas a producer writes: the input's, or its target's. */
export function schemasOf({ env, schemas }: Pick<ProducerInput, 'env' | 'schemas'>): readonly DashboardSchema[] {
  return schemas ?? [env.grafana.schema];
}

type ClassicPanel = { id?: number; title?: string; panels?: ClassicPanel[] };
type V2Element = { kind: string; spec: { id?: number; title?: string } };

/** A dashboard's panels (a classic row's too) by title, with their ids (`ambiguous` for a shared title): from either schema. */
function panelIds(artifact: Artifact): Map<string, number | 'ambiguous'> {
  const panels: Array<{ id?: number; title?: string }> =
    artifact.kind === DASHBOARD_KINDS.v2
      ? Object.values(documentOf<{ spec: { elements?: Record<string, V2Element> } }>(artifact).spec.elements ?? {})
          .filter((e) => e.kind === 'Panel')
          .map((e) => e.spec)
      : (documentOf<{ panels?: ClassicPanel[] }>(artifact).panels ?? []).flatMap((p) => [p, ...(p.panels ?? [])]);
  const ids = new Map<string, number | 'ambiguous'>();
  for (const p of panels) if (p.id !== undefined && p.title) ids.set(p.title, ids.has(p.title) ? 'ambiguous' : p.id);
  return ids;
}

/**
 * The panels of dashboards that an earlier build wrote (their manifest sha256 known), by that sha:
 * a long-lived build process (`plotwatch dev`'s) reads a kept dashboard's panels once, not per build.
 */
const panelsBySha = keptBy<string, Map<string, number | 'ambiguous'>>(20_000);

function panelIdsOnce(artifact: Artifact): Map<string, number | 'ambiguous'> {
  const sha = (artifact as Artifact & { sha256?: string }).sha256;
  if (sha === undefined) return panelIds(artifact);
  return panelsBySha(`${artifact.kind} ${sha}`, () => panelIds(artifact));
}

/**
 * Indexes the dashboards among `artifacts`, lazily: a dashboard's JSON is parsed the first time
 * one of its panels is asked for (alerts link to a few dashboards; a big build has thousands).
 * A v2 dashboard's panels keep their classic ids (`spec.id`, the id of its scene panel
 * `panel-<id>`), so `viewPanel=<id>` opens the same panel in both schemas.
 */
export function panelIndex(artifacts: readonly Artifact[]): PanelIndex {
  const byUid = new Map<string, Artifact>();
  // Either form will do (both hold the same panels); the first one listed is read.
  for (const a of artifacts) if (isDashboard(a) && !byUid.has(dashboardUidOf(a))) byUid.set(dashboardUidOf(a), a);
  const parsed = new Map<string, Map<string, number | 'ambiguous'>>();
  const panelsOf = (uid: string): Map<string, number | 'ambiguous'> | undefined => {
    const artifact = byUid.get(uid);
    if (!artifact) return undefined;
    let panels = parsed.get(uid);
    if (!panels) {
      panels = panelIdsOnce(artifact);
      parsed.set(uid, panels);
    }
    return panels;
  };
  return {
    panelId: (uid, title) => panelsOf(uid)?.get(title),
    panelTitles: (uid) => (byUid.has(uid) ? [...panelsOf(uid)!.keys()] : undefined),
  };
}

/**
 * Where a definition was written, `alerts/ai/models.ts:22`: the position recorded when it was
 * created, or `fallback` (its module's or folder's URL) without a line.
 */
export function definedAt(definition: object, fallback: string, sourcePath: (url: string) => string): string {
  const position = positionOf(definition);
  return position ? `${sourcePath(position.url)}:${position.line}` : sourcePath(fallback);
}
