import type { core } from 'zod';
import { SECRET_FIELD_HINTS } from './tenant-schema.ts';

type Issue = core.$ZodIssue;

function show(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : value === undefined ? 'nothing' : JSON.stringify(value);
}

/** One zod issue as the second half of a `file:line: path message` line. */
export function describeIssue(issue: Issue, path: string): string {
  const got = 'input' in issue ? `, got ${show(issue.input)}` : '';
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined ? `${path} is required` : `${path} must be a ${issue.expected}${got}`;
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
