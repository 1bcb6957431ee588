import type { Json } from '../state.ts';

/**
 * The test server does not convert dashboards between schema v1 (classic JSON) and v2. Reading one in the
 * other version answers what Grafana answers when its conversion fails: the title in a minimal spec of the
 * version asked for, and `status.conversion` saying `failed` and which version is stored (read that one).
 */
export function minimalV2Spec(title: string): Json {
  return {
    annotations: [],
    cursorSync: 'Off',
    editable: true,
    elements: {},
    layout: { kind: 'GridLayout', spec: { items: [] } },
    links: [],
    liveNow: false,
    preload: false,
    tags: [],
    timeSettings: {
      autoRefresh: '',
      autoRefreshIntervals: ['5s', '10s', '30s', '1m', '5m', '15m', '30m', '1h', '2h', '1d'],
      fiscalYearStartMonth: 0,
      from: 'now-6h',
      hideTimepicker: false,
      timezone: 'browser',
      to: 'now',
    },
    title,
    variables: [],
  };
}

export function minimalClassicSpec(title: string): Json {
  return { title, panels: [], schemaVersion: 42 };
}
