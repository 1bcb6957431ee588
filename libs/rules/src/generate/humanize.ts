import type { ValueFormat } from '../model/model.ts';

/** Go's `%.<precision>g`; Prometheus' humanize* template functions print with `%.4g`. */
export function goG(x: number, precision: number): string {
  if (x === 0) return '0';
  const exponent = Math.floor(Math.log10(Math.abs(Number(x.toPrecision(precision)))));
  if (exponent < -4 || exponent >= precision) {
    const [mantissa, exp] = x.toExponential(precision - 1).split('e') as [string, string];
    const trimmed = mantissa.includes('.') ? mantissa.replace(/0+$/, '').replace(/\.$/, '') : mantissa;
    const sign = exp.startsWith('-') ? '-' : '+';
    return `${trimmed}e${sign}${exp.replace(/^[-+]/, '').padStart(2, '0')}`;
  }
  const fixed = x.toPrecision(precision);
  return fixed.includes('.') ? fixed.replace(/0+$/, '').replace(/\.$/, '') : fixed;
}

/**
 * `%.4g`, each value worked out once: the tests of a thousand tenants print the few values of
 * their tiers over and over. Bounded, for a long-lived process (the dev server).
 */
const printed = new Map<number, string>();
function goG4(x: number): string {
  let text = printed.get(x);
  if (text === undefined) {
    if (printed.size >= 10_000) printed.clear();
    printed.set(x, (text = goG(x, 4)));
  }
  return text;
}

/**
 * What Prometheus prints for `{{ value | <format> }}` (`printf "%.4g"` for decimal), so generated
 * promtool tests can expect the exact annotation. Covers the ranges our thresholds use; unit tests
 * pin it to promtool.
 */
export function humanizeLike(format: ValueFormat, value: number): string {
  switch (format) {
    case 'humanizePercentage':
      return `${goG4(value * 100)}%`;
    case 'humanize':
      return siPrefixed(value, '');
    case 'humanizeDuration':
      return value < 0 ? `-${duration(-value)}` : duration(value);
    case 'decimal':
      return goG4(value);
  }
}

const LARGE = ['k', 'M', 'G', 'T', 'P', 'E', 'Z', 'Y'];
const SMALL = ['m', 'u', 'n', 'p', 'f', 'a', 'z', 'y'];

/** `humanize`: scaled by powers of 1000 to an SI prefix, then `%.4g`. */
function siPrefixed(value: number, unit: string): string {
  if (value === 0 || !Number.isFinite(value)) return `${goG4(value)}${unit}`;
  let v = value;
  let prefix = '';
  if (Math.abs(v) >= 1) {
    for (const p of LARGE) {
      if (Math.abs(v) < 1000) break;
      prefix = p;
      v /= 1000;
    }
  } else {
    for (const p of SMALL) {
      if (Math.abs(v) >= 1) break;
      prefix = p;
      v *= 1000;
    }
  }
  return `${goG4(v)}${prefix}${unit}`;
}

function duration(seconds: number): string {
  if (seconds === 0) return '0s';
  if (seconds < 1) return siPrefixed(seconds, 's');
  if (seconds < 60) return `${goG4(seconds)}s`;
  const whole = Math.floor(seconds);
  const [d, h, m, s] = [
    Math.floor(whole / 86400),
    Math.floor(whole / 3600) % 24,
    Math.floor(whole / 60) % 60,
    whole % 60,
  ];
  if (d) return `${d}d ${h}h ${m}m ${s}s`;
  if (h) return `${h}h ${m}m ${s}s`;
  return `${m}m ${s}s`;
}
