/** One requirement of a Kubernetes label selector. */
export type Requirement =
  | { readonly key: string; readonly op: 'exists' | '!exists' }
  | { readonly key: string; readonly op: '=' | '!='; readonly value: string }
  | { readonly key: string; readonly op: 'in' | 'notin'; readonly values: readonly string[] };

const KEY = /^([a-z0-9A-Z]([-a-z0-9A-Z_.]*[a-z0-9A-Z])?\/)?[a-z0-9A-Z]([-a-z0-9A-Z_.]*[a-z0-9A-Z])?$/;
const VALUE = /^([a-z0-9A-Z]([-a-z0-9A-Z_.]*[a-z0-9A-Z])?)?$/;

/**
 * Parses a `labelSelector` as the API server does (`key`, `!key`, `key=value`, `key==value`, `key!=value`,
 * `key in (a,b)`, `key notin (a,b)`, comma-separated and ANDed). Throws with the API server's wording on a
 * selector it would refuse.
 */
export function parseLabelSelector(text: string): Requirement[] {
  const requirements: Requirement[] = [];
  for (const part of splitTopLevel(text)) {
    const term = part.trim();
    if (!term) continue;
    let m: RegExpExecArray | null;
    if ((m = /^(\S+)\s+(in|notin)\s*\(([^)]*)\)$/.exec(term))) {
      const values = m[3]!
        .split(',')
        .map((v) => v.trim())
        .filter((v) => v !== '');
      if (!values.length) throw new Error(`unable to parse requirement: values of ${m[1]} ${m[2]} must not be empty`);
      requirements.push({ key: key(m[1]!), op: m[2] as 'in' | 'notin', values: values.map(value) });
    } else if ((m = /^([^=!\s]+)\s*(==|=|!=)\s*(\S*)$/.exec(term))) {
      requirements.push({ key: key(m[1]!), op: m[2] === '!=' ? '!=' : '=', value: value(m[3]!) });
    } else if ((m = /^!\s*(\S+)$/.exec(term))) {
      requirements.push({ key: key(m[1]!), op: '!exists' });
    } else if (/^\S+$/.test(term)) {
      requirements.push({ key: key(term), op: 'exists' });
    } else throw new Error(`unable to parse requirement: found '${term}', expected: key, key=value, key in (values)`);
  }
  return requirements;
}

export function matchesLabels(requirements: readonly Requirement[], labels: Readonly<Record<string, string>>): boolean {
  return requirements.every((r) => {
    const has = Object.prototype.hasOwnProperty.call(labels, r.key);
    const v = labels[r.key];
    switch (r.op) {
      case 'exists':
        return has;
      case '!exists':
        return !has;
      case '=':
        return has && v === r.value;
      case '!=':
        return !has || v !== r.value;
      case 'in':
        return has && r.values.includes(v!);
      case 'notin':
        return !has || !r.values.includes(v!);
    }
  });
}

function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of text) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      parts.push(current);
      current = '';
    } else current += ch;
  }
  parts.push(current);
  return parts;
}

function key(text: string): string {
  const name = text.includes('/') ? text.slice(text.indexOf('/') + 1) : text;
  if (!KEY.test(text) || name.length > 63)
    throw new Error(
      `unable to parse requirement: invalid label key "${text}": name part must consist of alphanumeric characters, '-', '_' or '.'`,
    );
  return text;
}

function value(text: string): string {
  if (!VALUE.test(text) || text.length > 63)
    throw new Error(
      `unable to parse requirement: invalid label value: "${text}": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.'`,
    );
  return text;
}
