// Writes docs/checks.md from the check registry of @plotwatch/promql: `npm run docs:checks`.
// The rendering is renderChecksDoc(); a test in libs/promql fails while the file differs from it.
import { CHECKS_DOC_PATH, renderChecksDoc } from '@plotwatch/promql';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const target = fileURLToPath(new URL(`../../${CHECKS_DOC_PATH}`, import.meta.url));
const text = renderChecksDoc();
let current: string | undefined;
try {
  current = readFileSync(target, 'utf8');
} catch {
  current = undefined;
}
if (current === text) {
  console.log(`${CHECKS_DOC_PATH} is up to date`);
} else {
  writeFileSync(target, text);
  console.log(`wrote ${CHECKS_DOC_PATH}`);
}
