/**
 * A YAML writer for the one shape rule files have (maps of strings, lists of maps), several
 * times faster than a general YAML library on the tens of thousands of threshold rules a large
 * build writes. Strings stay plain where YAML allows, otherwise they are JSON-quoted (a JSON
 * string is a valid YAML double-quoted scalar).
 */
type Node = string | number | boolean | readonly Node[] | { readonly [key: string]: Node | undefined };

/** Plain scalars may not start with an indicator, contain `: ` or ` #`, or read as another type. */
const PLAIN = /^[^\s\-?:,[\]{}#&*!|>'"%@`][^\n]*$/;
const NOT_A_STRING =
  /^(?:true|false|yes|no|on|off|null|~|[-+]?(?:\d[\d_]*(?:\.\d*)?|\.\d+)(?:e[-+]?\d+)?|0x[\da-f]+|0o[0-7]+|[-+]?\.inf|\.nan)$/i;

export function scalar(value: string | number | boolean): string {
  if (typeof value !== 'string') return String(value);
  const plain =
    PLAIN.test(value) &&
    !value.includes(': ') &&
    !value.includes(' #') &&
    !value.endsWith(':') &&
    !value.endsWith(' ') &&
    !NOT_A_STRING.test(value);
  return plain ? value : JSON.stringify(value);
}

function write(node: Node, indent: string, out: string[]): void {
  if (Array.isArray(node)) {
    for (const item of node as readonly Node[]) {
      if (typeof item === 'object' && !Array.isArray(item)) {
        const lines: string[] = [];
        write(item, `${indent}  `, lines);
        out.push(`${indent}- ${lines[0]!.trimStart()}`, ...lines.slice(1));
      } else {
        out.push(`${indent}- ${scalar(item as string)}`);
      }
    }
    return;
  }
  for (const [key, value] of Object.entries(node as Record<string, Node | undefined>)) {
    if (value === undefined) continue;
    if (typeof value === 'object') {
      const empty = Array.isArray(value) ? value.length === 0 : Object.keys(value).length === 0;
      if (empty) {
        out.push(`${indent}${key}: ${Array.isArray(value) ? '[]' : '{}'}`);
        continue;
      }
      out.push(`${indent}${key}:`);
      write(value, Array.isArray(value) ? `${indent}  ` : `${indent}  `, out);
    } else {
      out.push(`${indent}${key}: ${scalar(value)}`);
    }
  }
}

export function toYaml(document: Node): string {
  const out: string[] = [];
  write(document, '', out);
  return `${out.join('\n')}\n`;
}
