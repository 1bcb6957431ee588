import { readTree, run, writeTree } from '@plotwatch/testing';
import { chmod, cp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kubectlApplyArgs } from './publish-k8s.ts';
import { REPO_ROOT } from './paths.ts';
import { plotwatchHere } from './test-support.ts';

const CLI = join(REPO_ROOT, 'tools/cli/bin/plotwatch.js');

// The command runs in this process, but with --apply (kubectl writes to the executable's own stdout): a child.
describe('plotwatch publish k8s', { timeout: 60_000 }, () => {
  let work: string;
  beforeAll(async () => {
    work = await writeTree([]);
    const built = await plotwatchHere('build', '--out', join(work, 'out'));
    if (!built.ok) throw new Error(built.output);
    // A stand-in kubectl that records how it was called (no cluster here).
    await writeFile(join(work, 'kubectl'), `#!/bin/sh\necho "$@" > "${work}/kubectl-args"\n`);
    await chmod(join(work, 'kubectl'), 0o755);
  }, 60_000);
  afterAll(async () => rm(work, { recursive: true, force: true }));

  it('applies server-side, recursively, with our field manager', () => {
    expect(kubectlApplyArgs('/o/kubernetes/prod', 'prod-cluster')).toEqual([
      '--context',
      'prod-cluster',
      'apply',
      '--server-side',
      '--field-manager=plotwatch',
      '--recursive',
      '-f',
      '/o/kubernetes/prod',
    ]);
  });

  /** The command in this process (it prints with console): a child each would cost a second of CPU to start. */
  const publishK8s = (...args: string[]) => plotwatchHere('publish', 'k8s', '--out', join(work, 'out'), ...args);

  /** A stand-in kubectl that records its arguments, prints `stdout` and `stderr` and exits with `code`. */
  async function fakeKubectl(name: string, code: number, stdout = '', stderr = ''): Promise<string> {
    const path = join(work, name);
    await writeFile(
      path,
      `#!/bin/sh\necho "$@" > "${work}/${name}-args"\nprintf '%s' '${stdout}'\nprintf '%s' '${stderr}' >&2\nexit ${code}\n`,
    );
    await chmod(path, 0o755);
    return path;
  }

  it('without --apply, diffs server-side against the cluster and applies nothing', async () => {
    const kubectl = await fakeKubectl(
      'kubectl-diff',
      1,
      'diff -u -N /tmp/LIVE/x /tmp/MERGED/x\n-  interval: 30s\n+  interval: 15s\n',
    );
    const result = await publishK8s('--context', 'prod-cluster', '--kubectl', kubectl);
    expect(result.ok, result.output).toBe(true);
    expect(result.output).toMatch(/\d+ manifests for prod \(.*dashboards.*servicemonitors.*\), \d+ objects/);
    expect(result.output).toContain('+  interval: 15s');
    expect(result.output).toContain('dry run: nothing applied');
    expect((await readTree(work)).get('kubectl-diff-args')).toBe(
      `--context prod-cluster --request-timeout=20s diff --server-side --field-manager=plotwatch --recursive -f ${join(work, 'out/kubernetes/prod')}\n`,
    );
  });

  it('with no cluster, says so and lists kind, namespace and name of every object', async () => {
    const kubectl = await fakeKubectl(
      'kubectl-down',
      2,
      '',
      'error: dial tcp 127.0.0.1:8080: connect: connection refused\n',
    );
    const result = await publishK8s('--kubectl', kubectl);
    expect(result.ok, result.output).toBe(true);
    expect(result.output).toContain('no cluster to diff against (');
    expect(result.output).toContain('connection refused');
    const files = await readdir(join(work, 'out/kubernetes/prod/servicemonitors'));
    for (const file of files)
      expect(result.output).toContain(`  ServiceMonitor narrative/${file.replace(/\.yaml$/, '')}\n`);
    expect(result.output).toMatch(/^ {2}ConfigMap monitoring\/dashboard-/m);
  });

  it('--base diffs locally against an earlier out/: created, changed (which fields), unchanged, gone', async () => {
    const base = join(work, 'base');
    await cp(join(work, 'out'), base, { recursive: true });
    const prod = join(base, 'kubernetes/prod');
    const [created, changed] = (await readdir(join(prod, 'servicemonitors'))).sort();
    await rm(join(prod, 'servicemonitors', created!));
    const changedPath = join(prod, 'servicemonitors', changed!);
    await writeFile(changedPath, (await readFile(changedPath, 'utf8')).replace(/interval: \S+/, 'interval: 7s'));
    await writeFile(
      join(prod, 'servicemonitors/retired.yaml'),
      'apiVersion: monitoring.coreos.com/v1\nkind: ServiceMonitor\nmetadata:\n  name: retired\n  namespace: narrative\nspec: {}\n',
    );
    const kubectl = await fakeKubectl('kubectl-unused', 0);

    const result = await publishK8s('--base', base, '--kubectl', kubectl);
    expect(result.ok, result.output).toBe(true);
    expect(result.output).toContain(`  + ServiceMonitor narrative/${created!.replace(/\.yaml$/, '')}\n`);
    expect(result.output).toContain(
      `  ~ ServiceMonitor narrative/${changed!.replace(/\.yaml$/, '')}: spec.endpoints\n`,
    );
    expect(result.output).toContain('  - ServiceMonitor narrative/retired: not in out/ any more');
    expect(result.output).toMatch(/^ {4}ConfigMap monitoring\/dashboard-/m);
    expect(result.output).toMatch(/1 to create, 1 to change, \d+ unchanged, 1 no longer in out\//);
    expect((await readTree(work)).has('kubectl-unused-args')).toBe(false);
  });

  it('--base REF diffs against the out/ committed at a git ref; an unknown one is a usage error', async () => {
    const atHead = await publishK8s('--base', 'HEAD');
    expect(atHead.ok, atHead.output).toBe(true);
    expect(atHead.output).toContain('what would change against HEAD (a local diff');
    expect(atHead.output).toMatch(/\d+ to create, \d+ to change, \d+ unchanged, \d+ no longer in out\//);
    const unknown = await publishK8s('--base', 'no-such-ref-or-dir');
    expect(unknown.ok).toBe(false);
    expect(unknown.output).toContain(
      'plotwatch publish k8s: --base "no-such-ref-or-dir" is neither a directory nor a git ref',
    );
  });

  it('with --apply runs kubectl on the environment folder', async () => {
    const result = await run(
      'node',
      [
        CLI,
        'publish',
        'k8s',
        '--out',
        join(work, 'out'),
        '--apply',
        '--context',
        'prod-cluster',
        '--kubectl',
        join(work, 'kubectl'),
      ],
      REPO_ROOT,
    );
    expect(result.ok, result.output).toBe(true);
    expect((await readTree(work)).get('kubectl-args')).toBe(
      `${kubectlApplyArgs(join(work, 'out/kubernetes/prod'), 'prod-cluster').join(' ')}\n`,
    );
  });
});
