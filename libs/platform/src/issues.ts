import type { core } from 'zod';
import { SECRET_FIELD_HINTS } from './tenant-schema.ts';

type Issue = core.$ZodIssue;

/** Longest value echoed in a message: junk (a binary file read as YAML) is cut, not printed whole. */
const MAX_SHOWN = 60;

/** A value as the tenant file spells it: YAML's `.nan` and `.inf`, strings quoted and cut, control bytes escaped. */
export function show(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'number' && !Number.isFinite(value))
    return Number.isNaN(value) ? '.nan' : value > 0 ? '.inf' : '-.inf';
  if (typeof value === 'string')
    return value.length > MAX_SHOWN
      ? `${quoted(value.slice(0, MAX_SHOWN))}… (${value.length} characters)`
      : quoted(value);
  const json = JSON.stringify(value, (_, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? show(v) : v));
  if (json.length <= MAX_SHOWN) return json;
  if (Array.isArray(value)) return `a list of ${value.length} items`;
  if (value !== null && typeof value === 'object')
    return `a mapping of ${Object.keys(value).slice(0, 4).join(', ')}, ...`;
  return json;
}

/** JSON's quoting, plus escapes for what JSON leaves raw and a terminal would not show (DEL, C1 controls, invisible marks). */
function quoted(text: string): string {
  return JSON.stringify(text).replace(
    /[\u007f-\u009f\u200b-\u200f\u2028\u2029\ufeff]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

const article = (word: string) => (/^[aeiou]/.test(word) ? `an ${word}` : `a ${word}`);

/** One zod issue as the second half of a `file:line: path message` line. */
export function describeIssue(issue: Issue, path: string): string {
  const got = 'input' in issue && issue.input !== undefined ? `, got ${show(issue.input)}` : '';
  if (path === '' && issue.code === 'invalid_type')
    return `the file must be a YAML mapping of tenant fields (id, displayName, tier, notifications, ...)${got}`;
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined ? `${path} is required` : `${path} must be ${article(issue.expected)}${got}`;
    case 'invalid_value':
      return `${path} must be one of ${issue.values.map((v) => String(v)).join(', ')}${got}`;
    case 'unrecognized_keys':
      return issue.keys
        .map((key) => {
          const hint = SECRET_FIELD_HINTS[key];
          const field = path ? `${path}.${key}` : key;
          return hint
            ? `${field} is not accepted: secrets are references only, use ${hint} (a path to a mounted secret file)`
            : `${field} is not a known field; remove it or check its spelling`;
        })
        .join('; ');
    case 'invalid_union':
      if ('options' in issue && Array.isArray(issue.options) && 'discriminator' in issue) {
        const discriminator = String(issue.discriminator);
        const value = (issue.input as Record<string, unknown> | undefined)?.[discriminator];
        return `${path} must be one of ${issue.options.join(', ')}, got ${show(value)}`;
      }
      return `${path} ${issue.message}${got}`;
    default:
      return `${path} ${issue.message}${got}`;
  }
}
