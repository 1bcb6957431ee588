export type ArtifactKind =
  | 'grafana-folders' | 'grafana-dashboard' | 'prometheus-rules' | 'promtool-test' | 'mimir-rules'
  | 'kubernetes-manifest' | 'nginx-config' | 'helm-values' | 'alertmanager-config' | 'grafana-alerting' | 'manifest';

/** One generated file, in memory, before anything touches the disk. */
export interface Artifact {
  /** Relative to out/. */
  readonly path: string;
  readonly kind: ArtifactKind;
  readonly tenant?: string;
  readonly persona?: string;
  /** The definition it came from, relative to the repository root. */
  readonly source: string;
  readonly content: string;
}
