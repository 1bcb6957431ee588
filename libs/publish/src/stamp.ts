import { createHash } from 'node:crypto';
import type { Json } from './grafana-types.ts';

/**
 * How a dashboard says that plotwatch published it, from which out/ file, and whether anyone
 * changed it since. Two tags, because search returns tags (so a no-op run needs no GET per
 * dashboard), and a stamp in the dashboard JSON, because only the full JSON can show any hand edit.
 *
 * The source tag hashes the out/ file's sha256 together with the title and the tags as published:
 * search returns title and tags (not the version), so a title or tag changed in Grafana shows in
 * the search itself, on every run, without fetching the dashboard. An edit that leaves title and
 * tags alone (a panel) shows only once the dashboard is fetched, i.e. when out/ changes it.
 */

/** Marks a dashboard as ours: only dashboards carrying it are ever updated or pruned without --force. */
export const MANAGED_TAG = 'managed-by:plotwatch';
const SOURCE_TAG_PREFIX = 'plotwatch:sha256:';
/** Grafana stores tags in a varchar(50): the prefix plus 32 hex digits (128 bits of the file's sha256) fit. */
const SOURCE_HASH_LENGTH = 32;
/** Top-level field of the dashboard JSON: Grafana's dashboard body is a free-form `Json` object and keeps it. */
export const STAMP_FIELD = 'plotwatch';

export interface Stamp {
  /** sha256 of the canonical JSON of the dashboard as published, without `id`, `version` and the stamp. */
  readonly contentSha256: string;
  /** sha256 of the out/ file it was published from (absent in stamps of an earlier plotwatch). */
  readonly sourceSha256?: string;
}

/** The source tag of a dashboard published from the out/ file with this sha256 under this title and these tags. */
export function sourceTag(sha256: string, title: string, tags: readonly string[]): string {
  return `${SOURCE_TAG_PREFIX}${listSignature(sha256, title, tags).slice(0, SOURCE_HASH_LENGTH)}`;
}

/** What search shows of a dashboard, hashed with the out/ file's sha256: our own tags left out, order ignored. */
function listSignature(sha256: string, title: string, tags: readonly string[]): string {
  // Grafana trims the title it stores.
  return contentSha256({ source: sha256, title: title.trim(), tags: [...ownTags(tags)].sort() });
}

/** The tags of the definition: everything but ours. */
function ownTags(tags: readonly string[]): string[] {
  return tags.filter((t) => t !== MANAGED_TAG && !t.startsWith(SOURCE_TAG_PREFIX));
}

export function isManaged(tags: readonly string[] | undefined): boolean {
  return tags?.includes(MANAGED_TAG) ?? false;
}

/**
 * Whether a search hit shows the dashboard as plotwatch published it from the out/ file with this
 * sha256: same file, and title and tags untouched since. False when out/ changed, when someone
 * changed the title or tags in Grafana, and for a dashboard stamped by an earlier plotwatch (its
 * source tag hashed the file alone): those are fetched whole to tell which.
 */
export function listedAsPublished(hit: { title?: string; tags?: readonly string[] }, sha256: string): boolean {
  const tags = hit.tags ?? [];
  return tags.includes(sourceTag(sha256, hit.title ?? '', tags));
}

/** The source tag of plotwatch before the tag covered title and tags: the file's sha256 alone. */
export function stampedByEarlierPlotwatch(tags: readonly string[] | undefined, sha256: string): boolean {
  return tags?.includes(`${SOURCE_TAG_PREFIX}${sha256.slice(0, SOURCE_HASH_LENGTH)}`) ?? false;
}

/** The body to publish: the out/ JSON with our tags and stamp; `id` and `version` are Grafana's. */
export function stampedDashboard(dashboard: Json, sha256: string): Json {
  const own = ownTags((dashboard.tags as string[] | undefined) ?? []);
  const title = typeof dashboard.title === 'string' ? dashboard.title : '';
  const content = { ...withoutGrafanaFields(dashboard), tags: [...own, MANAGED_TAG, sourceTag(sha256, title, own)] };
  const stamp: Stamp = { contentSha256: contentSha256(content), sourceSha256: sha256 };
  return { ...content, [STAMP_FIELD]: stamp };
}

/**
 * Whether a stored dashboard differs from what plotwatch published: someone saved it by hand
 * (Grafana's UI drops unknown fields such as the stamp, or the content no longer hashes to it).
 */
export function editedSincePublish(stored: Json): boolean {
  const stamp = stored[STAMP_FIELD] as Partial<Stamp> | undefined;
  return stamp?.contentSha256 !== contentSha256(withoutGrafanaFields(stored));
}

export function stampOf(dashboard: Json): Stamp | undefined {
  return dashboard[STAMP_FIELD] as Stamp | undefined;
}

/** Grafana assigns `id` and `version` on save; the stamp cannot contain itself. */
function withoutGrafanaFields(dashboard: Json): Json {
  const { id: _id, version: _version, [STAMP_FIELD]: _stamp, ...rest } = dashboard;
  return rest;
}

/**
 * sha256 of the JSON with object keys sorted: Grafana stores dashboards through Go maps and returns
 * keys in another order.
 */
export function contentSha256(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value)).digest('hex');
}

export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Json)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
