import { parseAllDocuments } from 'yaml';

/** Text that is a secret wherever it appears. */
const SECRET_TEXT: ReadonlyArray<readonly [string, RegExp]> = [
  ['a Slack webhook URL', /hooks\.slack\.com\/(services|workflows)\//],
  ['a Slack token', /\bxox[abprs]-[A-Za-z0-9-]{10,}/],
  ['credentials in a URL', /\bhttps?:\/\/[^/\s:@'"]+:[^/\s@'"]+@/],
  ['a token in a URL query', /[?&](token|key|api_?key|secret|sig|signature|access_token)=[^&\s'"]+/i],
  ['a bearer token', /\bBearer\s+[A-Za-z0-9._~+/-]{16,}/],
  ['a private key', /-----BEGIN [A-Z ]*PRIVATE KEY-----/],
  ['an AWS access key', /\bAKIA[0-9A-Z]{16}\b/],
];

/**
 * Field names that hold a secret; `*_file` / `*File` (a path) is the accepted form. A camelCase
 * `...Secret` (`configSecret`) names a Kubernetes Secret, a reference, so only `secret` and
 * `*_secret` count.
 */
const SECRET_FIELD =
  /(password|passwd|token|credentials|api_?key|routing_?key|service_?key|integration_?key|api_?url)$/i;
const SECRET_SNAKE = /(^|_)secret$/;
/** Grafana's reference to a mounted file, the one value a secret field may have. */
const FILE_REFERENCE = /^\$__file\{\/[^}\s]+\}$/;

/**
 * Secret-looking values in generated files (path -> content), each as `path:line: what`:
 * known secret formats anywhere, and any secret-named field of a YAML or JSON document that
 * holds a value instead of a file reference.
 */
export function secretFindings(files: ReadonlyMap<string, string>): string[] {
  const findings: string[] = [];
  for (const [path, content] of files) {
    content.split('\n').forEach((line, i) => {
      for (const [what, pattern] of SECRET_TEXT) if (pattern.test(line)) findings.push(`${path}:${i + 1}: ${what}`);
    });
    // The value itself is never printed: the finding would leak it into CI logs.
    for (const field of documentsOf(path, content).flatMap(secretFields))
      findings.push(`${path}: field "${field}" holds a value, not a file reference`);
  }
  return findings;
}

function documentsOf(path: string, content: string): unknown[] {
  if (path.endsWith('.json')) return [JSON.parse(content)];
  if (/\.ya?ml$/.test(path)) return parseAllDocuments(content).map((d) => d.toJS() as unknown);
  return [];
}

/** The names of secret fields that hold a value, anywhere in a parsed document. */
function secretFields(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(secretFields);
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, v]) => {
    const holdsValue =
      (SECRET_FIELD.test(key) || SECRET_SNAKE.test(key)) &&
      typeof v === 'string' &&
      v !== '' &&
      !FILE_REFERENCE.test(v);
    return [...(holdsValue ? [key] : []), ...secretFields(v)];
  });
}
