import { isRecord } from '../shared/errors.ts';
import type { DashboardJson, PanelJson } from './model.ts';

const GRID_COLUMNS = 24;
/** Grafana's grid cell: 30px high with an 8px margin. */
const CELL_PX = 30 + 8;
const DEFAULT_ROW_HEIGHT_PX = 250;
const DEFAULT_SPAN = 4;

function gridHeight(height: unknown): number {
  const px = typeof height === 'string' ? parseInt(height.replace('px', ''), 10) : Number(height);
  return Math.ceil((Number.isFinite(px) && px > 0 ? px : DEFAULT_ROW_HEIGHT_PX) / CELL_PX);
}

/**
 * A dashboard of the schema before Grafana 5 (`rows[]`, each with `panels` sized by `span` of 12
 * columns) on the grid, as Grafana's own migration (schema 16) places it: row panels when any row
 * is collapsed, repeated or titled, panels left to right within their row's height. A row's header
 * takes one line (Grafana gives it its row's height, which no one sees).
 */
export function fromLegacyRows(d: DashboardJson): DashboardJson {
  const rows = (Array.isArray(d.rows) ? d.rows : []).filter(isRecord).filter((r) => !r.repeatIteration);
  const showRows = rows.some((r) => r.collapse || r.showTitle || r.repeat);
  const panels: PanelJson[] = [];
  let nextId =
    Math.max(0, ...rows.flatMap((r) => (Array.isArray(r.panels) ? r.panels : []).map((p) => Number(p?.id) || 0))) + 1;
  let y = 0;
  for (const r of rows) {
    const rowHeight = gridHeight(r.height);
    let rowPanel: PanelJson | undefined;
    if (showRows) {
      rowPanel = {
        id: nextId++,
        type: 'row',
        title: typeof r.title === 'string' ? r.title : '',
        collapsed: Boolean(r.collapse),
        gridPos: { x: 0, y, w: GRID_COLUMNS, h: 1 },
        panels: [],
        ...(typeof r.repeat === 'string' && r.repeat ? { repeat: r.repeat } : {}),
      };
      panels.push(rowPanel);
      y += 1;
    }
    let x = 0;
    let lineHeight = 0;
    let lineY = y;
    for (const p of (Array.isArray(r.panels) ? r.panels : []) as PanelJson[]) {
      const { span, height, ...rest } = p as PanelJson & { span?: number; height?: unknown };
      const w = Math.floor(typeof span === 'number' && span > 0 ? span : DEFAULT_SPAN) * (GRID_COLUMNS / 12);
      const h = height !== undefined ? gridHeight(height) : rowHeight;
      if (x + w > GRID_COLUMNS) {
        lineY += lineHeight;
        x = 0;
        lineHeight = 0;
      }
      const panel: PanelJson = { ...rest, gridPos: { x, y: lineY, w, h } };
      x += w;
      lineHeight = Math.max(lineHeight, h);
      if (rowPanel?.collapsed) rowPanel.panels!.push(panel);
      else panels.push(panel);
    }
    const bottom = lineY + lineHeight;
    if (!rowPanel?.collapsed) y = Math.max(y + rowHeight, bottom);
  }
  const { rows: _rows, ...rest } = d;
  return { ...rest, panels };
}

/**
 * Value mappings as Grafana 7 wrote them (`{ type: 1, value, text }`, `{ type: 2, from, to, text }`),
 * in the form Grafana 8 migrates them to on load (`{ type: 'value', options }`, `{ type: 'range', options }`).
 */
export function upgradeMappings(mappings: readonly unknown[]): unknown[] {
  const values: Record<string, { text: string; index: number }> = {};
  const out: unknown[] = [];
  let index = 0;
  for (const m of mappings) {
    if (!isRecord(m) || typeof m.type !== 'number') {
      out.push(m);
      continue;
    }
    const text = String(m.text ?? '');
    if (m.type === 1 && m.value !== undefined && m.value !== null) values[String(m.value)] = { text, index: index++ };
    else if (m.type === 2)
      out.push({
        type: 'range',
        options: {
          from: m.from === '' || m.from === null ? null : Number(m.from),
          to: m.to === '' || m.to === null ? null : Number(m.to),
          result: { text, index: index++ },
        },
      });
    else out.push(m);
  }
  return Object.keys(values).length ? [{ type: 'value', options: values }, ...out] : out;
}

/** Every panel's Grafana 7 value mappings upgraded, nested panels too. */
export function upgradePanels(panels: readonly PanelJson[]): PanelJson[] {
  return panels.map((p) => {
    if (!isRecord(p)) return p;
    const mappings = p.fieldConfig?.defaults?.mappings;
    const legacy = Array.isArray(mappings) && mappings.some((m) => isRecord(m) && typeof m.type === 'number');
    const upgraded: PanelJson = legacy
      ? {
          ...p,
          fieldConfig: {
            ...p.fieldConfig,
            defaults: { ...p.fieldConfig!.defaults, mappings: upgradeMappings(mappings) },
          },
        }
      : p;
    const text = upgradeText(upgraded);
    return Array.isArray(p.panels) ? { ...text, panels: upgradePanels(p.panels) } : text;
  });
}

/** A text panel as Grafana 6 wrote it (`content` and `mode` beside the title): moved into `options`, as Grafana 7 does. */
function upgradeText(p: PanelJson): PanelJson {
  if (p.type !== 'text' || (p.content === undefined && p.mode === undefined)) return p;
  const { content, mode, ...rest } = p;
  return {
    ...rest,
    options: {
      ...(isRecord(p.options) ? p.options : {}),
      ...(content !== undefined ? { content } : {}),
      ...(mode !== undefined ? { mode } : {}),
    },
  };
}
