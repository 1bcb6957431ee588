import { describe, expect, it } from 'vitest';
import { prometheus242Parser } from './keywords.ts';

function shape(expr: string): string {
  const names: string[] = [];
  prometheus242Parser.parse(expr).iterate({ enter: (node) => void names.push(node.name) });
  return names.slice(1).join(' ');
}

describe('keywords as Prometheus 2.42 reads them', () => {
  it.each([
    ['offset', 'VectorSelector Identifier'],
    ['offset{step="1s"}[5m]', expect.stringMatching(/^MatrixSelector VectorSelector Identifier LabelMatchers/)],
    ['x offset 5m', expect.stringMatching(/^OffsetExpr VectorSelector Identifier Offset/)],
    ['offset offset 5m', expect.stringMatching(/^OffsetExpr VectorSelector Identifier Offset/)],
    [
      'holt_winters(x[5m], 0.5, 0.5)',
      expect.stringMatching(/^FunctionCall FunctionIdentifier DoubleExponentialSmoothing/),
    ],
    ['holt_winters', 'VectorSelector Identifier'],
    ['start', 'VectorSelector Identifier'],
    ['start()', expect.stringContaining('⚠')],
    ['end()', expect.stringContaining('⚠')],
    ['x @ start()', expect.stringMatching(/AtModifierPreprocessors AtStart$/)],
    ['x @ end()', expect.stringMatching(/AtModifierPreprocessors AtEnd$/)],
    ['bool', expect.stringContaining('⚠')],
  ])('%s', (expr, expected) => {
    expect(shape(expr)).toEqual(expected);
  });
});
