import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { bytesDigest, keptBytes } from './file-bytes.ts';

const settle = () => new Promise((resolve) => setTimeout(resolve, 150));

describe('keptBytes', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'plotwatch-file-bytes-'));
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('gives an unchanged file the same bytes object, and a file rewritten to the same size its new bytes', async () => {
    const file = join(dir, 'a.yaml');
    await writeFile(file, 'id: one\n');
    await settle();
    const first = keptBytes(file);
    expect(keptBytes(file)).toBe(first);
    await writeFile(file, 'id: two\n');
    expect(keptBytes(file).toString()).toBe('id: two\n');
  });

  it('gives a file rewritten at once, to the same size, its new bytes each time', async () => {
    // Within one tick of a coarse file-system clock the stamp stays the same: such a file is read again.
    const file = join(dir, 'b.yaml');
    for (const text of ['id: aaa\n', 'id: bbb\n', 'id: ccc\n']) {
      await writeFile(file, text);
      expect(keptBytes(file).toString()).toBe(text);
    }
  });

  it('fails as readFileSync does for a missing file, and digests bytes as sha256', async () => {
    expect(() => keptBytes(join(dir, 'missing.yaml'))).toThrow(/ENOENT/);
    const bytes = Buffer.from('x');
    expect(bytesDigest(bytes)).toBe(createHash('sha256').update(bytes).digest('hex'));
  });
});
