import { describe, expect, it } from 'vitest';
import { equals, oneOf, renderMatcher } from './labels.ts';

describe('renderMatcher', () => {
  it.each([
    [equals('tenant', 'aurora-books'), 'tenant="aurora-books"'],
    [equals('tenant', ''), 'tenant=""'],
    [equals('summary', 'say "hi"\\'), 'summary="say \\"hi\\"\\\\"'],
    [oneOf('service', ['story-api', 'a.b']), 'service=~"story-api|a\\\\.b"'],
  ])('%j -> %s', (matcher, text) => {
    expect(renderMatcher(matcher)).toBe(text);
  });
});
