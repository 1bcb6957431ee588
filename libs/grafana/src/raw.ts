import type * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import type { GridPoint, KitPanel, PlaceableBuilder } from './layout.ts';

/**
 * The panel fields the kit does not model, which an imported panel may still need: its plugin
 * options, field config (overrides, mappings), transformations and query options. Only these:
 * the fields the kit does model (title, queries, unit, thresholds) are said through its options.
 */
export type RawPanelField =
  | 'options'
  | 'fieldConfig'
  | 'transformations'
  | 'pluginVersion'
  | 'transparent'
  | 'interval'
  | 'maxDataPoints'
  | 'timeFrom'
  | 'timeShift'
  | 'hideTimeOverride'
  | 'timeCompare'
  | 'cacheTimeout'
  | 'queryCachingTTL';

export type RawPanelFields = Readonly<Partial<Record<RawPanelField, unknown>>>;

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * `raw` over `base`: objects merge key by key (so `options.legend.displayMode` alone changes only
 * that), anything else (arrays, scalars) replaces what the preset built. Returns new objects
 * along `raw`'s paths and never mutates `base`, whose parts may be shared (the datasource ref).
 */
export function mergeRawFields<T extends object>(base: T, raw: RawPanelFields | Json): T {
  const merged: Json = { ...(base as Json) };
  for (const [key, value] of Object.entries(raw)) {
    if (value === undefined) continue;
    const current = merged[key];
    merged[key] = isObject(current) && isObject(value) ? mergeRawFields(current, value) : structuredClone(value);
  }
  return merged as T;
}

/** A preset's builder whose panel gets `raw` merged in last, after everything the preset set. */
export function withRawFields(builder: PlaceableBuilder, raw: RawPanelFields): PlaceableBuilder {
  return {
    id: (id: number) => builder.id(id),
    gridPos: (gridPos: dashboard.GridPos) => builder.gridPos(gridPos),
    build: () => mergeRawFields(builder.build(), raw),
  };
}

/** A panel's JSON, as Grafana stores it: at least its plugin type. */
export type RawPanelJson = Readonly<{ type: string } & Json>;

export interface RawPanelOptions {
  /** The panel's title, as in `json` (`''` when it has none); duplicates are refused among non-empty ones. */
  readonly title: string;
  readonly json: RawPanelJson;
  /** What was not converted to a preset, and why (an unknown plugin, a library panel, a Loki query). */
  readonly reason: string;
  /** Overrides `json.gridPos`'s x and y. */
  readonly position?: GridPoint;
  readonly width?: number;
  readonly height?: number;
}

/** A panel kept as its JSON, and why. */
export interface RawPanel extends KitPanel {
  readonly reason: string;
}

interface GridPosJson {
  readonly x?: unknown;
  readonly y?: unknown;
  readonly w?: unknown;
  readonly h?: unknown;
}

const integer = (value: unknown): number | undefined => (Number.isInteger(value) ? (value as number) : undefined);

/**
 * A panel the kit keeps exactly as its JSON (any plugin: text, piechart, a library panel, a
 * non-Prometheus datasource): layout sets only its id and gridPos, where `json` has them. Its
 * position and size come from `json.gridPos` unless given; without one it flows like any panel.
 */
export function rawPanel(o: RawPanelOptions): RawPanel {
  if (!o.reason.trim())
    throw new Error(`rawPanel "${o.title}": say what was not converted (reason), so a reader knows why it is raw`);
  if (o.json.type === 'row')
    throw new Error(`rawPanel "${o.title}": a row is row(title, panels, { collapsed, repeat, y }), not a panel`);
  const jsonTitle = typeof o.json.title === 'string' ? o.json.title : '';
  if (jsonTitle !== o.title)
    throw new Error(
      `rawPanel "${o.title}": its JSON is titled "${jsonTitle}"; alerts link by title, so they must agree`,
    );
  const json = structuredClone(o.json) as Json;
  const gridPos = (isObject(json.gridPos) ? json.gridPos : {}) as GridPosJson;
  const x = integer(gridPos.x);
  const y = integer(gridPos.y);
  const position = o.position ?? (x !== undefined && y !== undefined ? { x, y } : undefined);
  // In place, so every other field keeps its place in the JSON.
  const builder: PlaceableBuilder = {
    id: (id: number) => (json.id = id),
    gridPos: (pos: dashboard.GridPos) => (json.gridPos = pos),
    build: () => json as unknown as dashboard.Panel,
  };
  return {
    title: o.title,
    reason: o.reason,
    builder,
    width: o.width ?? integer(gridPos.w) ?? 12,
    height: o.height ?? integer(gridPos.h) ?? 8,
    ...(position ? { position } : {}),
  };
}
