/**
 * A worker thread of `compileInto`: builds the dashboards of the tenants it is given and their
 * ConfigMaps, checks them once the main thread sends the series its rule files record, and
 * writes them when they pass.
 */
import { environment, type EnvironmentId, type Tenant } from '@plotwatch/platform';
import { parentPort, workerData } from 'node:worker_threads';
import { entryOf, type Artifact, type ArtifactEntry } from './artifacts.ts';
import { writeArtifacts } from './out-dir.ts';
import { sourcePathIn } from './paths.ts';
import { dashboardArtifacts } from './producers/grafana.ts';
import { dashboardConfigMaps } from './producers/kube.ts';
import { validateArtifacts } from './validate.ts';

export interface DashboardWork {
  readonly tenants: readonly Tenant[];
  readonly env: EnvironmentId;
  readonly root: string;
  /** Where to write them. */
  readonly dir: string;
}

export interface DashboardsDone {
  readonly artifacts: readonly ArtifactEntry[];
  readonly errors: readonly string[];
  readonly findings: readonly string[];
  readonly expressions: number;
}

const { tenants, env: envId, root, dir } = workerData as DashboardWork;
const env = environment(envId);
const dashboards = dashboardArtifacts(tenants, env, sourcePathIn(root), { platform: false });
const configMaps = dashboardConfigMaps(dashboards.artifacts, tenants, env);
parentPort!.once('message', async (recorded: Set<string>) => {
  const artifacts: Artifact[] = [...dashboards.artifacts, ...configMaps.artifacts];
  const errors = [...dashboards.errors, ...configMaps.errors];
  const { findings, expressions } = validateArtifacts(artifacts, tenants, env, recorded);
  if (!errors.length && !findings.length) await writeArtifacts(dir, artifacts);
  // Only the manifest's entries go back: the bytes are on disk and cloning them would cost the main thread.
  const done: DashboardsDone = { artifacts: artifacts.map(entryOf), errors, findings, expressions };
  parentPort!.postMessage(done);
});
