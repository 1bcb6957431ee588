/**
 * A worker thread of `compileInParallel`: builds the dashboards of the tenants it is given and
 * their ConfigMaps, then checks them once the main thread sends the series its rule files record.
 */
import { environment, type EnvironmentId, type Tenant } from '@plotwatch/platform';
import { parentPort, workerData } from 'node:worker_threads';
import { sha256, type Artifact } from './artifacts.ts';
import { sourcePathIn } from './paths.ts';
import { dashboardArtifacts } from './producers/grafana.ts';
import { dashboardConfigMaps } from './producers/kube.ts';
import type { Produced } from './producers/producer.ts';
import { validateArtifacts } from './validate.ts';

export interface DashboardWork {
  readonly tenants: readonly Tenant[];
  readonly env: EnvironmentId;
  readonly root: string;
}

export interface DashboardsDone extends Produced {
  readonly findings: readonly string[];
  readonly expressions: number;
}

const { tenants, env: envId, root } = workerData as DashboardWork;
const env = environment(envId);
const dashboards = dashboardArtifacts(tenants, env, sourcePathIn(root), { platform: false });
const configMaps = dashboardConfigMaps(dashboards.artifacts, tenants, env);
parentPort!.once('message', (recorded: Set<string>) => {
  const artifacts: Artifact[] = [...dashboards.artifacts, ...configMaps.artifacts];
  const { findings, expressions } = validateArtifacts(artifacts, tenants, env, recorded);
  // Documents stay here: cloning them to the main thread would cost what parsing them does. Hashing is done here, on this core.
  const done: DashboardsDone = { artifacts: artifacts.map(({ document: _, ...a }) => ({ ...a, sha256: sha256(a.content) })), errors: [...dashboards.errors, ...configMaps.errors], findings, expressions };
  parentPort!.postMessage(done);
});
