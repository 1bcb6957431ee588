import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { promtoolReadable, promtoolTestCost, promtoolTestRuleFiles } from '@plotwatch/platform';

export { promtoolReadable };

export interface ToolRun {
  readonly ok: boolean;
  readonly output: string;
}

/**
 * Runs a command to completion; never throws for a non-zero exit, which tests assert on. `env`
 * adds to the environment it inherits.
 */
export function run(
  command: string,
  args: readonly string[],
  cwd: string,
  env?: Readonly<Record<string, string>>,
): Promise<ToolRun> {
  return new Promise((resolve, reject) => {
    const options = { cwd, maxBuffer: 64 * 1024 * 1024, ...(env ? { env: { ...process.env, ...env } } : {}) };
    execFile(command, args, options, (error, stdout, stderr) => {
      if (error && (error as NodeJS.ErrnoException).code === 'ENOENT') {
        reject(
          new Error(
            `${command} is not installed: run tools/scripts/ensure-prometheus-tools.sh (Debian's prometheus package)`,
          ),
        );
        return;
      }
      resolve({ ok: !error, output: `${stdout}${stderr}` });
    });
  });
}

/** A files tree (path relative to its root -> content) written into a fresh temp directory. */
export async function writeTree(
  files: ReadonlyMap<string, string> | Iterable<readonly [string, string]>,
): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'plotwatch-'));
  for (const [path, content] of files) {
    await mkdir(dirname(join(dir, path)), { recursive: true });
    await writeFile(join(dir, path), content);
  }
  return dir;
}

export async function readTree(dir: string): Promise<Map<string, string>> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const files = new Map<string, string>();
  for (const e of entries.filter((x) => x.isFile())) {
    const path = join(e.parentPath, e.name);
    files.set(relative(dir, path), await readFile(path, 'utf8'));
  }
  return files;
}

/** A copy of an out/ tree that promtool can read, in a temp dir the caller removes. */
export async function stageForPromtool(files: ReadonlyMap<string, string>): Promise<string> {
  return writeTree([...files].map(([path, content]) => [path, promtoolReadable(path, content)] as const));
}

export function ruleFilesOf(files: ReadonlyMap<string, string>): string[] {
  return [...files.keys()].filter((p) => /^(prometheus\/rules|mimir)\/.*\.ya?ml$/.test(p)).sort();
}

export function promtoolTestsOf(files: ReadonlyMap<string, string>): string[] {
  return [...files.keys()].filter((p) => /^prometheus\/tests\/.*\.test\.(ya?ml|json)$/.test(p)).sort();
}

/** promtoolTestCost of a staged test file, read with the rule files it loads. */
async function estimatedCost(file: string, cwd: string): Promise<number> {
  const text = await readFile(join(cwd, file), 'utf8');
  const ruleTexts = await Promise.all(
    promtoolTestRuleFiles(text).map((f) => readFile(join(cwd, dirname(file), f), 'utf8')),
  );
  return promtoolTestCost(text, ruleTexts);
}

/**
 * Go's collector at half its default frequency: `promtool test rules` on every generated test of
 * out/ spends 15% less CPU (20.3 s -> 17.2 s user+sys here) for 220 MB instead of 140 MB at most.
 * One Go thread per process: the files run a process per core already, and Go's collector threads
 * only took CPU from them (promtool.test.ts alone: 34.4 s -> 27.8 s of CPU, 21.1 s -> 18.7 s wall).
 */
export const PROMTOOL_TEST_ENV = { GOGC: '200', GOMAXPROCS: '1' };

/**
 * Splits `files` into `bins` lists of about equal cost, the costliest first (longest processing
 * time first: each file goes to the bin that has the least so far).
 */
function balanced(files: readonly string[], costs: ReadonlyMap<string, number>, bins: number): string[][] {
  const lists = Array.from({ length: bins }, () => ({ cost: 0, files: [] as string[] }));
  for (const file of [...files].sort((a, b) => costs.get(b)! - costs.get(a)!)) {
    const least = lists.reduce((a, b) => (b.cost < a.cost ? b : a));
    least.files.push(file);
    least.cost += costs.get(file)!;
  }
  return lists.map((l) => l.files).filter((l) => l.length);
}

/**
 * `promtool test rules` on several files in one process, its stdout and stderr in one pipe: in the
 * order promtool writes them, so that each file's FAILED details (stderr) stay under its
 * `Unit Testing: <file>` line (stdout). promtool tests every file it is given, failed or not, and
 * exits 1 when any failed.
 */
async function promtoolTestBatch(files: readonly string[], cwd: string): Promise<ToolRun> {
  const script = 'command -v promtool >/dev/null || exit 127; exec promtool test rules "$@" 2>&1';
  const result = await new Promise<ToolRun & { code: number }>((resolve) =>
    execFile(
      'sh',
      ['-c', script, 'sh', ...files],
      { cwd, maxBuffer: 64 * 1024 * 1024, env: { ...process.env, ...PROMTOOL_TEST_ENV } },
      (error, stdout, stderr) =>
        resolve({ ok: !error, code: error ? Number(error.code ?? 1) : 0, output: `${stdout}${stderr}` }),
    ),
  );
  if (result.code === 127)
    throw new Error(
      `promtool is not installed: run tools/scripts/ensure-prometheus-tools.sh (Debian's prometheus package)`,
    );
  return { ok: result.ok, output: result.output };
}

/**
 * Runs `promtool test rules` on the files, in `concurrency` processes at once, each given its share
 * of the files (about equal by cost, the costliest first). A process per file cost each file a Go
 * start and a heap grown anew (promtool.test.ts: 65 processes, 25 s of CPU); promtool names each
 * file in its report, so a failure still names its file.
 */
export async function promtoolTestParallel(
  files: readonly string[],
  cwd: string,
  concurrency = availableParallelism(),
): Promise<ToolRun> {
  const costs = new Map(await Promise.all(files.map(async (f) => [f, await estimatedCost(f, cwd)] as const)));
  const batches = balanced(files, costs, Math.max(1, Math.min(concurrency, files.length)));
  const results = await Promise.all(batches.map((batch) => promtoolTestBatch(batch, cwd)));
  return { ok: results.every((r) => r.ok), output: results.map((r) => r.output).join('') };
}

/**
 * `promtool check rules` and `promtool test rules` (in parallel) over a whole out/ tree, or over
 * the test files `only` keeps.
 */
export async function promtoolOnTree(
  files: ReadonlyMap<string, string>,
  o: { only?: (testPath: string) => boolean; concurrency?: number } = {},
): Promise<{ check: ToolRun; test: ToolRun }> {
  const dir = await stageForPromtool(files);
  try {
    const check = await run('promtool', ['check', 'rules', ...ruleFilesOf(files)], dir);
    const test = await promtoolTestParallel(promtoolTestsOf(files).filter(o.only ?? (() => true)), dir, o.concurrency);
    return { check, test };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
