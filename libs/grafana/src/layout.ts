import * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import type * as cog from '@grafana/grafana-foundation-sdk/cog';

/** Grafana's grid is 24 columns wide. */
export const GRID_WIDTH = 24;

/** What layout needs of any panel builder of the SDK. */
export interface PlaceableBuilder extends cog.Builder<dashboard.Panel> {
  id(id: number): unknown;
  gridPos(gridPos: dashboard.GridPos): unknown;
}

/** A cell of the grid: its column (0-23) and its line, from the top of the dashboard. */
export interface GridPoint {
  readonly x: number;
  readonly y: number;
}

/** A panel and the size it asks for; presets choose sensible defaults. */
export interface KitPanel {
  readonly title: string;
  readonly builder: PlaceableBuilder;
  readonly width: number;
  readonly height: number;
  /** Where it goes (an imported panel keeps its place); without it, it flows after the panel before. */
  readonly position?: GridPoint;
}

/** A titled row of panels: the unit dashboards are composed of. */
export interface Row {
  readonly title: string;
  readonly panels: readonly KitPanel[];
  /** Folded: Grafana keeps its panels inside the row until it is opened. */
  readonly collapsed?: boolean;
  /** The variable the row repeats for, once per value (rows repeat downwards). */
  readonly repeat?: string;
  /** The line of the row's header; without it, the row goes below what comes before. */
  readonly y?: number;
}

export interface RowOptions {
  readonly collapsed?: boolean;
  /** A variable's name, or `{ variable }` as panels take it. */
  readonly repeat?: string | { readonly variable: string };
  readonly y?: number;
}

export function row(title: string, panels: readonly KitPanel[], options: RowOptions = {}): Row {
  const repeat = typeof options.repeat === 'string' ? options.repeat : options.repeat?.variable;
  return {
    title,
    panels,
    ...(options.collapsed ? { collapsed: true } : {}),
    ...(repeat ? { repeat } : {}),
    ...(options.y !== undefined ? { y: options.y } : {}),
  };
}

/**
 * Where the next panel goes: left to right along a line, wrapping at the grid's width. A
 * positioned panel moves the cursor to its right, so panels after it flow on from there.
 * Exported for the importer, which says a place only where this flow would give another.
 */
export class GridFlow {
  private x = 0;
  private lineHeight = 0;
  /** The lowest edge of anything placed: where a row goes when nothing says otherwise. */
  bottom: number;

  constructor(private y: number) {
    this.bottom = y;
  }

  /** Where a panel of this width goes if it says no place, without placing it. */
  next(width: number): { x: number; y: number } {
    return this.x + width > GRID_WIDTH ? { x: 0, y: this.y + this.lineHeight } : { x: this.x, y: this.y };
  }

  place(panel: Pick<KitPanel, 'title' | 'width' | 'height' | 'position'>): dashboard.GridPos {
    const { width: w, height: h, position } = panel;
    if (position) {
      if (![position.x, position.y, w, h].every(Number.isInteger) || position.x < 0 || position.y < 0)
        throw new Error(`panel "${panel.title}" is placed at (${position.x}, ${position.y}); the grid has whole cells`);
      if (position.x + w > GRID_WIDTH)
        throw new Error(
          `panel "${panel.title}" at column ${position.x} is ${w} columns wide; the grid has ${GRID_WIDTH}`,
        );
      if (position.y !== this.y) this.lineHeight = 0;
      this.y = position.y;
      this.x = position.x;
    } else if (this.x + w > GRID_WIDTH) {
      this.y += this.lineHeight;
      this.x = 0;
      this.lineHeight = 0;
    }
    const gridPos = { x: this.x, y: this.y, w, h };
    this.x += w;
    this.lineHeight = Math.max(this.lineHeight, h);
    this.bottom = Math.max(this.bottom, this.y + h);
    return gridPos;
  }
}

/**
 * The SDK's builder moves a panel or row placed at (0, 0) to its own cursor, which knows
 * nothing of explicit positions: put back where layout placed it, when it moved.
 */
function keepPosition(placed: { gridPos?: dashboard.GridPos }, gridPos: dashboard.GridPos): void {
  if (placed.gridPos?.x !== gridPos.x || placed.gridPos.y !== gridPos.y) placed.gridPos = gridPos;
}

/** The panels in the dashboard's own list after a row header (or before the first), and where that header is. */
interface Section {
  readonly row?: { readonly title: string; readonly y: number };
  readonly panels: Array<{ readonly title: string; readonly y: number }>;
}

/**
 * Grafana orders a dashboard's panels by their place when it loads it, and a panel belongs to
 * the row above it: explicit positions must keep each panel between its row and the next.
 */
function checkRowMembership(sections: readonly Section[]): void {
  sections.forEach(({ row: header, panels }, i) => {
    const next = sections[i + 1]?.row;
    if (header && next && next.y <= header.y)
      throw new Error(`row "${next.title}" is at line ${next.y}, not below row "${header.title}" (line ${header.y})`);
    for (const panel of panels) {
      if (header && panel.y <= header.y)
        throw new Error(
          `panel "${panel.title}" is at line ${panel.y}, not below its row "${header.title}" (line ${header.y}): Grafana would show it in the row before`,
        );
      if (next && panel.y >= next.y)
        throw new Error(
          `panel "${panel.title}" is at line ${panel.y}, not above the next row "${next.title}" (line ${next.y}): Grafana would show it in that row`,
        );
    }
  });
}

/**
 * Numbers every panel and row (1, 2, ... in reading order: `panels` first, then each row and its
 * panels) and places them on the grid: panels where their position says, the others flowing
 * left to right; each row on its own line below what comes before, unless its `y` says where.
 * A collapsed row holds its panels, placed as if it were open, and takes one line. Ids are stable
 * as long as the order is; alerts link to panels by title, not id.
 */
export function layoutRows(
  target: dashboard.DashboardBuilder,
  rows: readonly Row[],
  panels: readonly KitPanel[] = [],
): void {
  let id = 0;
  // Titles may repeat (a repeated row's panels, an imported dashboard's); an alert's link to a
  // title several panels share is refused by the build, where the link is resolved.
  const build = (panel: KitPanel, flow: GridFlow) => {
    if (panel.width > GRID_WIDTH)
      throw new Error(`panel "${panel.title}" is ${panel.width} columns wide; the grid has ${GRID_WIDTH}`);
    const gridPos = flow.place(panel);
    panel.builder.id(++id);
    panel.builder.gridPos(gridPos);
    const json = panel.builder.build();
    // A copy: the SDK moves a panel by writing into its gridPos.
    return { title: panel.title, json, gridPos: { ...gridPos }, builder: { build: () => json } };
  };

  let flow = new GridFlow(0);
  const sections: Section[] = [{ panels: [] }];
  for (const panel of panels) {
    const placed = build(panel, flow);
    target.withPanel(placed.builder);
    keepPosition(placed.json, placed.gridPos);
    sections[0]!.panels.push({ title: placed.title, y: placed.gridPos.y });
  }
  for (const r of rows) {
    const y = r.y ?? flow.bottom;
    const rowGridPos = { x: 0, y, w: GRID_WIDTH, h: 1 };
    const rowBuilder = new dashboard.RowBuilder(r.title).id(++id).gridPos(rowGridPos);
    if (r.repeat) rowBuilder.repeat(r.repeat);
    const rowFlow = new GridFlow(y + 1);
    const inRow = r.panels.map((panel) => build(panel, rowFlow));
    // Open, a row's panels follow it in the dashboard's list; collapsed, they are inside it.
    if (r.collapsed) {
      rowBuilder.collapsed(true);
      for (const placed of inRow) rowBuilder.withPanel(placed.builder);
    }
    const rowJson = rowBuilder.build();
    target.withRow(rowBuilder);
    keepPosition(rowJson, { ...rowGridPos });
    for (const placed of inRow) {
      if (!r.collapsed) target.withPanel(placed.builder);
      keepPosition(placed.json, placed.gridPos);
    }
    sections.push({
      row: { title: r.title, y },
      panels: r.collapsed ? [] : inRow.map((placed) => ({ title: placed.title, y: placed.gridPos.y })),
    });
    // A collapsed row's panels take no room: what follows goes right below its header.
    flow = r.collapsed ? new GridFlow(y + 1) : rowFlow;
  }
  checkRowMembership(sections);
}
