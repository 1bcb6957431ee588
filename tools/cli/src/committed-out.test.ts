import { describe, expect, it } from 'vitest';
import { staleFiles } from './out-dir.ts';
import { DEFAULT_OUT } from './paths.ts';
import { compileOrThrow } from '@plotwatch/build/testing';

describe('the committed out/', () => {
  it('is exactly what a fresh build of the repo writes (run `npx nx run build-all` and commit out/ if not)', async () => {
    const stale = await staleFiles(DEFAULT_OUT, compileOrThrow());
    expect(stale, `stale files in out/:\n${stale.join('\n')}`).toEqual([]);
  });
});
