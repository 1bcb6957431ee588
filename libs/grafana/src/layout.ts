import * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import type * as cog from '@grafana/grafana-foundation-sdk/cog';

/** Grafana's grid is 24 columns wide. */
export const GRID_WIDTH = 24;

/** What layout needs of any panel builder of the SDK. */
export interface PlaceableBuilder extends cog.Builder<dashboard.Panel> {
  id(id: number): unknown;
  gridPos(gridPos: dashboard.GridPos): unknown;
}

/** A panel and the size it asks for; presets choose sensible defaults. */
export interface KitPanel {
  readonly title: string;
  readonly builder: PlaceableBuilder;
  readonly width: number;
  readonly height: number;
}

/** A titled row of panels: the unit dashboards are composed of. */
export interface Row {
  readonly title: string;
  readonly panels: readonly KitPanel[];
}

export function row(title: string, panels: readonly KitPanel[]): Row {
  return { title, panels };
}

/**
 * Numbers every row and panel (1, 2, ... in reading order) and places them: each row on its own
 * line, its panels left to right, wrapping at the grid's width. Ids are stable as long as the
 * order is, and alerts link to panels by title, not id.
 */
export function layoutRows(target: dashboard.DashboardBuilder, rows: readonly Row[]): void {
  const titles = new Set<string>();
  let id = 0;
  let y = 0;
  for (const r of rows) {
    target.withRow(new dashboard.RowBuilder(r.title).id(++id).gridPos({ x: 0, y, w: GRID_WIDTH, h: 1 }));
    y += 1;
    let x = 0;
    let lineHeight = 0;
    for (const panel of r.panels) {
      if (titles.has(panel.title))
        throw new Error(
          `two panels are titled "${panel.title}"; alerts link to panels by title, so titles must be unique in a dashboard`,
        );
      titles.add(panel.title);
      if (panel.width > GRID_WIDTH)
        throw new Error(`panel "${panel.title}" is ${panel.width} columns wide; the grid has ${GRID_WIDTH}`);
      if (x + panel.width > GRID_WIDTH) {
        y += lineHeight;
        x = 0;
        lineHeight = 0;
      }
      panel.builder.id(++id);
      panel.builder.gridPos({ x, y, w: panel.width, h: panel.height });
      target.withPanel(panel.builder);
      x += panel.width;
      lineHeight = Math.max(lineHeight, panel.height);
    }
    y += lineHeight;
  }
}
