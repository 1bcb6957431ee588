import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { parse, stringify } from 'yaml';

export interface ToolRun {
  readonly ok: boolean;
  readonly output: string;
}

/** Runs a command to completion; never throws for a non-zero exit, which tests assert on. */
export function run(command: string, args: readonly string[], cwd: string): Promise<ToolRun> {
  return new Promise((resolve, reject) => {
    execFile(command, args, { cwd, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error && (error as NodeJS.ErrnoException).code === 'ENOENT') {
        reject(new Error(`${command} is not installed: run tools/scripts/ensure-prometheus-tools.sh (Debian's prometheus package)`));
        return;
      }
      resolve({ ok: !error, output: `${stdout}${stderr}` });
    });
  });
}

/** A files tree (path relative to its root -> content) written into a fresh temp directory. */
export async function writeTree(files: ReadonlyMap<string, string> | Iterable<readonly [string, string]>): Promise<string> {
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

/**
 * promtool reads plain rule files; mimirtool's carry a `namespace` key besides `groups`,
 * which promtool's strict parser refuses. The staged copy drops it and keeps the groups.
 */
export function promtoolReadable(path: string, content: string): string {
  if (!path.startsWith('mimir/')) return content;
  const { namespace: _namespace, ...rest } = parse(content) as { namespace: string; groups: unknown };
  return stringify(rest, { lineWidth: 0 });
}

/** A copy of an out/ tree that promtool can read, in a temp dir the caller removes. */
export async function stageForPromtool(files: ReadonlyMap<string, string>): Promise<string> {
  return writeTree([...files].map(([path, content]) => [path, promtoolReadable(path, content)] as const));
}

export function ruleFilesOf(files: ReadonlyMap<string, string>): string[] {
  return [...files.keys()].filter((p) => /^(prometheus\/rules|mimir)\/.*\.ya?ml$/.test(p)).sort();
}

export function promtoolTestsOf(files: ReadonlyMap<string, string>): string[] {
  return [...files.keys()].filter((p) => /^prometheus\/tests\/.*\.test\.ya?ml$/.test(p)).sort();
}

/** `promtool check rules` and `promtool test rules` over a whole out/ tree. */
export async function promtoolOnTree(files: ReadonlyMap<string, string>): Promise<{ check: ToolRun; test: ToolRun }> {
  const dir = await stageForPromtool(files);
  try {
    const check = await run('promtool', ['check', 'rules', ...ruleFilesOf(files)], dir);
    const test = await run('promtool', ['test', 'rules', ...promtoolTestsOf(files)], dir);
    return { check, test };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
