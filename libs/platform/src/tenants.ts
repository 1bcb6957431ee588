import { basename } from 'node:path';
import { isMap, isScalar, LineCounter, parseDocument, visit, type Document } from 'yaml';
import { describeIssue } from './issues.ts';
import {
  tenantFileSchema,
  type MaintenanceWindow,
  type NotificationChannel,
  type TenantFile,
} from './tenant-schema.ts';
import type { Thresholds } from './thresholds.ts';
import { tiers, TIERS, type Slo, type SloTarget, type TierId } from './tiers.ts';

/** A tenant with its tier's defaults applied: what every definition receives. */
export interface Tenant {
  readonly id: string;
  readonly displayName: string;
  readonly tier: TierId;
  readonly tenancy: 'label' | 'mimir';
  readonly slo: Slo;
  readonly thresholds: Thresholds;
  readonly seriesBudget: number;
  readonly notifications: readonly NotificationChannel[];
  /** When its own channels are muted; none unless the tenant file sets some. */
  readonly maintenanceWindows: readonly MaintenanceWindow[];
  /** Where it was defined, for error messages. */
  readonly source: string;
}

export interface SourceFile {
  /** As it should appear in messages (relative to where the user ran the command). */
  readonly path: string;
  readonly text: string;
}

/** The line of each loaded tenant's `id`, for messages about the tenant as a whole (a name it shares). */
const idLines = new WeakMap<Tenant, number>();

/** `file:line` of a tenant's id when it was loaded from a file, else its source. */
export function tenantLocation(tenant: Tenant): string {
  const line = idLines.get(tenant);
  return line === undefined ? tenant.source : `${tenant.source}:${line}`;
}

export type TenantLoad = { ok: true; tenants: Tenant[] } | { ok: false; errors: string[] };

/**
 * Parses and validates every tenant file at once. The caller reads the files; the same files give
 * the same result (a file whose text an earlier call saw is not parsed again).
 * Every problem becomes one `file:line: message` line; all of them are returned together.
 */
export function loadTenants(files: readonly SourceFile[]): TenantLoad {
  const errors: string[] = [];
  const parsed: ParsedTenantFile[] = [];
  const sorted = [...files].sort((a, b) => a.path.localeCompare(b.path));
  for (const file of sorted) {
    const result = parseTenantFileOnce(file);
    errors.push(...result.errors);
    if (result.parsed) parsed.push(result.parsed);
  }
  // Files gone since the last call are forgotten.
  if (parsedFiles.size > sorted.length) {
    const paths = new Set(sorted.map((f) => f.path));
    for (const path of parsedFiles.keys()) if (!paths.has(path)) parsedFiles.delete(path);
  }

  const seen = new Map<string, string>();
  for (const { file, data, line } of parsed) {
    const channelNames = new Set<string>();
    data.notifications.forEach((channel, i) => {
      if (channelNames.has(channel.name)) {
        errors.push(
          `${file.path}:${line(['notifications', i, 'name'])}: notifications.${i}.name "${channel.name}" is used twice; channel names must be unique per tenant`,
        );
      }
      channelNames.add(channel.name);
    });
    const other = seen.get(data.id);
    if (other) errors.push(`${file.path}:${line(['id'])}: tenant id "${data.id}" is already defined in ${other}`);
    seen.set(data.id, file.path);
  }
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, tenants: parsed.map((p) => p.tenant()) };
}

interface ParsedTenantFile {
  readonly file: SourceFile;
  readonly data: TenantFile;
  readonly line: (path: readonly PropertyKey[]) => number;
  /**
   * The tenant, resolved once: a file whose text is unchanged gives the same object on every
   * call, so what a long-lived process derived from it (keyed by the object) stays valid.
   */
  readonly tenant: () => Tenant;
}

type FileResult = { readonly errors: readonly string[]; readonly parsed?: ParsedTenantFile };

/**
 * Each file's result, by path, while its text is the same: a process that loads the tenants again
 * (`plotwatch dev`'s build process) parses only the files that changed. A module's state: it is
 * evaluated afresh, and this emptied, whenever this module's code changes.
 */
const parsedFiles = new Map<string, { readonly text: string; readonly result: FileResult }>();

function parseTenantFileOnce(file: SourceFile): FileResult {
  const known = parsedFiles.get(file.path);
  if (known?.text === file.text) return known.result;
  const result = parseTenantFile(file);
  parsedFiles.set(file.path, { text: file.text, result });
  return result;
}

/** One tenant file parsed and checked on its own: its problems, and its content when it may be used. */
function parseTenantFile(file: SourceFile): FileResult {
  const errors: string[] = [];
  const lineCounter = new LineCounter();
  const doc = parseDocument(file.text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    const said = doc.errors.map(
      (e) => `${file.path}:${lineCounter.linePos(errorOffset(file.text, e)).line}: ${yamlMessage(e.message)}`,
    );
    return { errors: [...new Set(said)] };
  }
  const line = (path: readonly PropertyKey[]) => lineOf(doc, lineCounter, path);
  let data: unknown;
  try {
    data = doc.toJS() ?? {};
  } catch (e) {
    // The yaml library refuses aliases that expand past its limit (a "billion laughs") only here.
    return { errors: [`${file.path}:${firstAliasLine(doc, lineCounter)}: ${describeToJsError(e)}`] };
  }
  const expectedId = basename(file.path).replace(/\.ya?ml$/, '');
  const id = (data as { id?: unknown }).id;
  if (typeof id === 'string' && id !== expectedId) {
    errors.push(
      `${file.path}:${line(['id'])}: id "${id}" must match the file name; rename the file to ${id}.yaml or fix the id`,
    );
  }
  const result = tenantFileSchema.safeParse(data, { reportInput: true });
  if (!result.success) {
    for (const issue of result.error.issues) {
      const keyLine = issue.code === 'unrecognized_keys' ? [...issue.path, issue.keys[0]!] : issue.path;
      errors.push(`${file.path}:${line(keyLine)}: ${describeIssue(issue, issue.path.join('.'))}`);
    }
    return { errors };
  }
  if (result.data.id !== expectedId) return { errors };
  const valid = result.data;
  let tenant: Tenant | undefined;
  const resolved = () => {
    if (tenant) return tenant;
    tenant = resolveTenant(valid, file.path);
    idLines.set(tenant, line(['id']));
    return tenant;
  };
  return { errors, parsed: { file, data: valid, line, tenant: resolved } };
}

/** Tier defaults, then the tenant's overrides. */
export function resolveTenant(file: TenantFile, source: string): Tenant {
  const tier = tiers[file.tier];
  const target = (base: SloTarget, override: NonNullable<TenantFile['slo']>['storyGeneration']): SloTarget => ({
    availability: override?.availability ?? base.availability,
    latency: { ...base.latency, ...definedOnly(override?.latency ?? {}) },
  });
  return {
    id: file.id,
    displayName: file.displayName,
    tier: file.tier,
    tenancy: file.tenancy,
    slo: {
      storyGeneration: target(tier.slo.storyGeneration, file.slo?.storyGeneration),
      userInteraction: target(tier.slo.userInteraction, file.slo?.userInteraction),
    },
    thresholds: { ...tier.thresholds, ...definedOnly(file.thresholds ?? {}) },
    seriesBudget: tier.seriesBudget,
    notifications: file.notifications,
    maintenanceWindows: file.maintenanceWindows ?? [],
    source,
  };
}

function definedOnly<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/**
 * Where a YAML error is to be fixed: where the parser stopped, except for a quote never closed,
 * which it notices only at the end of the file: there, the last value that opened one.
 */
function errorOffset(text: string, error: { code: string; message: string; pos: [number, number] }): number {
  if (error.code !== 'MISSING_CHAR' || !/quote/.test(error.message)) return error.pos[0];
  const quote = error.message.includes('"') ? '"' : "'";
  const opened = [...text.slice(0, error.pos[0]).matchAll(new RegExp(`(:|-)[ \\t]+${quote}`, 'g'))].at(-1);
  return opened?.index ?? error.pos[0];
}

/** The yaml library's first line of a message, or what it means when the parser itself gave up. */
function yamlMessage(message: string): string {
  if (/call stack/i.test(message))
    return 'the YAML nests deeper than it can be read: a tenant file is a few levels deep, is it the right file?';
  return message.split('\n')[0]!;
}

/** What went wrong turning a parsed document into values, said for the one who wrote it. */
function describeToJsError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  if (/alias count/i.test(message))
    return 'YAML aliases expand to too many values (the yaml library stops at 100, against "billion laughs" files): write the values out';
  return `the YAML cannot be read: ${message}`;
}

function firstAliasLine(doc: Document, lineCounter: LineCounter): number {
  let line = 1;
  visit(doc, {
    Alias(_, node) {
      if (node.range) line = lineCounter.linePos(node.range[0]).line;
      return visit.BREAK;
    },
  });
  return line;
}

/**
 * A tenant file's bytes as text, or why they are not UTF-8 (decoding would silently turn them into
 * U+FFFD in every file they reach): the byte's offset and line, and what to do.
 */
export function decodeTenantFile(path: string, bytes: Uint8Array): { text: string } | { error: string } {
  // The BOM kept in the text, so that its length stays the byte offset (yaml skips it).
  const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
  const encoder = new TextEncoder();
  for (let at = text.indexOf('\uFFFD'); at >= 0; at = text.indexOf('\uFFFD', at + 1)) {
    // Every U+FFFD before this one was written in the file (3 bytes each), so the prefix's length is its offset.
    const offset = encoder.encode(text.slice(0, at)).length;
    if (bytes[offset] === 0xef && bytes[offset + 1] === 0xbf && bytes[offset + 2] === 0xbd) continue;
    const line = text.slice(0, at).split('\n').length;
    const byte = bytes[offset]!.toString(16).padStart(2, '0');
    return {
      error: `${path}:${line}: byte 0x${byte} at offset ${offset} is not UTF-8: tenant files are UTF-8 text, save it as UTF-8`,
    };
  }
  return { text };
}

/** The line of the deepest node on `path` that exists (a missing field points at its parent). */
function lineOf(doc: Document, lineCounter: LineCounter, path: readonly PropertyKey[]): number {
  for (let depth = path.length; depth >= 0; depth--) {
    const prefix = path.slice(0, depth);
    const parentPath = prefix.slice(0, -1);
    const key = prefix.at(-1);
    const parent = parentPath.length ? doc.getIn(parentPath as unknown[], true) : doc.contents;
    if (key !== undefined && isMap(parent)) {
      const pair = parent.items.find((p) => isScalar(p.key) && p.key.value === key);
      const range = (pair?.key as { range?: [number, number, number] } | undefined)?.range;
      if (range) return lineCounter.linePos(range[0]).line;
    }
    const node = prefix.length ? doc.getIn(prefix as unknown[], true) : doc.contents;
    const range = (node as { range?: [number, number, number] } | null)?.range;
    if (range) return lineCounter.linePos(range[0]).line;
  }
  return 1;
}

/** N generated tenants spread over the tiers, for scale tests; never part of the committed out/. */
export function syntheticTenants(count: number): Tenant[] {
  return Array.from({ length: count }, (_, i) => {
    const tier = TIERS[i % TIERS.length]!;
    const id = `synthetic-${String(i + 1).padStart(4, '0')}`;
    return resolveTenant(
      {
        id,
        displayName: `Synthetic ${i + 1}`,
        tier,
        tenancy: i % 10 === 9 ? 'mimir' : 'label',
        notifications: [
          {
            name: 'ops-webhook',
            type: 'webhook',
            url: `https://alerts.${id}.example/alertmanager`,
            credentialsFile: `/etc/alertmanager/secrets/${id}/webhook-token`,
          },
        ],
      },
      `synthetic:${id}`,
    );
  });
}
