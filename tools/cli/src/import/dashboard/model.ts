/**
 * The classic dashboard JSON as the importer reads it: only the fields it looks at are typed, the
 * rest rides along (`[field: string]: unknown`) so a panel kept raw is kept whole.
 */

export interface DatasourceRef {
  type?: string;
  uid?: string;
}

export interface TargetJson {
  refId?: string;
  datasource?: DatasourceRef | string | null;
  expr?: string;
  legendFormat?: string;
  instant?: boolean;
  range?: boolean;
  format?: string;
  interval?: string;
  hide?: boolean;
  exemplar?: boolean;
  [field: string]: unknown;
}

export interface LinkJson {
  title?: string;
  url?: string;
  type?: string;
  tooltip?: string;
  tags?: string[];
  asDropdown?: boolean;
  targetBlank?: boolean;
  includeVars?: boolean;
  keepTime?: boolean;
  icon?: string;
  [field: string]: unknown;
}

export interface ThresholdsJson {
  mode?: string;
  steps?: Array<{ value: number | null; color: string }>;
}

export interface FieldDefaultsJson {
  unit?: string;
  min?: number | null;
  max?: number | null;
  decimals?: number | null;
  thresholds?: ThresholdsJson;
  links?: LinkJson[];
  mappings?: unknown[];
  custom?: Record<string, unknown>;
  color?: Record<string, unknown>;
  [field: string]: unknown;
}

export interface PanelJson {
  id?: number;
  type?: string;
  title?: string;
  description?: string;
  gridPos?: { x: number; y: number; w: number; h: number };
  datasource?: DatasourceRef | string | null;
  targets?: TargetJson[];
  links?: LinkJson[];
  options?: Record<string, unknown>;
  fieldConfig?: { defaults?: FieldDefaultsJson; overrides?: unknown[] };
  transformations?: unknown[];
  repeat?: string;
  repeatDirection?: 'h' | 'v';
  maxPerRow?: number;
  collapsed?: boolean;
  panels?: PanelJson[];
  libraryPanel?: { uid?: string; name?: string };
  [field: string]: unknown;
}

export interface VariableJson {
  type?: string;
  name?: string;
  label?: string;
  description?: string;
  query?: unknown;
  definition?: string;
  regex?: string;
  multi?: boolean;
  includeAll?: boolean;
  allValue?: string | null;
  refresh?: number;
  sort?: number;
  hide?: number;
  options?: Array<{ text?: unknown; value?: unknown; selected?: boolean }>;
  current?: { text?: unknown; value?: unknown };
  datasource?: DatasourceRef | string | null;
  auto?: boolean;
  [field: string]: unknown;
}

export interface DashboardJson {
  uid?: string;
  title?: string;
  description?: string;
  tags?: string[];
  time?: { from?: string; to?: string };
  templating?: { list?: VariableJson[] };
  links?: LinkJson[];
  panels?: PanelJson[];
  [field: string]: unknown;
}

/** What `readDashboard` understood: the classic model, whatever form the input came in. */
export interface ReadDashboard {
  readonly file: string;
  /** `classic` JSON, a Grafana `export` (with `__inputs`), an API `envelope` ({dashboard, meta}) or a `v2` resource. */
  readonly form: 'classic' | 'export' | 'envelope' | 'v2';
  readonly dashboard: DashboardJson;
  /** The JSON path of each panel (by object), for messages: `panels[3]`, `spec.elements["panel-4"]`. */
  readonly paths: ReadonlyMap<object, string>;
}
