import type { Artifact, ArtifactKind } from '@plotwatch/build';
import { filtersByComparison, noDataLine, panelQueries, type PanelQuery } from '@plotwatch/build/dev';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ManifestEntries } from '../last-build.ts';

const TIMEOUT_MS = 10_000;

/**
 * Runs each query of the dashboards among `changed` (paths of out/) once, as an instant query
 * against Prometheus; says each panel that returns no data (or an error), but for filters, which
 * may. Returns how many did.
 */
export async function probeChangedDashboards(
  prometheusUrl: string,
  outDir: string,
  entries: ManifestEntries,
  changed: readonly string[],
  warn: (line: string) => void,
): Promise<number> {
  const paths = new Set(changed);
  const dashboards = await Promise.all(
    entries
      .filter((e) => paths.has(e.path) && (e.kind === 'grafana-dashboard' || e.kind === 'grafana-dashboard-v2'))
      .map(async (e): Promise<Artifact> => ({
        path: e.path,
        kind: e.kind as ArtifactKind,
        source: e.source,
        content: await readFile(join(outDir, e.path), 'utf8'),
      })),
  );
  let empty = 0;
  // A filter (`up == 0`) may rightly return nothing: not said.
  for (const query of panelQueries(dashboards).filter((q) => !filtersByComparison(q.expr))) {
    const problem = await instantQuery(prometheusUrl, query);
    if (problem === undefined) continue;
    empty += 1;
    warn(problem);
  }
  return empty;
}

/** Undefined when the query returned data; else the line that says what it returned. */
async function instantQuery(url: string, query: PanelQuery): Promise<string | undefined> {
  try {
    const response = await fetch(`${url.replace(/\/$/, '')}/api/v1/query?query=${encodeURIComponent(query.expr)}`, {
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    const body = (await response.json()) as {
      status: string;
      error?: string;
      data?: { resultType: string; result: unknown };
    };
    if (body.status !== 'success')
      return `${query.uid}, panel "${query.panel}": the query failed (${body.error ?? response.status}): ${query.expr}`;
    const result = body.data?.result;
    return Array.isArray(result) && result.length === 0 ? noDataLine(query) : undefined;
  } catch (e) {
    return `${query.uid}, panel "${query.panel}": Prometheus did not answer (${(e as Error).message}): ${query.expr}`;
  }
}
