import { CORE_SCHEMA, load } from 'js-yaml';

export type ArtifactKind =
  | 'grafana-folders'
  | 'grafana-dashboard'
  | 'grafana-dashboard-v2'
  | 'grafana-folder-resource'
  | 'prometheus-rules'
  | 'promtool-test'
  | 'mimir-rules'
  | 'kubernetes-manifest'
  | 'nginx-config'
  | 'helm-values'
  | 'alertmanager-config'
  | 'grafana-alerting'
  | 'manifest';

/** One generated file, in memory, before anything touches the disk. */
export interface Artifact {
  /** Relative to out/. */
  readonly path: string;
  readonly kind: ArtifactKind;
  readonly tenant?: string;
  readonly persona?: string;
  /** The definition it came from, relative to the repository root. */
  readonly source: string;
  /** Where in `source` its definition was written (`dashboards/ml/quality.ts:14`), for findings; not in the manifest. */
  readonly definedAt?: string;
  readonly content: string;
  /**
   * The value `content` serializes (JSON or YAML), when its producer has it: checks read it
   * instead of parsing `content` again; compile.test.ts proves `content` parses back to it.
   */
  readonly document?: unknown;
}

/** The artifact kind of each dashboard schema: classic JSON (v1), or the v2 resource. */
export const DASHBOARD_KINDS = { v1: 'grafana-dashboard', v2: 'grafana-dashboard-v2' } as const;

/** Whether an artifact is a dashboard, in either schema. */
export function isDashboard(artifact: Pick<Artifact, 'kind'>): boolean {
  return artifact.kind === DASHBOARD_KINDS.v1 || artifact.kind === DASHBOARD_KINDS.v2;
}

/** A dashboard artifact's uid: its file name in both layouts. */
export function dashboardUidOf(artifact: Pick<Artifact, 'path'>): string {
  return artifact.path.slice(artifact.path.lastIndexOf('/') + 1, -'.json'.length);
}

/**
 * The data of a YAML text (one document; YAML 1.2 core schema, as the `yaml` package reads it). js-yaml, not
 * `yaml`: rule files are read back whole for the checks, and `yaml` (which keeps every node's place, for
 * messages at a line) takes 25× as long (docs/decisions.md).
 */
export function readYaml(text: string): unknown {
  return load(text, { schema: CORE_SCHEMA });
}

/** What an artifact's content holds: the producer's document, else `content` parsed. */
export function documentOf<T>(artifact: Artifact): T {
  if (artifact.document !== undefined) return artifact.document as T;
  return (artifact.path.endsWith('.json') ? JSON.parse(artifact.content) : readYaml(artifact.content)) as T;
}

/** The hex sha256 of a text: the host's (the compiler does no hashing of its own). */
export type Digest = (text: string) => string;

/** An artifact as the manifest lists it. */
export type ArtifactEntry = Pick<Artifact, 'path' | 'kind' | 'tenant' | 'persona' | 'source'> & {
  readonly sha256: string;
};

export function entryOf({ path, kind, tenant, persona, source, content }: Artifact, digest: Digest): ArtifactEntry {
  return {
    path,
    kind,
    source,
    sha256: digest(content),
    ...(tenant ? { tenant } : {}),
    ...(persona ? { persona } : {}),
  };
}

/** The order of out/'s files, everywhere they are listed: by path. */
export const byPath = (a: { path: string }, b: { path: string }) => a.path.localeCompare(b.path);
