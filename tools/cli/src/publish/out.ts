import {
  alertingFromDocuments,
  desiredState,
  isDashboardResource,
  isResourcePath,
  resourcePlacement,
  type DashboardResourceFile,
  type AccessModel,
  type DesiredState,
  type Json,
  type ManifestEntry,
} from '@plotwatch/publish';
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { pendingUpdate } from '../out-dir.ts';

export interface GrafanaOut {
  readonly desired: DesiredState;
  /** Problems that stop the publish (out/ inconsistent with itself). */
  readonly errors: readonly string[];
  /** Worth saying, not stopping for (e.g. an alerting document of unknown shape). */
  readonly notes: readonly string[];
  /** An out/ dashboard, checked against the sha256 the manifest (and so the managed tags) records. */
  readonly readDashboard: (path: string) => Promise<Json>;
}

/**
 * What out/ asks Grafana to hold, from manifest.json, grafana/folders.json and, when the build
 * wrote any (and `alerting` is not off), grafana/alerting/. Classic dashboards are read later, only
 * those that are published; dashboard resources (grafana/resources/) are read now, for their name
 * and folder.
 */
export async function readGrafanaOut(outDir: string, options: { alerting: boolean }): Promise<GrafanaOut> {
  const pending = await pendingUpdate(outDir);
  if (pending) return failed(pending);
  const manifestPath = join(outDir, 'manifest.json');
  const manifestText = await readFile(manifestPath, 'utf8').catch(() => undefined);
  if (manifestText === undefined) return failed(`${manifestPath} does not exist: run \`plotwatch build\` first`);
  const manifest = (JSON.parse(manifestText) as { artifacts: ManifestEntry[] }).artifacts;
  const access = JSON.parse(await readFile(join(outDir, 'grafana/folders.json'), 'utf8')) as AccessModel;

  const readErrors: string[] = [];
  const alertingEntries = options.alerting ? manifest.filter((e) => e.path.startsWith('grafana/alerting/')) : [];
  const documents = await Promise.all(
    alertingEntries.map(async (e) => {
      const text = await readFile(join(outDir, e.path), 'utf8');
      return {
        path: e.path,
        json: e.path.endsWith('.json') ? (JSON.parse(text) as unknown) : (parseYaml(text) as unknown),
      };
    }),
  );
  const alerting = alertingEntries.length ? alertingFromDocuments(documents) : undefined;
  const resourceFiles = await dashboardResourceFiles(outDir, manifest, readErrors);
  const { state, errors: stateErrors } = desiredState(manifest, access, alerting?.alerting, resourceFiles);
  const errors = [...readErrors, ...stateErrors];

  const bySha = new Map(manifest.map((e) => [e.path, e.sha256]));
  return {
    desired: state,
    errors,
    notes: alerting?.skipped ?? [],
    async readDashboard(path) {
      const text = await readFile(join(outDir, path), 'utf8');
      if (sha256(text) !== bySha.get(path))
        throw new Error(`${path} does not match its sha256 in manifest.json: out/ was edited by hand; rebuild it`);
      return JSON.parse(text) as Json;
    },
  };
}

/**
 * The dashboard resources of out/ and where each goes, reading as little as a no-op needs: each
 * folder's `_folder.json` (its name), one dashboard file (the apiVersion), and a dashboard file
 * only where its directory has no `_folder.json`. The name is the file's (`<name>.json`). The
 * publisher checks each file against this when it writes it.
 */
async function dashboardResourceFiles(
  outDir: string,
  manifest: readonly ManifestEntry[],
  errors: string[],
): Promise<DashboardResourceFile[]> {
  const entries = manifest.filter(isDashboardResource);
  if (!entries.length) return [];
  const read = async (path: string) => JSON.parse(await readFile(join(outDir, path), 'utf8')) as unknown;
  const folderFiles = manifest.filter((e) => isResourcePath(e.path) && basename(e.path) === '_folder.json');
  const folderOfDir = new Map(
    await Promise.all(
      folderFiles.map(
        async (e) => [dirname(e.path), (await read(e.path)) as { metadata?: { name?: string } }] as const,
      ),
    ),
  );
  const first = resourcePlacement(await read(entries[0]!.path));
  const apiVersion = 'apiVersion' in first ? first.apiVersion : undefined;
  const files = await Promise.all(
    entries.map(async (e): Promise<DashboardResourceFile | undefined> => {
      const folder = folderOfDir.get(dirname(e.path))?.metadata?.name;
      if (folder && apiVersion)
        return { path: e.path, sha256: e.sha256, name: basename(e.path, '.json'), folderUid: folder, apiVersion };
      const placed = resourcePlacement(await read(e.path));
      if ('problems' in placed) {
        errors.push(`${e.path}: not a dashboard resource: ${placed.problems.join(', ')}`);
        return undefined;
      }
      return { path: e.path, sha256: e.sha256, ...placed };
    }),
  );
  return files.filter((f): f is DashboardResourceFile => f !== undefined);
}

function failed(error: string): GrafanaOut {
  return {
    desired: { teams: [], folders: [], dashboards: [] },
    errors: [error],
    notes: [],
    readDashboard: () => Promise.reject(new Error(error)),
  };
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
