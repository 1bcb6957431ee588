import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { scalar, toYaml } from './yaml-rules.ts';

describe('toYaml', () => {
  it.each([
    'sum by (tenant) (rate(http_requests_total{code=~"5.."}[5m]))',
    '{{ $labels.tenant }}: story-api is failing',
    'a: b',
    'ends with colon:',
    '-1',
    '1e3',
    'true',
    'null',
    '0x1f',
    '',
    ' padded',
    'x #comment',
    "it's",
    'multi\nline',
    '@at',
    '#hash',
    '*star',
    'vector(0.005)',
    '30s',
  ])('round-trips %j through a YAML parser', (value) => {
    expect(parse(`k: ${scalar(value)}`)).toEqual({ k: value });
  });

  it('writes a rule file that parses back to the same document', () => {
    const doc = {
      groups: [
        {
          name: 'g',
          interval: '30s',
          rules: [
            { record: 'tenant:x:threshold', expr: 'vector(0.01)', labels: { tenant: 'aurora-books' } },
            {
              alert: 'A',
              expr: 'x > on (tenant) group_left y',
              for: '10m',
              labels: { severity: 'page' },
              annotations: {
                summary: '{{ $labels.tenant }}: bad',
                description: 'Now {{ $value | humanizePercentage }}.',
              },
            },
          ],
        },
        { name: 'empty', interval: '1m', rules: [] },
      ],
    };
    expect(parse(toYaml(doc))).toEqual(doc);
  });
});
