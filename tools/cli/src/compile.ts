import { budgetViolations, type Environment, type Tenant } from '@plotwatch/platform';
import { createHash } from 'node:crypto';
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Artifact } from './artifacts.ts';
import { grafanaArtifacts } from './producers/grafana.ts';
import { panelIndex, type Produced, type Producer } from './producers/producer.ts';
import { kubeArtifacts } from './producers/kube.ts';
import { routingArtifacts } from './producers/routing.ts';
import { ruleArtifacts } from './producers/rules.ts';
import { validateArtifacts } from './validate.ts';

export interface CompileInput {
  readonly tenants: readonly Tenant[];
  readonly env: Environment;
  /** Repository root, to name definitions by their path in errors and in the manifest. */
  readonly root: string;
}

export type CompileResult = { ok: true; artifacts: Artifact[]; expressions: number } | { ok: false; errors: string[] };

/** Each producer owns a part of out/; their outputs never overlap. Dashboards come first: alerts link to their panels. */
const producers: readonly Producer[] = [grafanaArtifacts, ruleArtifacts, routingArtifacts, kubeArtifacts];

/**
 * Every artifact of every tenant, in memory: pure, so tests compile without a disk and a
 * failed build has nothing to undo. Collects all errors instead of stopping at the first.
 */
export function compile({ tenants, env, root }: CompileInput): CompileResult {
  const sourcePath = (url: string) => relative(root, fileURLToPath(url)) || '.';
  const produced: Produced[] = [];
  for (const produce of producers) {
    const earlier = produced.flatMap((p) => p.artifacts);
    produced.push(produce({ tenants, env, sourcePath, panels: panelIndex(earlier), earlier }));
  }
  const errors = produced.flatMap((p) => p.errors);
  if (errors.length) return { ok: false, errors };
  const artifacts = produced.flatMap((p) => p.artifacts);
  const { findings, expressions } = validateArtifacts(artifacts, tenants, env);
  const overBudget = budgetViolations(tenants);
  if (findings.length || overBudget.length) return { ok: false, errors: [...findings, ...overBudget] };
  artifacts.push(manifest(artifacts, env));
  return { ok: true, artifacts: artifacts.sort((a, b) => a.path.localeCompare(b.path)), expressions };
}

function manifest(artifacts: readonly Artifact[], env: Environment): Artifact {
  const entries = [...artifacts]
    .sort((a, b) => a.path.localeCompare(b.path))
    .map((a) => ({ path: a.path, kind: a.kind, tenant: a.tenant ?? null, persona: a.persona ?? null, sha256: sha256(a.content), source: a.source }));
  return { path: 'manifest.json', kind: 'manifest', source: 'tools/cli/src/compile.ts', content: json({ generator: 'plotwatch', env: env.id, artifacts: entries }) };
}

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

function json(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}
