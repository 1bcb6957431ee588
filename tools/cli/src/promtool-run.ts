import { PROMTOOL_FILE_MARKER, promtoolVerdicts, type FileVerdict } from '@plotwatch/build/proofs';
import { promtoolReadable, promtoolTestCost, promtoolTestRuleFiles } from '@plotwatch/platform';
import { spawn } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, posix } from 'node:path';

/** Runs `items` through `task`, `workers` at a time, results in the items' order. */
export async function pooled<T, R>(items: readonly T[], workers: number, task: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < items.length; i = next++) results[i] = await task(items[i]!);
  };
  await Promise.all(Array.from({ length: Math.min(workers, items.length) }, worker));
  return results;
}

/** The rule files a test file of out/ loads, as paths of out/. */
export function ruleFilesOfTest(path: string, text: string): string[] {
  return promtoolTestRuleFiles(text).map((f) => posix.normalize(posix.join(posix.dirname(path), f)));
}

/** Copies test files of out/ and the rule files they load into `stage` as promtool reads them; what each test costs promtool, by path. */
export async function stageTests(
  outDir: string,
  stage: string,
  tests: readonly string[],
): Promise<Map<string, number>> {
  const texts = new Map<string, Promise<string>>();
  const read = (path: string) => {
    if (!texts.has(path)) texts.set(path, readFile(join(outDir, path), 'utf8'));
    return texts.get(path)!;
  };
  const costs = new Map(
    await Promise.all(
      tests.map(async (path) => {
        const text = await read(path);
        const ruleFiles = ruleFilesOfTest(path, text);
        return [path, promtoolTestCost(text, await Promise.all(ruleFiles.map(read)))] as const;
      }),
    ),
  );
  await Promise.all(
    [...texts].map(async ([path, text]) => {
      await mkdir(dirname(join(stage, path)), { recursive: true });
      await writeFile(join(stage, path), promtoolReadable(path, await text));
    }),
  );
  return costs;
}

/**
 * One `promtool test rules FILE...`, its stdout and stderr in one stream (promtool writes a file's
 * name to one and its failure to the other): each file's verdict, and the time from its name to the next.
 * `pooled`: one of a process per core.
 */
export function promtoolTest(
  cwd: string,
  files: readonly string[],
  { pooled = false }: { pooled?: boolean } = {},
): Promise<{ verdict: FileVerdict; seconds: number }[]> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn('sh', ['-c', 'exec promtool test rules "$@" 2>&1', 'promtool', ...files], {
      cwd,
      stdio: ['ignore', 'pipe', 'inherit'],
      // A process per core: Go's own threads would only take CPU from the others (all proofs of
      // out/: 27.5 s -> 23.1 s of CPU, 15.7 s -> 14.5 s wall). Alone, it keeps them.
      ...(pooled ? { env: { ...process.env, GOMAXPROCS: '1' } } : {}),
    });
    let output = '';
    const marks: number[] = [];
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      output += chunk;
      const seen = output.split(PROMTOOL_FILE_MARKER).length - 1;
      while (marks.length < seen) marks.push(performance.now());
    });
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 127) {
        reject(new Error('promtool is not installed: run tools/scripts/ensure-prometheus-tools.sh'));
        return;
      }
      const ended = performance.now();
      const verdicts = promtoolVerdicts(output);
      // A file promtool never reached (it refused its arguments): its whole output says why.
      const reached = new Set(verdicts.map((v) => v.file));
      const missed = files
        .filter((f) => !reached.has(f))
        .map((file) => ({ verdict: { file, ok: false, text: output.trim() }, seconds: 0 }));
      resolvePromise([
        ...verdicts.map((verdict, i) => ({ verdict, seconds: ((marks[i + 1] ?? ended) - (marks[i] ?? ended)) / 1000 })),
        ...missed,
      ]);
    });
  });
}
