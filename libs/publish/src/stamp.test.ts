import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  canonicalJson,
  editedSincePublish,
  isManaged,
  listedAsPublished,
  MANAGED_TAG,
  sourceTag,
  stampedByEarlierPlotwatch,
  stampedDashboard,
  STAMP_FIELD,
} from './stamp.ts';

const sha = 'a'.repeat(64);
const dashboard = {
  uid: 'inkwell-ops-story-api',
  title: 'Inkwell · story-api',
  tags: ['plotwatch', 'tenant:inkwell'],
  panels: [{ id: 1, type: 'stat' }],
  id: null,
};

/** What Grafana hands back: keys sorted by Go's JSON encoder, id and version its own. */
function roundTrip(json: Record<string, unknown>, version: number): Record<string, unknown> {
  const sort = (value: unknown): unknown =>
    Array.isArray(value)
      ? value.map(sort)
      : value && typeof value === 'object'
        ? Object.fromEntries(
            Object.entries(value)
              .sort(([a], [b]) => a.localeCompare(b))
              .map(([k, v]) => [k, sort(v)]),
          )
        : value;
  return sort({ ...json, id: 17, version }) as Record<string, unknown>;
}

describe('the stamp of a published dashboard', () => {
  it("adds the managed tag and the source tag, keeps the definition's tags, drops id and version", () => {
    const stamped = stampedDashboard({ ...dashboard, version: 4 }, sha);
    expect(stamped.tags).toEqual([
      'plotwatch',
      'tenant:inkwell',
      MANAGED_TAG,
      sourceTag(sha, dashboard.title, dashboard.tags),
    ]);
    expect(stamped).not.toHaveProperty('id');
    expect(stamped).not.toHaveProperty('version');
    expect(isManaged(stamped.tags as string[])).toBe(true);
    const hit = { title: stamped.title as string, tags: stamped.tags as string[] };
    expect(listedAsPublished(hit, sha)).toBe(true);
    expect(listedAsPublished(hit, 'b'.repeat(64))).toBe(false);
  });

  it('shows in a search hit a title or tags changed in Grafana, without the dashboard itself', () => {
    const stamped = stampedDashboard(dashboard, sha);
    const hit = { title: stamped.title as string, tags: stamped.tags as string[] };
    expect(listedAsPublished({ ...hit, title: 'Renamed by hand' }, sha)).toBe(false);
    expect(listedAsPublished({ ...hit, tags: [...hit.tags, 'starred-by-me'] }, sha)).toBe(false);
    expect(listedAsPublished({ ...hit, tags: [...hit.tags].reverse() }, sha)).toBe(true);
    // Grafana trims the title it stores.
    expect(listedAsPublished(hit, sha)).toBe(listedAsPublished({ title: ` ${hit.title} `, tags: hit.tags }, sha));
  });

  it('recognizes the source tag of an earlier plotwatch (the file hash alone), to re-stamp it', () => {
    const earlier = ['plotwatch', MANAGED_TAG, `plotwatch:sha256:${sha.slice(0, 32)}`];
    expect(stampedByEarlierPlotwatch(earlier, sha)).toBe(true);
    expect(listedAsPublished({ title: dashboard.title, tags: earlier }, sha)).toBe(false);
    expect(stampedByEarlierPlotwatch(stampedDashboard(dashboard, sha).tags as string[], sha)).toBe(false);
  });

  it("fits Grafana's 50-character tag column", () => {
    for (const tag of stampedDashboard(dashboard, sha).tags as string[]) expect(tag.length).toBeLessThanOrEqual(50);
  });

  it('re-stamping replaces our old tags instead of piling them up', () => {
    const again = stampedDashboard(stampedDashboard(dashboard, 'b'.repeat(64)), sha);
    expect((again.tags as string[]).filter((t) => t.startsWith('plotwatch:sha256:'))).toEqual([
      sourceTag(sha, dashboard.title, dashboard.tags),
    ]);
  });

  it("survives Grafana's round trip (key order, id, version): not an edit", () => {
    expect(editedSincePublish(roundTrip(stampedDashboard(dashboard, sha), 3))).toBe(false);
  });

  it('shows a hand edit: changed content, or a save that dropped the stamp', () => {
    const stored = roundTrip(stampedDashboard(dashboard, sha), 3);
    expect(editedSincePublish({ ...stored, title: 'mine now' })).toBe(true);
    const { [STAMP_FIELD]: _dropped, ...savedByUi } = stored;
    expect(editedSincePublish(savedByUi)).toBe(true);
  });

  it('a copy saved under another uid is an edit too', () => {
    expect(editedSincePublish({ ...roundTrip(stampedDashboard(dashboard, sha), 1), uid: 'copy-of-it' })).toBe(true);
  });
});

describe('canonicalJson', () => {
  it('ignores key order and undefined, keeps array order', () => {
    expect(canonicalJson({ b: 1, a: [2, 1], c: undefined })).toBe(canonicalJson({ a: [2, 1], b: 1 }));
    expect(canonicalJson({ a: [1, 2] })).not.toBe(canonicalJson({ a: [2, 1] }));
  });
});

describe("what Grafana's spec promises the stamp", () => {
  const spec = JSON.parse(readFileSync(new URL('../openapi/openapi3.json', import.meta.url), 'utf8')) as {
    components: {
      schemas: Record<
        string,
        {
          type?: string;
          properties?: Record<string, { $ref?: string; type?: string; items?: { type?: string } }>;
          additionalProperties?: unknown;
        }
      >;
    };
  };
  const schemas = spec.components.schemas;

  it('keeps a field of its own: the dashboard body is a free-form object, saved and read back', () => {
    expect(schemas.SaveDashboardCommand!.properties!.dashboard!.$ref).toBe('#/components/schemas/Json');
    expect(schemas.DashboardFullWithMeta!.properties!.dashboard!.$ref).toBe('#/components/schemas/Json');
    expect(schemas.Json).toEqual({ type: 'object' });
  });

  it('returns tags in search results, so the source tag is read without fetching dashboards', () => {
    expect(schemas.Hit!.properties!.tags).toEqual({ items: { type: 'string' }, type: 'array' });
  });
});
