// Helpers of the CLI's tests that run the real command in a copy of the repository.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { vi } from 'vitest';

/** Replaces the first match of `from` in a file; throws when nothing matched. */
export async function edit(file: string, from: string | RegExp, to: string): Promise<void> {
  const text = await readFile(file, 'utf8');
  const edited = text.replace(from, to);
  if (edited === text) throw new Error(`${file}: nothing matched ${String(from)}`);
  await writeFile(file, edited);
}

/** Every `$__file{path}` a contact point in out/ names, written below `root` with a made-up secret. */
export async function writeReferencedSecrets(out: string, root: string): Promise<void> {
  const { artifacts } = JSON.parse(await readFile(join(out, 'manifest.json'), 'utf8')) as {
    artifacts: Array<{ path: string }>;
  };
  const alerting = artifacts.filter((e) => e.path.startsWith('grafana/alerting/'));
  const texts = await Promise.all(alerting.map((e) => readFile(join(out, e.path), 'utf8')));
  for (const [, path] of texts.join('\n').matchAll(/\$__file\{([^}]+)\}/g)) {
    await mkdir(dirname(join(root, path!)), { recursive: true });
    await writeFile(join(root, path!), `secret-of-${path}\n`);
  }
}

/**
 * `plotwatch ARGV` as the CLI runs it (`run`: the command table, usage errors said and exit 2), in
 * this process, for tests that are not about the executable: whether it exited 0, and what it
 * printed on stdout and stderr, and both as `output` (as `run` of @plotwatch/testing gives a child's). A child costs a
 * second of CPU to start, and a build loads the compiler again in each.
 */
export async function plotwatchHere(
  ...argv: string[]
): Promise<{ ok: boolean; code: number; output: string; stdout: string; stderr: string }> {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const log = vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void stdout.push(`${a.join(' ')}\n`));
  const error = vi
    .spyOn(console, 'error')
    .mockImplementation((...a: unknown[]) => void stderr.push(`${a.join(' ')}\n`));
  try {
    // Loaded when used: the files that only edit sources (dev.test.ts) need not load the CLI.
    const { run } = await import('./cli.ts');
    const code = await run(argv);
    const [out, err] = [stdout.join(''), stderr.join('')];
    return { ok: code === 0, code, output: `${out}${err}`, stdout: out, stderr: err };
  } finally {
    log.mockRestore();
    error.mockRestore();
  }
}

/**
 * What a build of the tenant files in `dir` writes, compiled in this process (the CLI writes exactly
 * what compile makes: committed-out.test.ts), as path -> content: a probe's reference, without a
 * child's start and the compiler's load.
 */
export async function compiledTree(dir: string): Promise<Map<string, string>> {
  // Loaded when used: the compiler takes a second and a half to load.
  const [{ compile }, { asTree, compileInput }, { readTenants }] = await Promise.all([
    import('@plotwatch/build'),
    import('@plotwatch/build/testing'),
    import('./load.ts'),
  ]);
  const tenants = await readTenants(dir);
  if (!tenants.ok) throw new Error(tenants.errors.join('\n'));
  const result = compile(compileInput(tenants.tenants));
  if (!result.ok) throw new Error(result.errors.join('\n'));
  return asTree(result.artifacts);
}
