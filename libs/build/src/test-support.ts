// For tests only (the package exports it as `@plotwatch/build/testing`): the repository's tenants,
// compiled as the CLI does.
import { environment, selector, type EnvironmentId, type Tenant } from '@plotwatch/platform';
import { gaugeProof, label, tpl, type TenantThresholdSpec } from '@plotwatch/rules';
import { demoTenants, REPO_ROOT, sha256 } from '@plotwatch/testing';
import type { Artifact } from './artifacts.ts';
import { compile, dashboardSchemas, type CompileInput, type SchemaChoice } from './compile.ts';

/** The repository's own tenants, loaded the way the build loads them. */
export const repoTenants = demoTenants;

/**
 * What the CLI compiles for `tenants` in `env` (prod, as the committed out/) with `--schema
 * schema`, with the repository root and Node's sha256.
 */
export function compileInput(
  tenants: readonly Tenant[] = repoTenants(),
  env: EnvironmentId = 'prod',
  schema?: SchemaChoice,
): CompileInput {
  return { tenants, ...dashboardSchemas(environment(env), schema), root: REPO_ROOT, digest: sha256 };
}

export function compileOrThrow(
  tenants: readonly Tenant[] = repoTenants(),
  env: EnvironmentId = 'prod',
  schema?: SchemaChoice,
): Artifact[] {
  const result = compile(compileInput(tenants, env, schema));
  if (!result.ok) throw new Error(result.errors.join('\n'));
  return result.artifacts;
}

export function asTree(artifacts: readonly Artifact[]): Map<string, string> {
  return new Map(artifacts.map((a) => [a.path, a.content]));
}

/** A correct threshold alert (ModelDriftHigh's), for tests that plant one changed in one thing. */
export const plantedDrift: TenantThresholdSpec = {
  name: 'PlantedDrift',
  persona: 'ml',
  comparison: '>',
  threshold: 'model_drift_score',
  for: '30m',
  severity: 'ticket',
  service: 'model-gateway',
  signal: (scope) => `max by (tenant, model) (${selector('model_drift_score', scope)})`,
  summary: tpl`Inputs of model ${label('model')} drifted for tenant ${label('tenant')}`,
  description: tpl`The drift score of ${label('model')}'s inputs has stayed above its threshold.`,
  dashboard: { persona: 'ml', slug: 'quality', panel: 'Drift score by model' },
  proof: gaugeProof({
    series: (tenant: string, value: number) => [
      {
        series: `model_drift_score{tenant="${tenant}", service="model-gateway", model="m", feature_set="f"}`,
        value,
      },
    ],
    labels: (tenant: string) => ({ tenant, model: 'm' }),
  }),
};
