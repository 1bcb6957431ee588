import { execFileSync } from 'node:child_process';
import { cpus, totalmem, type as osType, release } from 'node:os';

/** Median wall time of `runs` runs of `fn`, in milliseconds (one warm-up run first). */
export async function medianMs(fn: () => unknown | Promise<unknown>, runs = 5): Promise<number> {
  await fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await fn();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

export function machine(): string {
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  const promtool = (() => {
    try {
      return execFileSync('promtool', ['--version'], { encoding: 'utf8' }).split('\n')[0];
    } catch {
      return 'promtool not installed';
    }
  })();
  return `${cpus().length} × ${cpu}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, ${osType()} ${release()}, Node ${process.version}, ${promtool}`;
}

export function table(header: readonly string[], rows: ReadonlyArray<readonly (string | number)[]>): string {
  const line = (cells: readonly (string | number)[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

export const fmt = (n: number, digits = 0) =>
  n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
