import { UNIT_FORMAT, type ArtifactEntry, type PanelLookup } from '@plotwatch/build';
import { readFileSync } from 'node:fs';
import { link, mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pidLock } from '../out-dir.ts';

const LINKS_IN_FLIGHT = 16;

/** What a unit made, as the manifest lists it (the bytes are blobs), and what its reuse depends on. */
export interface CachedUnit {
  readonly entries: readonly ArtifactEntry[];
  /** The checks' key they passed under (`checkKey`): with another, they are checked again. */
  readonly checked: string;
  /** The rest of out/: the series its rule files record, and the panel lookups its alerts made. */
  readonly recorded?: readonly string[];
  readonly lookups?: readonly PanelLookup[];
}

interface Index {
  readonly format: number;
  /** Each unit with the build that last used it: units unused for two builds are dropped. */
  readonly units: Record<string, CachedUnit & { readonly build: number }>;
  readonly build: number;
}

/**
 * The incremental build's cache, `.plotwatch/cache` beside out/: an index of units by key, and
 * the files they made as content-addressed blobs (`blobs/<sha256>`), hard-linked into each
 * build's staging folder instead of written again. A build holds it alone (a lock with its pid); a
 * second build at once goes without it. It only ever speeds a build up: a cache it cannot read is
 * ignored, one it cannot write is left as it was, and a failed build adds nothing to it.
 */
export class UnitCache {
  private readonly used = new Map<string, CachedUnit>();
  private added = false;

  private constructor(
    readonly dir: string,
    private readonly index: Index,
    /** Lets the cache's lock go. */
    readonly release: () => Promise<void>,
  ) {}

  /** The cache in `dir`, or why not when another build holds it. */
  static async open(dir: string): Promise<UnitCache | { busy: string }> {
    await mkdir(join(dir, 'blobs'), { recursive: true });
    const lock = await pidLock(join(dir, 'lock'));
    if (lock === undefined)
      throw new Error(`${dir}: could not take its lock; remove ${join(dir, 'lock')} if no build is running`);
    if ('heldBy' in lock) return { busy: `another build (pid ${lock.heldBy}) is using ${dir}` };
    return new UnitCache(dir, await readIndex(join(dir, 'index.json')), lock.release);
  }

  /** The unit an earlier build made under `key` (a blob of it may be gone: the writer finds that out). */
  get(key: string): CachedUnit | undefined {
    const unit = this.index.units[key];
    if (unit) this.used.set(key, unit);
    return unit;
  }

  put(key: string, unit: CachedUnit): void {
    if (!this.index.units[key]) this.added = true;
    this.used.set(key, unit);
  }

  blob(sha256: string): string {
    return join(this.dir, 'blobs', sha256.slice(0, 2), sha256);
  }

  /** A blob's text, read when asked for (most reused files are only linked, never read). */
  content(sha256: string): string {
    return readFileSync(this.blob(sha256), 'utf8');
  }

  /** Keeps the files of `entries`, written under `dir`, as blobs (a link each: no bytes copied), a few at a time. */
  async keep(dir: string, entries: readonly ArtifactEntry[]): Promise<void> {
    const prefixes = new Set(entries.map((e) => e.sha256.slice(0, 2)));
    await Promise.all([...prefixes].map((p) => mkdir(join(this.dir, 'blobs', p), { recursive: true })));
    let next = 0;
    const linkNext = async (): Promise<void> => {
      for (let e = entries[next++]; e; e = entries[next++])
        await link(join(dir, e.path), this.blob(e.sha256)).catch((err: NodeJS.ErrnoException) => {
          if (err.code !== 'EEXIST') throw err;
        });
    };
    await Promise.all(Array.from({ length: LINKS_IN_FLIGHT }, linkNext));
  }

  /**
   * Writes the index (the units this build used or made, and those the one before it used), drops
   * the blobs no unit names any more, and lets the cache go.
   */
  async save(): Promise<void> {
    const build = this.index.build + 1;
    const units: Index['units'] = {};
    for (const [key, unit] of Object.entries(this.index.units)) if (unit.build >= build - 1) units[key] = unit;
    for (const [key, unit] of this.used) units[key] = { ...unit, build };
    const file = join(this.dir, 'index.json');
    await writeFile(`${file}.${process.pid}`, JSON.stringify({ format: UNIT_FORMAT, build, units } satisfies Index));
    await rename(`${file}.${process.pid}`, file);
    const dropped = Object.keys(this.index.units).some((key) => !(key in units));
    if (this.added || dropped) await this.dropUnnamedBlobs(units);
  }

  /** Empties the cache: its index, and every blob. */
  async forget(): Promise<void> {
    this.used.clear();
    for (const key of Object.keys(this.index.units)) delete this.index.units[key];
    await rm(join(this.dir, 'index.json'), { force: true });
    await rm(join(this.dir, 'blobs'), { recursive: true, force: true });
    await mkdir(join(this.dir, 'blobs'), { recursive: true });
  }

  private async dropUnnamedBlobs(units: Index['units']): Promise<void> {
    const named = new Set(Object.values(units).flatMap((u) => u.entries.map((e) => e.sha256)));
    const root = join(this.dir, 'blobs');
    for (const prefix of await readdir(root))
      for (const name of await readdir(join(root, prefix)))
        if (!named.has(name)) await rm(join(root, prefix, name), { force: true });
  }
}

/** The index, or an empty one when there is none, it cannot be read, or it is of another format. */
async function readIndex(file: string): Promise<Index> {
  const empty: Index = { format: UNIT_FORMAT, units: {}, build: 0 };
  try {
    const index = JSON.parse(await readFile(file, 'utf8')) as Index;
    return index.format === UNIT_FORMAT && typeof index.units === 'object' ? index : empty;
  } catch {
    return empty;
  }
}
