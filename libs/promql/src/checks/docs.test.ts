import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkAnchor, CHECKS_DOC_PATH, renderChecksDoc } from './docs.ts';
import { registry } from './index.ts';

const ROOT = new URL('../../../../', import.meta.url);

describe(CHECKS_DOC_PATH, () => {
  it('is what the registry renders now', () => {
    const written = readFileSync(new URL(CHECKS_DOC_PATH, ROOT), 'utf8');
    const stale = `${CHECKS_DOC_PATH} is stale: run \`npm run docs:checks\` and commit it`;
    expect(written === renderChecksDoc(), stale).toBe(true);
  });

  it('has a section per check, headed by its id, under the anchor findings link to', () => {
    const text = renderChecksDoc();
    for (const check of registry) {
      expect(text).toContain(`<a id="${checkAnchor(check.name)}"></a>\n\n## ${check.name}\n`);
      expect(text).toContain(`](#${checkAnchor(check.name)})`);
    }
  });

  it('is the page check.ts sends readers to', () => {
    expect(readFileSync(new URL('./check.ts', import.meta.url), 'utf8')).toContain(CHECKS_DOC_PATH);
  });
});
