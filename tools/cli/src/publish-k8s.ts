import { ENVIRONMENTS, type EnvironmentId } from '@plotwatch/platform';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { listFiles } from './out-dir.ts';
import { DEFAULT_OUT } from './paths.ts';
import { parseCommand, UsageError, type CommandSpec } from './usage.ts';

/** The kubectl command that applies an environment's manifests: server-side, so no 256 KiB last-applied annotation. */
export function kubectlApplyArgs(manifestsDir: string, context?: string): string[] {
  return [
    ...(context ? ['--context', context] : []),
    'apply',
    '--server-side',
    '--field-manager=plotwatch',
    '--recursive',
    '-f',
    manifestsDir,
  ];
}

export const PUBLISH_K8S = {
  name: 'publish k8s',
  summary:
    'the Kubernetes manifests of out/: without --apply, what it would apply; with it, kubectl apply --server-side',
  options: {
    env: {
      type: 'string',
      value: ENVIRONMENTS.join('|'),
      default: 'prod',
      description: 'whose manifests (out/kubernetes/<env>/)',
    },
    out: { type: 'string', value: 'DIR', description: 'the built out/ (default: out/ of the repository)' },
    apply: { type: 'boolean', description: 'apply them (kubectl apply --server-side --field-manager=plotwatch)' },
    context: { type: 'string', value: 'NAME', description: "kubectl's --context" },
    kubectl: { type: 'string', value: 'PATH', default: 'kubectl', description: 'the kubectl to run' },
  },
  examples: ['plotwatch publish k8s --env prod', 'plotwatch publish k8s --env prod --context prod-cluster --apply'],
} as const satisfies CommandSpec;

/**
 * `plotwatch publish k8s [--env ENV] [--out DIR] [--apply] [--context NAME] [--kubectl PATH]`:
 * lists the manifests `plotwatch build` wrote for the environment; with --apply, applies them.
 */
export async function publishK8s(args: string[]): Promise<number> {
  const parsed = parseCommand(PUBLISH_K8S, args);
  if (!parsed) return 0;
  const { values } = parsed;
  if (!ENVIRONMENTS.includes(values.env as EnvironmentId))
    throw new UsageError(`--env must be one of ${ENVIRONMENTS.join(', ')}, got "${values.env}"`);
  const dir = join(resolve(values.out ?? DEFAULT_OUT), 'kubernetes', values.env);
  if (!existsSync(dir)) {
    console.error(`plotwatch publish k8s: ${dir} does not exist; run \`plotwatch build --env ${values.env}\` first`);
    return 1;
  }
  const files = await listFiles(dir);
  const byKind = new Map<string, number>();
  for (const f of files) byKind.set(f.split('/')[0]!, (byKind.get(f.split('/')[0]!) ?? 0) + 1);
  console.log(
    `plotwatch publish k8s: ${files.length} manifests for ${values.env} (${[...byKind].map(([k, n]) => `${n} ${k}`).join(', ')})`,
  );
  const command = [values.kubectl, ...kubectlApplyArgs(dir, values.context)];
  if (!values.apply) {
    console.log(`dry run; to apply: ${command.join(' ')}  (or pass --apply)`);
    return 0;
  }
  console.log(`running: ${command.join(' ')}`);
  const result = spawnSync(command[0]!, command.slice(1), { stdio: 'inherit' });
  if (result.error) {
    console.error(`plotwatch publish k8s: could not run ${values.kubectl}: ${result.error.message}`);
    return 1;
  }
  return result.status ?? 1;
}
