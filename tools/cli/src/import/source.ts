import { GrafanaApiError, type Transport } from '@plotwatch/publish';
import { parse, printParseErrorCode, type ParseError } from 'jsonc-parser';
import { readFile } from 'node:fs/promises';

/** What an import reads: its text and the name errors give it (a file, `stdin`, or the Grafana URL of a dashboard). */
export interface ImportSource {
  readonly text: string;
  readonly name: string;
}

/** Input that cannot be read or parsed: reported as `name: message`, nothing written. */
export class SourceError extends Error {}

async function readStdin(stdin: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stdin) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks).toString('utf8');
}

/** A file, or `-` for stdin. */
export async function readInput(path: string, stdin: NodeJS.ReadableStream = process.stdin): Promise<ImportSource> {
  if (path === '-') return { text: await readStdin(stdin), name: 'stdin' };
  const text = await readFile(path, 'utf8').catch((e: NodeJS.ErrnoException) => {
    throw new SourceError(`${path}: cannot read it (${e.code === 'ENOENT' ? 'no such file' : (e.code ?? e.message)})`);
  });
  return { text, name: path };
}

/** The input as JSON; a syntax error is said as `name:line:column` and what was expected there. */
export function parseJson(source: ImportSource): unknown {
  const errors: ParseError[] = [];
  const value: unknown = parse(source.text, errors, { disallowComments: true, allowTrailingComma: false });
  const first = errors[0];
  if (source.text.trim() === '' || first)
    throw new SourceError(
      `${source.name}${first ? lineAndColumn(source.text, first.offset) : ''}: not JSON (${first ? readable(printParseErrorCode(first.error)) : 'empty input'}); give a dashboard's JSON model, a Grafana export or a v2 resource`,
    );
  return value;
}

/** `CloseBraceExpected` as `close brace expected`. */
const readable = (code: string) => code.replace(/(?<=[a-z])(?=[A-Z])/g, ' ').toLowerCase();

function lineAndColumn(text: string, offset: number): string {
  const before = text.slice(0, offset).split('\n');
  return `:${before.length}:${before.at(-1)!.length + 1}`;
}

/**
 * A dashboard as a live Grafana stores it: the classic API first; a dashboard stored as schema v2
 * is refused there with 406 (Grafana 12+), and is then read from the resource API.
 */
export async function fetchDashboard(transport: Transport, uid: string, namespace: string): Promise<unknown> {
  const classic = `/api/dashboards/uid/${encodeURIComponent(uid)}`;
  try {
    return (await transport.request<unknown>('GET', classic)).body;
  } catch (error) {
    if (!(error instanceof GrafanaApiError)) throw error;
    if (error.status === 404) throw new SourceError(`no dashboard with uid "${uid}" in this Grafana (GET ${classic})`);
    if (error.status !== 406) throw error;
  }
  const resource = `/apis/dashboard.grafana.app/v2/namespaces/${encodeURIComponent(namespace)}/dashboards/${encodeURIComponent(uid)}`;
  return (await transport.request<unknown>('GET', resource)).body;
}
