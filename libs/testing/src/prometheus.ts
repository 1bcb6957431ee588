import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { freePort } from './ports.ts';
import { startServer, type RunningServer } from './server.ts';

export interface PrometheusOptions {
  /** Holds the config, the rule files and the TSDB; the caller removes it. */
  readonly dir: string;
  /** Rule files by name (e.g. `alerts-services.yaml`), written into `dir/rules/`. */
  readonly ruleFiles: ReadonlyMap<string, string>;
  /** `host:port` of the targets to scrape, one job. */
  readonly scrapeTargets: readonly string[];
  /** Further scrape jobs, as written (e.g. from the generated ServiceMonitors). */
  readonly scrapeConfigs?: readonly object[];
  /** `host:port` of the Alertmanager to send alerts to; none when omitted. */
  readonly alertmanager?: string;
  /** The TSDB directory, e.g. one holding backfilled blocks; `dir/prometheus-data` by default. */
  readonly storageDir?: string;
  /** Scrape and rule evaluation interval; short in tests so alerts fire within seconds. */
  readonly interval: string;
  /** Added to Prometheus' environment (e.g. Go's runtime settings). */
  readonly env?: Readonly<Record<string, string>>;
}

/** A real Prometheus on 127.0.0.1 (free port), evaluating `ruleFiles` and alerting `alertmanager`. */
export async function startPrometheus(o: PrometheusOptions): Promise<RunningServer> {
  const port = await freePort();
  await mkdir(join(o.dir, 'rules'), { recursive: true });
  for (const [name, content] of o.ruleFiles) await writeFile(join(o.dir, 'rules', name), content);
  const configFile = join(o.dir, 'prometheus.yaml');
  await writeFile(
    configFile,
    stringify({
      global: { scrape_interval: o.interval, evaluation_interval: o.interval },
      rule_files: [join(o.dir, 'rules', '*.yaml')],
      ...(o.alertmanager ? { alerting: { alertmanagers: [{ static_configs: [{ targets: [o.alertmanager] }] }] } } : {}),
      scrape_configs: [
        ...(o.scrapeTargets.length
          ? [{ job_name: 'plotwatch-test', static_configs: [{ targets: o.scrapeTargets }] }]
          : []),
        ...(o.scrapeConfigs ?? []),
      ],
    }),
  );
  return startServer({
    command: 'prometheus',
    // Backfilled history is days old: keep it, and let queries touch as many samples as a real dashboard would.
    args: [
      `--config.file=${configFile}`,
      `--storage.tsdb.path=${o.storageDir ?? join(o.dir, 'prometheus-data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--storage.tsdb.retention.time=30d',
      '--query.max-samples=200000000',
    ],
    url: `http://127.0.0.1:${port}`,
    ...(o.env ? { env: o.env } : {}),
  });
}
