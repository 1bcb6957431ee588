/** docs/checks.md, rendered from the registry: `npm run docs:checks` writes it, a test keeps it current. */
import type { RegisteredCheck } from './check.ts';
import { EXAMPLE_CONTEXT, examplesOf } from './examples.ts';
import { registry } from './index.ts';

/** Where the rendered page lives, from the repository's root. */
export const CHECKS_DOC_PATH = 'docs/checks.md';

const WIDTH = 116;

/** The anchor of a check's entry in docs/checks.md: `promql/unknown-metric` -> `promql-unknown-metric`. */
export function checkAnchor(name: string): string {
  return name.replaceAll('/', '-');
}

/** The page: an index of every check, then one section per check with its doc and its cases. */
export function renderChecksDoc(checks: readonly RegisteredCheck[] = registry): string {
  const recorded = [...EXAMPLE_CONTEXT.recorded].map((name) => `\`${name}\``).join(', ');
  const alertFor = EXAMPLE_CONTEXT.alertFor;
  return [
    '# Lint checks',
    '',
    '<!-- Generated from the registry, libs/promql/src/checks/index.ts, by `npm run docs:checks`: do not edit. -->',
    '',
    wrap(
      'Every PromQL expression that `plotwatch build` and `plotwatch validate` write (dashboard queries, recording ' +
        'rules, alerts, read back from the artifacts) goes through these checks, and any finding stops the build. A ' +
        'finding ends with the id of its check in brackets, `[promql/unknown-metric]`: that id heads its section ' +
        'below, and the check lives in `libs/promql/src/checks/<id>.ts`, with its cases and its test beside it.',
    ),
    '',
    wrap(
      `The examples run with a scrape interval of ${EXAMPLE_CONTEXT.scrapeIntervalSeconds}s` +
        `${alertFor ? `, alert \`for\` bounds of ${alertFor.min}s..${alertFor.max}s` : ''}, ` +
        `and these recorded series produced by the repository's rules: ${recorded}.`,
    ),
    '',
    ...checks.map((c) => wrap(`- [${c.name}](#${checkAnchor(c.name)}): ${c.doc}`, '  ')),
    '',
    ...checks.flatMap(section),
  ].join('\n');
}

function section(check: RegisteredCheck): string[] {
  const examples = examplesOf(check);
  const bad = examples.filter((e) => e.bad);
  const good = examples.filter((e) => !e.bad);
  return [
    `<a id="${checkAnchor(check.name)}"></a>`,
    '',
    `## ${check.name}`,
    '',
    wrap(check.doc),
    '',
    wrap(check.details),
    '',
    'Bad, and what the check prints:',
    '',
    ...bad.flatMap((e) => [
      ...(e.language === 'yaml' ? fence(e.language, e.input) : []),
      ...fence('text', e.findings.join('\n\n')),
    ]),
    'Good:',
    '',
    ...fence(good[0]?.language ?? 'promql', good.map((e) => e.input).join('\n\n')),
  ];
}

/** Prose broken at spaces into lines of at most WIDTH characters (Markdown joins them again). */
function wrap(text: string, indent = ''): string {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line !== '' && line.length + 1 + word.length > WIDTH) {
      lines.push(line);
      line = indent + word;
    } else {
      line = line === '' ? word : `${line} ${word}`;
    }
  }
  return [...lines, line].join('\n');
}

function fence(language: string, text: string): string[] {
  return ['```' + language, text, '```', ''];
}
