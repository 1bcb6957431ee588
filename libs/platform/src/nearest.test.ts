import { describe, expect, it } from 'vitest';
import { didYouMean, editDistance, nearestName } from './nearest.ts';
import { callerPosition, parseFrame, positionOf, rememberPosition, thrownIn } from './source-position.ts';

describe('nearest names', () => {
  it('counts insertions, deletions and substitutions', () => {
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('http_request_total', 'http_requests_total')).toBe(1);
    expect(editDistance('same', 'same')).toBe(0);
    expect(editDistance('biuld', 'build')).toBe(1);
    expect(editDistance('abcd', 'badc')).toBeGreaterThan(1);
  });

  it('suggests the closest candidate only when it is close', () => {
    const metrics = ['http_requests_total', 'http_request_duration_seconds', 'model_tokens_total'];
    expect(nearestName('http_request_total', metrics)).toBe('http_requests_total');
    expect(nearestName('completely_different', metrics)).toBeUndefined();
    expect(didYouMean('model_token_total', metrics)).toBe(' (did you mean model_tokens_total?)');
    expect(didYouMean('xyz', metrics)).toBe('');
  });
});

describe('source positions', () => {
  it('reads file and line from a stack frame, with or without a function name', () => {
    expect(parseFrame('    at f (/repo/alerts/ai/models.ts:22:37)')).toEqual({
      url: 'file:///repo/alerts/ai/models.ts',
      line: 22,
    });
    expect(parseFrame('    at file:///repo/a.ts:12:5')).toEqual({ url: 'file:///repo/a.ts', line: 12 });
    expect(parseFrame('    at node:internal/x:1:2')).toBeUndefined();
  });

  it('remembers where a definition was created', () => {
    const define = () => rememberPosition({ name: 'x' });
    const definition = define();
    const line = callerPosition()!.line - 1;
    expect(positionOf(definition)).toEqual({ url: import.meta.url, line });
    expect(positionOf({})).toBeUndefined();
  });

  it('finds the line of a module an error was thrown through', () => {
    const line = callerPosition()!.line + 1;
    const error = new Error('boom');
    expect(thrownIn(error, import.meta.url)).toEqual({ url: import.meta.url, line });
    expect(thrownIn(error, 'file:///elsewhere.ts')).toBeUndefined();
    expect(thrownIn('not an error', import.meta.url)).toBeUndefined();
  });
});
