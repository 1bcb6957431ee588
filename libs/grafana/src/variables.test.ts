import { describe, expect, it } from 'vitest';
import { tenantDashboard } from './dashboard.ts';
import { importedSpec, sampleContext } from './test-support.ts';
import { dashboardSchemaErrors } from './validate.ts';
import {
  constantVariable,
  customVariable,
  intervalVariable,
  queryVariable,
  rawVariable,
  textboxVariable,
  type VariableBuilder,
} from './variables.ts';

const json = (v: VariableBuilder) => JSON.parse(JSON.stringify(v.build())) as Record<string, unknown>;
// What the SDK writes on every variable (the interval variable's auto settings among them).
const common = { skipUrlSync: false, multi: false, allowCustomValue: true, includeAll: false, auto: false };
const auto = { auto_min: '10s', auto_count: 30 };

describe('variables', () => {
  it("queryVariable: a Prometheus query on the kit's datasource, refreshed on load unless told", () => {
    expect(
      json(
        queryVariable({
          name: 'service',
          label: 'Service',
          query: 'label_values(up, service)',
          regex: '/api-(.*)/',
          multi: true,
          includeAll: true,
          allValue: '.*',
          refresh: 'onTimeRangeChanged',
          sort: 'alphabeticalAsc',
          hide: 'hideLabel',
        }),
      ),
    ).toEqual({
      type: 'query',
      name: 'service',
      ...common,
      ...auto,
      multi: true,
      includeAll: true,
      label: 'Service',
      hide: 1,
      datasource: { type: 'prometheus', uid: '${datasource}' },
      query: 'label_values(up, service)',
      refresh: 2,
      regex: '/api-(.*)/',
      sort: 1,
      allValue: '.*',
    });
    expect(json(queryVariable({ name: 'q', query: 'up' })).refresh).toBe(1);
  });

  it('customVariable: the values as one list, a comma inside a value escaped', () => {
    expect(json(customVariable({ name: 'quantile', values: ['0.5', 'a,b'], multi: true }))).toEqual({
      type: 'custom',
      name: 'quantile',
      ...common,
      ...auto,
      multi: true,
      query: '0.5,a\\,b',
    });
  });

  it('intervalVariable: the spans, and auto with its step count and floor', () => {
    expect(
      json(intervalVariable({ name: 'interval', values: ['1m', '5m'], auto: true, autoCount: 50, autoMin: '1m' })),
    ).toEqual({
      type: 'interval',
      name: 'interval',
      ...common,
      auto: true,
      auto_min: '1m',
      auto_count: 50,
      query: '1m,5m',
    });
  });

  it('textboxVariable and constantVariable: their value as the query, a constant hidden', () => {
    expect(json(textboxVariable({ name: 'filter', label: 'Filter', value: '.*' }))).toEqual({
      type: 'textbox',
      name: 'filter',
      ...common,
      ...auto,
      label: 'Filter',
      query: '.*',
    });
    expect(json(constantVariable({ name: 'cluster', value: 'eu-1' }))).toEqual({
      type: 'constant',
      name: 'cluster',
      ...common,
      ...auto,
      hide: 2,
      query: 'eu-1',
    });
  });

  it('rawVariable: the JSON as given, and why', () => {
    const adhoc = { type: 'adhoc', name: 'filters', datasource: { type: 'loki', uid: 'logs' } };
    expect(json(rawVariable(adhoc, 'ad hoc filters on Loki'))).toEqual(adhoc);
    expect(() => rawVariable(adhoc, '')).toThrow(/say what was not converted/);
  });

  it("come after the kit's datasource and tenant, and pass Grafana's dashboard schema", () => {
    const d = JSON.parse(JSON.stringify(tenantDashboard(sampleContext(), importedSpec()).build())) as {
      templating: { list: Array<{ name: string }> };
    };
    expect(d.templating.list.map((v) => v.name)).toEqual([
      'datasource',
      'tenant',
      'service',
      'quantile',
      'interval',
      'filter',
      'cluster',
      'legacy',
    ]);
    expect(dashboardSchemaErrors(d)).toEqual([]);
  });

  it("refuse one named as the kit's own", () => {
    expect(() =>
      tenantDashboard(sampleContext(), {
        ...importedSpec(),
        variables: [constantVariable({ name: 'tenant', value: 'x' })],
      }),
    ).toThrow('dashboard "Imported" has two variables named "tenant"');
  });
});
