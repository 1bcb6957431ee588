import { parseDuration } from '@plotwatch/promql';

/** A Prometheus duration in seconds: `1h30m` -> 5400. */
export function seconds(duration: string): number {
  const ms = parseDuration(duration);
  if (ms === undefined) throw new Error(`"${duration}" is not a Prometheus duration`);
  return ms / 1000;
}

const UNITS: ReadonlyArray<readonly [string, number]> = [
  ['d', 86_400],
  ['h', 3_600],
  ['m', 60],
  ['s', 1],
];

/** Seconds as a Prometheus duration, largest units first: 93_600 -> `1d2h`. */
export function duration(totalSeconds: number): string {
  if (!Number.isInteger(totalSeconds) || totalSeconds < 0) {
    throw new Error(`cannot write ${totalSeconds}s as a duration`);
  }
  if (totalSeconds === 0) return '0s';
  let rest = totalSeconds;
  return UNITS.map(([unit, size]) => {
    const n = Math.floor(rest / size);
    rest -= n * size;
    return n ? `${n}${unit}` : '';
  }).join('');
}
