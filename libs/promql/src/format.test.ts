import { describe, expect, it } from 'vitest';
import { caret, formatFinding } from './format.ts';

const finding = { check: 'promql/unknown-metric', message: 'metric x is not in the catalog', from: 5, to: 6 };

describe('formatFinding', () => {
  it('ends the first line with the check id, then shows the expression with a caret, indented', () => {
    expect(formatFinding('dashboards/a.ts (panel "P")', 'rate(x[5m])', finding)).toBe(
      'dashboards/a.ts (panel "P"): metric x is not in the catalog [promql/unknown-metric]\n' +
        '    rate(x[5m])\n' +
        '         ^',
    );
  });

  it('prints the message alone when there is no where', () => {
    const [head] = formatFinding('', 'rate(x[5m])', finding).split('\n');
    expect(head).toBe('metric x is not in the catalog [promql/unknown-metric]');
  });
});

describe('caret', () => {
  it('shows the line the finding starts on, cut at its end', () => {
    expect(caret('sum(\n  rate(x[5m])\n)', { from: 7, to: 20 })).toBe('  rate(x[5m])\n  ^^^^^^^^^^^');
  });

  it('marks an empty span with one caret, and a span past the end of the expression past it', () => {
    expect(caret('sum(x', { from: 5, to: 5 })).toBe('sum(x\n     ^');
    expect(caret('up', { from: 0, to: 3 })).toBe('up\n^^^');
  });
});
