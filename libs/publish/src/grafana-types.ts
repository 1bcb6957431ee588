/**
 * The request and response bodies of Grafana's HTTP API that the publisher uses, named after the
 * component schemas of `openapi/openapi3.json` (hand-picked: only the fields we send or read).
 * Optional where the spec leaves them optional. The Grafana test server validates every body
 * against the spec itself, so these types cannot drift from it unseen.
 */

/** `Json`: any JSON object (a dashboard, a contact point's settings). */
export type Json = Record<string, unknown>;

export interface SaveDashboardCommand {
  dashboard: Json;
  folderUid?: string;
  message?: string;
  overwrite?: boolean;
}

/** The inline schema of the `postDashboardResponse` response. */
export interface PostDashboardResponse {
  id: number;
  uid: string;
  url: string;
  status: string;
  version: number;
  folderUid?: string;
}

export interface DashboardMeta {
  folderUid?: string;
  version?: number;
  provisioned?: boolean;
  updatedBy?: string;
}

export interface DashboardFullWithMeta {
  dashboard?: Json;
  meta?: DashboardMeta;
}

/** `HitType`: `dash-db` or `dash-folder`. */
export type HitType = string;

/** One search result: a dashboard or a folder (`folderUid` is its parent folder). */
export interface Hit {
  uid?: string;
  title?: string;
  type?: HitType;
  tags?: string[];
  folderUid?: string;
}

export interface CreateFolderCommand {
  uid?: string;
  title?: string;
  parentUid?: string;
}

export interface UpdateFolderCommand {
  title?: string;
  version?: number;
  overwrite?: boolean;
}

export interface MoveFolderCommand {
  parentUid?: string;
}

export interface Folder {
  uid?: string;
  title?: string;
  parentUid?: string;
  version?: number;
}

/** `PermissionType`: 1 View, 2 Edit, 4 Admin. */
export type PermissionType = number;

export type BasicRole = 'None' | 'Viewer' | 'Editor' | 'Admin';

export interface DashboardACLUpdateItem {
  permission?: PermissionType;
  teamId?: number;
  userId?: number;
  role?: BasicRole;
}

export interface UpdateDashboardACLCommand {
  items?: DashboardACLUpdateItem[];
}

export interface DashboardACLInfoDTO {
  permission?: PermissionType;
  teamId?: number;
  team?: string;
  userId?: number;
  role?: BasicRole;
  inherited?: boolean;
}

export interface CreateTeamCommand {
  name?: string;
  email?: string;
}

/** The inline schema of the `createTeamResponse` response. */
export interface CreateTeamResponse {
  teamId?: number;
  message?: string;
}

export interface TeamDTO {
  id?: number;
  name?: string;
}

export interface SearchTeamQueryResult {
  teams?: TeamDTO[];
  totalCount?: number;
  page?: number;
  perPage?: number;
}

export interface ErrorResponseBody {
  message: string;
  status?: string;
}

export interface EmbeddedContactPoint {
  uid?: string;
  name?: string;
  type: string;
  settings: Json;
  disableResolveMessage?: boolean;
}

/** A node of the notification policy tree; `object_matchers` are `[label, op, value]` on the wire. */
export interface Route {
  receiver?: string;
  group_by?: string[];
  group_wait?: string;
  group_interval?: string;
  repeat_interval?: string;
  continue?: boolean;
  object_matchers?: Array<[string, string, string]>;
  mute_time_intervals?: string[];
  routes?: Route[];
}

export interface TimeInterval {
  times?: Array<{ start_time?: string; end_time?: string }>;
  weekdays?: string[];
  days_of_month?: string[];
  months?: string[];
  years?: string[];
  location?: string;
}

export interface MuteTimeInterval {
  name?: string;
  time_intervals?: TimeInterval[];
}

export interface ProvisionedAlertRule {
  uid?: string;
  title: string;
  folderUID: string;
  ruleGroup: string;
  orgID: number;
  condition: string;
  data: Json[];
  /** A Prometheus duration on the wire (`5m`), whatever the spec says. */
  for: string;
  noDataState: string;
  execErrState: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  isPaused?: boolean;
}

export interface AlertRuleGroup {
  title?: string;
  folderUid?: string;
  /** Seconds. */
  interval?: number;
  rules?: ProvisionedAlertRule[];
}
