import { ENVIRONMENTS, type EnvironmentId } from '@plotwatch/platform';
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { localDiff, objectId, objectsOf, type Change, type K8sObject } from './k8s-objects.ts';
import { withCommitted } from './committed.ts';
import { pendingUpdate, readFiles } from './out-dir.ts';
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
    base: {
      type: 'string',
      value: 'DIR|REF',
      description:
        'dry run: diff against this out/ (a directory, or a git ref: its committed out/), e.g. the one applied last,\nlocally, instead of kubectl diff --server-side against the cluster',
    },
    context: { type: 'string', value: 'NAME', description: "kubectl's --context" },
    kubectl: { type: 'string', value: 'PATH', default: 'kubectl', description: 'the kubectl to run' },
  },
  examples: [
    'plotwatch publish k8s --env prod --context prod-cluster',
    'plotwatch publish k8s --env prod --base v1.4.0',
    'plotwatch publish k8s --env prod --context prod-cluster --apply',
  ],
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
  const outDir = resolve(values.out ?? DEFAULT_OUT);
  const dir = join(outDir, 'kubernetes', values.env);
  const pending = await pendingUpdate(outDir);
  if (pending) {
    console.error(`plotwatch publish k8s: ${pending}`);
    return 1;
  }
  if (!existsSync(dir)) {
    console.error(`plotwatch publish k8s: ${dir} does not exist; run \`plotwatch build --env ${values.env}\` first`);
    return 1;
  }
  const files = await readFiles(dir);
  const objects = objectsOf(files);
  const byKind = new Map<string, number>();
  for (const f of files.keys()) byKind.set(f.split('/')[0]!, (byKind.get(f.split('/')[0]!) ?? 0) + 1);
  console.log(
    `plotwatch publish k8s: ${files.size} manifests for ${values.env} (${[...byKind].map(([k, n]) => `${n} ${k}`).join(', ')}), ${objects.length} objects`,
  );
  const command = [values.kubectl, ...kubectlApplyArgs(dir, values.context)];
  if (!values.apply) {
    if (values.base !== undefined) {
      const base = await baseObjects(values.base, values.env);
      printLocalDiff(localDiff(base, objects), values.base);
    } else serverDiff(values.kubectl, dir, values.context, objects);
    console.log(`dry run: nothing applied; to apply: ${command.join(' ')}  (or pass --apply)`);
    return 0;
  }
  if (values.base !== undefined) throw new UsageError('--base is for a dry run: --apply applies out/ as it is');
  console.log(`running: ${command.join(' ')}`);
  const result = spawnSync(command[0]!, command.slice(1), { stdio: 'inherit' });
  if (result.error) {
    console.error(`plotwatch publish k8s: could not run ${values.kubectl}: ${result.error.message}`);
    return 1;
  }
  return result.status ?? 1;
}

/** The objects of an earlier out/kubernetes/<env>/: of a directory (an out/), or committed at a git ref. */
async function baseObjects(base: string, env: string): Promise<K8sObject[]> {
  const path = resolve(base);
  if (existsSync(path) && statSync(path).isDirectory())
    return objectsOf(await readFiles(join(path, 'kubernetes', env)));
  // None there (a commit before out/ had them): every object is new.
  return withCommitted(base, `out/kubernetes/${env}`, async (dir) => objectsOf(await readFiles(dir)));
}

const SIGN = { create: '+', change: '~', unchanged: ' ', gone: '-' } as const;

function printLocalDiff(changes: readonly Change[], base: string): void {
  console.log(`what would change against ${base} (a local diff: the cluster may differ from it):`);
  for (const c of changes) {
    const detail =
      c.action === 'change'
        ? `: ${c.fields.join(', ')}`
        : c.action === 'gone'
          ? ': not in out/ any more; apply leaves it in the cluster'
          : '';
    console.log(`  ${SIGN[c.action]} ${objectId(c.object)}${detail}`);
  }
  const n = (action: Change['action']) => changes.filter((c) => c.action === action).length;
  console.log(
    `${n('create')} to create, ${n('change')} to change, ${n('unchanged')} unchanged, ${n('gone')} no longer in out/`,
  );
}

/**
 * `kubectl diff --server-side` against the cluster: the objects it would change, as the API server
 * computes them. When no cluster answers, it says so and lists the objects only.
 */
function serverDiff(kubectl: string, dir: string, context: string | undefined, objects: readonly K8sObject[]): void {
  const args = [
    ...(context ? ['--context', context] : []),
    '--request-timeout=20s',
    'diff',
    '--server-side',
    '--field-manager=plotwatch',
    '--recursive',
    '-f',
    dir,
  ];
  const result = spawnSync(kubectl, args, { encoding: 'utf8', maxBuffer: 1 << 28 });
  // kubectl diff: 0 no differences, 1 differences, above 1 it failed.
  if (!result.error && (result.status === 0 || result.status === 1)) {
    console.log(`what would change, from ${kubectl} ${args.join(' ')}:`);
    console.log(
      result.status === 0
        ? '  nothing: the cluster already holds every object as out/ has it'
        : result.stdout.trimEnd(),
    );
    return;
  }
  const reason = result.error?.message ?? result.stderr.trim().split('\n').pop() ?? `exit ${result.status}`;
  console.log(
    `no cluster to diff against (${kubectl} diff: ${reason}); the objects, without what would change (--base DIR|REF diffs against an earlier out/ locally):`,
  );
  for (const o of objects) console.log(`  ${objectId(o)}`);
}
