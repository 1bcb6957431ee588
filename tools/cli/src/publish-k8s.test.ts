import { readTree, run, writeTree } from '@plotwatch/testing';
import { chmod, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kubectlApplyArgs } from './publish-k8s.ts';
import { REPO_ROOT } from './paths.ts';

const CLI = join(REPO_ROOT, 'tools/cli/bin/plotwatch.js');

// Each test starts the CLI in a child process.
describe('plotwatch publish k8s', { timeout: 60_000 }, () => {
  let work: string;
  beforeAll(async () => {
    work = await writeTree([]);
    const built = await run('node', [CLI, 'build', '--out', join(work, 'out')], REPO_ROOT);
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

  it('lists the manifests and, without --apply, runs nothing', async () => {
    const result = await run(
      'node',
      [CLI, 'publish', 'k8s', '--out', join(work, 'out'), '--kubectl', join(work, 'kubectl')],
      REPO_ROOT,
    );
    expect(result.ok, result.output).toBe(true);
    expect(result.output).toMatch(/\d+ manifests for prod \(.*dashboards.*servicemonitors/);
    expect(result.output).toContain('dry run');
    expect((await readTree(work)).has('kubectl-args')).toBe(false);
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
