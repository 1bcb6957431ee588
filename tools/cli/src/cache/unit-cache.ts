import type { ArtifactEntry, PanelLookup } from '@plotwatch/build';
// Not through the compiler's index, which imports every dashboard definition: in plotwatch dev a
// definition's edit would evaluate this module again and lose the index it keeps in memory.
import { UNIT_FORMAT } from '@plotwatch/build/unit-keys';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pidLock } from '../out-dir.ts';
import { stampOf } from './stamp.ts';

/** What a unit made, as the manifest lists it (the bytes are in out/), and what its reuse depends on. */
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
 * The incremental build's cache, `.plotwatch/cache` beside out/: an index of units by key, with the
 * manifest entries of the files each made. The bytes are not kept apart: out/ holds them, and a unit
 * is reused only while out/ is the one the last build wrote and lists those entries (the caller
 * checks). A build holds the cache alone (a lock with its pid); a second build at once goes without
 * it. It only ever speeds a build up: an index it cannot read is ignored, one it cannot write is left
 * as it was, and a failed build adds nothing to it.
 */
export class UnitCache {
  private readonly used = new Map<string, CachedUnit>();

  private constructor(
    readonly dir: string,
    private readonly index: Index,
    /** Lets the cache's lock go. */
    readonly release: () => Promise<void>,
  ) {}

  /** The cache in `dir`, or why not when another build holds it. */
  static async open(dir: string): Promise<UnitCache | { busy: string }> {
    await mkdir(dir, { recursive: true });
    const lock = await pidLock(join(dir, 'lock'));
    if (lock === undefined)
      throw new Error(`${dir}: could not take its lock; remove ${join(dir, 'lock')} if no build is running`);
    if ('heldBy' in lock) return { busy: `another build (pid ${lock.heldBy}) is using ${dir}` };
    // Blobs were the files' copies of the first cache format; out/ holds them now.
    await rm(join(dir, 'blobs'), { recursive: true, force: true });
    return new UnitCache(dir, await readIndex(join(dir, 'index.json')), lock.release);
  }

  /**
   * The units of the index in `dir` as the next build will find them (the same objects, while no
   * other build writes it), read without the lock: for a long-lived build process to prepare what
   * it keeps of them while it waits. None when there is no index it can read.
   */
  static async peek(dir: string): Promise<readonly CachedUnit[]> {
    return Object.values((await readIndex(join(dir, 'index.json'))).units);
  }

  /** The unit an earlier build made under `key`. */
  get(key: string): CachedUnit | undefined {
    const unit = this.index.units[key];
    if (unit) this.used.set(key, unit);
    return unit;
  }

  put(key: string, unit: CachedUnit): void {
    this.used.set(key, unit);
    this.made = true;
  }

  private made = false;

  /**
   * Writes the index: the units this build used or made, and those the one before it used. A build
   * that made nothing and used every unit the last one did leaves it as it is (it would only count
   * one build more for each).
   */
  async save(): Promise<void> {
    const units = Object.entries(this.index.units);
    if (!this.made && this.used.size === units.length && units.every(([, u]) => u.build === this.index.build)) return;
    const build = this.index.build + 1;
    const kept: Index['units'] = {};
    for (const [key, unit] of units) if (unit.build >= build - 1) kept[key] = unit;
    for (const [key, unit] of this.used) kept[key] = { ...unit, build };
    const file = join(this.dir, 'index.json');
    const index: Index = { format: UNIT_FORMAT, build, units: kept };
    await writeFile(`${file}.${process.pid}`, JSON.stringify(index));
    await rename(`${file}.${process.pid}`, file);
    known = { file, stamp: await stampOf(file), index };
  }
}

/**
 * The index this process last read or wrote, with its file's stamp: a long-lived build process
 * (`plotwatch dev`'s) reads the file again only when another build wrote it since.
 */
let known: { readonly file: string; readonly stamp: string; readonly index: Index } | undefined;

/** The index, or an empty one when there is none, it cannot be read, or it is of another format. */
async function readIndex(file: string): Promise<Index> {
  const empty: Index = { format: UNIT_FORMAT, units: {}, build: 0 };
  try {
    const stamp = await stampOf(file);
    if (known?.file === file && known.stamp === stamp) return known.index;
    const index = JSON.parse(await readFile(file, 'utf8')) as Index;
    const usable = index.format === UNIT_FORMAT && typeof index.units === 'object';
    if (usable) known = { file, stamp, index };
    return usable ? index : empty;
  } catch {
    return empty;
  }
}
