import { stringify } from 'yaml';

/** How the Alertmanager config is written: no folding, no anchors. */
export const YAML_OPTIONS = { lineWidth: 0, aliasDuplicateObjects: false };

/**
 * A top-level entry of the config (`key:` and its block) as the YAML library writes it, for the
 * one shape the route tree has: maps of strings, booleans and lists of strings or of such maps.
 * The tree is most of the file (routes per tenant, persona and severity) and the library's
 * document model took a tenth of the rest of the build at a thousand tenants; this writes the
 * same bytes many times faster. Anything else (a number, a null, an empty map, a string on
 * several lines in a list) is undefined: the caller leaves it to the library.
 */
export function blockEntryYaml(key: string, value: unknown): string | undefined {
  const scalars = { value: new Map<string, string | undefined>(), item: new Map<string, string | undefined>() };
  return entry(key, value, '', '', scalars);
}

/** The strings the library was asked about, per context: a config repeats them per tenant. */
type Scalars = Record<'value' | 'item', Map<string, string | undefined>>;

/**
 * `key: value` and the block under it, each line ending in a newline: `indent` is the key's
 * column, `lead` what comes before the key on its own line (the indent, or a list item's dash).
 */
function entry(key: string, value: unknown, lead: string, indent: string, scalars: Scalars): string | undefined {
  if (value === undefined) return '';
  if (!plainKey(key)) return undefined;
  if (typeof value === 'string' || typeof value === 'boolean') {
    const text = scalar(value, 'value', scalars);
    if (text === undefined) return undefined;
    // A literal block's lines sit under its key: written at the top level, they move right with it.
    return `${lead}${key}: ${text.includes('\n') ? text.replace(/\n(?=[^\n])/g, `\n${indent}`) : text}\n`;
  }
  if (isPlainObject(value)) {
    const body = map(value, `${indent}  `, `${indent}  `, scalars);
    return body ? `${lead}${key}:\n${body}` : undefined;
  }
  if (!Array.isArray(value)) return undefined;
  if (value.length === 0) return `${lead}${key}: []\n`;
  let out = `${lead}${key}:\n`;
  const itemIndent = `${indent}  `;
  for (const item of value as unknown[]) {
    if (typeof item === 'string' || typeof item === 'boolean') {
      const text = scalar(item, 'item', scalars);
      if (text === undefined) return undefined;
      out += `${itemIndent}- ${text}\n`;
    } else if (isPlainObject(item)) {
      // A map in a list: its first entry on the dash's line, the others under it.
      const body = map(item, `${itemIndent}- `, `${itemIndent}  `, scalars);
      if (!body) return undefined;
      out += body;
    } else {
      return undefined;
    }
  }
  return out;
}

/**
 * A map's entries at `indent`, the first one after `lead`; '' for an empty map (the library writes `{}`).
 * Kept per object and position: the config's objects are never changed once made, and a long-lived
 * build process keeps each tenant's routes (alertmanager.ts), so their text is written once.
 */
function map(value: Record<string, unknown>, lead: string, indent: string, scalars: Scalars): string | undefined {
  const at = `${lead}\0${indent}`;
  let texts = written.get(value);
  if (texts?.has(at)) return texts.get(at);
  const text = mapText(value, lead, indent, scalars);
  if (!texts) written.set(value, (texts = new Map()));
  texts.set(at, text);
  return text;
}

const written = new WeakMap<object, Map<string, string | undefined>>();

function mapText(value: Record<string, unknown>, lead: string, indent: string, scalars: Scalars): string | undefined {
  let out = '';
  for (const key of Object.keys(value)) {
    const text = entry(key, value[key], out ? indent : lead, indent, scalars);
    if (text === undefined) return undefined;
    out += text;
  }
  return out;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype;
}

/** Keys the library writes as they are: a name, not one that reads as another type. */
function plainKey(key: string): boolean {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(key) && !NOT_A_STRING.test(key);
}

/**
 * Strings the library writes plain: no indicator first, no space, colon or `#`, nothing that
 * reads as a boolean or null (the core schema's other types start with a digit, a sign or a dot).
 */
const SURELY_PLAIN = /^[A-Za-z_/][A-Za-z0-9_./@=~!"+-]*$/;
const NOT_A_STRING = /^(?:true|false|null)$/i;

/**
 * A scalar as the library writes it as a top-level map's value or a list's item: on one line, or
 * (a value only) a literal block (`|` or `|-`, its lines under the key); undefined otherwise.
 */
function scalar(value: string | boolean, context: 'value' | 'item', scalars: Scalars): string | undefined {
  if (typeof value === 'boolean') return String(value);
  if (SURELY_PLAIN.test(value) && !NOT_A_STRING.test(value)) return value;
  // Anything else as the library writes it (quoted, or plain all the same), asked once per string.
  const known = scalars[context];
  if (known.has(value)) return known.get(value);
  const [yaml, prefix] =
    context === 'value'
      ? [stringify({ k: value }, YAML_OPTIONS), 'k: ']
      : [stringify({ k: [value] }, YAML_OPTIONS), 'k:\n  - '];
  const body = yaml.slice(prefix.length, -1);
  const block = context === 'value' && /^\|-?\n/.test(body);
  const text = yaml.startsWith(prefix) && (block || !body.includes('\n')) ? body : undefined;
  known.set(value, text);
  return text;
}
