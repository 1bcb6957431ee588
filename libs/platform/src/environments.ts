export const ENVIRONMENTS = ['dev', 'staging', 'prod'] as const;
export type EnvironmentId = (typeof ENVIRONMENTS)[number];

export interface Environment {
  readonly id: EnvironmentId;
  readonly scrapeInterval: string;
  readonly evaluationInterval: string;
  readonly retention: string;
  readonly datasources: {
    readonly prometheus: string;
    readonly loki: string;
    readonly tempo: string;
    /** Prefix of the per-tenant Mimir datasources (`<prefix>-<tenant>`), for tenants in mimir mode. */
    readonly mimirPrefix: string;
  };
  /** Base URL of Grafana, for dashboard links in alerts. */
  readonly grafanaUrl: string;
  /** Base of the runbook pages every alert links to. */
  readonly runbookUrl: string;
}

const RUNBOOKS = 'https://runbooks.plotwatch.example/alerts';

function datasources(env: EnvironmentId): Environment['datasources'] {
  return { prometheus: `prom-${env}`, loki: `loki-${env}`, tempo: `tempo-${env}`, mimirPrefix: `mimir-${env}` };
}

export const environments: Readonly<Record<EnvironmentId, Environment>> = {
  dev: { id: 'dev', scrapeInterval: '30s', evaluationInterval: '30s', retention: '3d', datasources: datasources('dev'),
    grafanaUrl: 'https://grafana.dev.plotwatch.example', runbookUrl: RUNBOOKS },
  staging: { id: 'staging', scrapeInterval: '30s', evaluationInterval: '30s', retention: '7d', datasources: datasources('staging'),
    grafanaUrl: 'https://grafana.staging.plotwatch.example', runbookUrl: RUNBOOKS },
  prod: { id: 'prod', scrapeInterval: '15s', evaluationInterval: '30s', retention: '30d', datasources: datasources('prod'),
    grafanaUrl: 'https://grafana.plotwatch.example', runbookUrl: RUNBOOKS },
};
