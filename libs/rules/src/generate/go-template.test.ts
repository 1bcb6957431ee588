import { describe, expect, it } from 'vitest';
import { evaluateGoAction, goFloat, goTemplate } from './go-template.ts';
import { expectedText, prometheusTemplate } from './template.ts';

const data = { labels: { instance: 'db-1:9187', job: 'postgres' }, value: 1123456 };

describe('Go templates kept verbatim', () => {
  it('split into text and actions, and render back as written', () => {
    const text = 'Down on {{$labels.instance}}:\n  VALUE = {{ $value }}';
    const template = goTemplate(text);
    expect(template).toEqual(['Down on ', { go: '{{$labels.instance}}' }, ':\n  VALUE = ', { go: '{{ $value }}' }]);
    expect(prometheusTemplate(template, { kind: 'platform' })).toBe(text);
  });

  // Each expectation is what promtool 2.42 printed for the same action.
  it.each([
    ['{{ $value }}', '1.123456e+06'],
    ['{{ $labels }}', 'map[instance:db-1:9187 job:postgres]'],
    ['{{ printf "%.2f" $value }}', '1123456.00'],
    ['{{ $labels.nope }}', ''],
    ['{{ $value | humanize }}', '1.123M'],
    ['{{ .Labels.job }}', 'postgres'],
    ['{{ $value | printf "%.0f" }}', '1123456'],
    ['{{ $labels.job | toUpper }}', 'POSTGRES'],
  ])('%s prints %j', (action, printed) => {
    expect(evaluateGoAction(action, data)).toBe(printed);
  });

  it('print floats as Go does', () => {
    expect([
      goFloat(0.5),
      goFloat(123456),
      goFloat(1000000.0000123),
      goFloat(0.00001),
      goFloat(59.400000000000006),
    ]).toEqual(['0.5', '123456', '1.0000000000123e+06', '1e-05', '59.400000000000006']);
  });

  it('refuse what they cannot compute, naming the action', () => {
    expect(() => expectedText(goTemplate('{{ with query "up" }}x{{ end }}'), { labels: {}, value: 1 })).toThrow(
      'cannot compute {{ with query "up" }}: unknown function with',
    );
  });
});
