import { parseArgs } from 'node:util';
import { nearestName } from '@plotwatch/platform/nearest';

/** Wrong flags or arguments: reported naming the command and what to do, exit code 2. */
export class UsageError extends Error {}

/** One option of a command: the parser's and the help text's single source. */
export interface OptionSpec {
  readonly type: 'string' | 'boolean';
  readonly default?: string;
  /** A string option that may be given several times (`--threshold A=x --threshold B=y`): its values in order. */
  readonly multiple?: boolean;
  /** The value's placeholder in the help text (`DIR`, `N`, `auto|legacy|resources`). */
  readonly value?: string;
  readonly description: string;
}

export type OptionTable = Readonly<Record<string, OptionSpec>>;

/** A command's options, help text and examples; `parseCommand` parses with exactly these options. */
export interface CommandSpec<O extends OptionTable = OptionTable> {
  /** As typed after `plotwatch`: `build`, `publish grafana`. */
  readonly name: string;
  /** One line, for `plotwatch --help`. */
  readonly summary: string;
  /** More lines after the summary in the command's own help. */
  readonly details?: string;
  readonly options: O;
  /** Positional arguments, as shown in the usage line (`[EXPR...]`); none when absent. */
  readonly positionals?: string;
  readonly examples: readonly string[];
}

export type Values<O extends OptionTable> = {
  -readonly [K in keyof O]: O[K]['type'] extends 'boolean'
    ? boolean
    : O[K] extends { readonly multiple: true }
      ? string[]
      : O[K] extends { readonly default: string }
        ? string
        : string | undefined;
};

export interface Parsed<O extends OptionTable> {
  readonly values: Values<O>;
  readonly positionals: string[];
}

/**
 * Parses a command's arguments with its option table. `--help` or `-h` anywhere (before `--`)
 * prints the command's help and returns undefined: the command then exits 0. An unknown option
 * throws a UsageError suggesting the closest known one.
 */
export function parseCommand<O extends OptionTable>(
  spec: CommandSpec<O>,
  args: readonly string[],
  print: (text: string) => void = (text) => console.log(text),
): Parsed<O> | undefined {
  const options = Object.fromEntries(
    Object.entries(spec.options).map(([name, o]) => [
      name,
      o.type === 'boolean'
        ? { type: 'boolean' as const, default: false }
        : o.multiple
          ? { type: 'string' as const, multiple: true, default: [] }
          : { type: 'string' as const, default: o.default },
    ]),
  );
  const { tokens } = parseArgs({ args: [...args], options, strict: false, allowPositionals: true, tokens: true });
  for (const token of tokens) {
    if (token.kind !== 'option') continue;
    if (token.name === 'help' || token.name === 'h') {
      print(helpText(spec));
      return undefined;
    }
    const option = spec.options[token.name];
    // Without a value, or before one starting with '-' (`--concurrency -1`): not an unknown option `-1`.
    if (option?.type === 'string' && token.value === undefined) throw missingValue(spec, token.name);
    if (!option) {
      const known = Object.keys(spec.options).map((n) => `--${n}`);
      const guess = closest(token.rawName.startsWith('--') ? token.rawName : `--${token.name}`, known);
      throw new UsageError(
        `unknown option ${token.rawName} for ${spec.name}; ${guess ? `did you mean ${guess}?` : `it takes ${known.join(', ') || 'no options'}`}`,
      );
    }
  }
  try {
    const parsed = parseArgs({
      args: [...args],
      options,
      strict: true,
      allowPositionals: spec.positionals !== undefined,
    });
    return { values: parsed.values as Values<O>, positionals: parsed.positionals };
  } catch (error) {
    const { code, message } = error as { code?: string; message: string };
    if (code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') {
      const argument = /'([^']*)'/.exec(message)?.[1];
      throw new UsageError(
        `${spec.name} takes no arguments${argument ? `, got "${argument}"` : ''}; give options only`,
      );
    }
    if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
      const flag = /--([a-z-]+)/.exec(message)?.[1];
      const o = flag ? spec.options[flag] : undefined;
      if (flag && o)
        throw o.type === 'string'
          ? missingValue(spec, flag)
          : new UsageError(`--${flag} of ${spec.name} takes no value`);
    }
    if (code?.startsWith('ERR_PARSE_ARGS'))
      throw new UsageError(`${spec.name}: ${message.charAt(0).toLowerCase()}${message.slice(1)}`);
    throw error;
  }
}

function missingValue(spec: CommandSpec, flag: string): UsageError {
  const value = spec.options[flag]?.value ?? 'VALUE';
  return new UsageError(
    `--${flag} of ${spec.name} needs a value: --${flag} ${value} (one starting with '-' as --${flag}=-…)`,
  );
}

/** `plotwatch <command> --help`. */
export function helpText(spec: CommandSpec): string {
  const rows: [string, string][] = Object.entries(spec.options).map(([name, o]) => [
    `--${name}${o.type === 'string' ? ` ${o.value ?? 'VALUE'}` : ''}`,
    `${o.description}${o.default !== undefined ? ` (default: ${o.default})` : ''}${o.multiple ? ' (may be repeated)' : ''}`,
  ]);
  rows.push(['-h, --help', 'this help']);
  const width = Math.max(...rows.map(([left]) => left.length)) + 2;
  return [
    `usage: plotwatch ${spec.name}${Object.keys(spec.options).length ? ' [options]' : ''}${spec.positionals ? ` ${spec.positionals}` : ''}`,
    '',
    spec.summary,
    ...(spec.details ? [spec.details] : []),
    '',
    'options:',
    ...rows.map(([left, right]) => `  ${left.padEnd(width)}${right.replaceAll('\n', `\n  ${' '.repeat(width)}`)}`),
    '',
    spec.examples.length === 1 ? 'example:' : 'examples:',
    ...spec.examples.map((e) => `  ${e}`),
  ].join('\n');
}

/** What a mistyped option or command meant: the one it begins (`--dry` for `--dry-run`), else the nearest name. */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  const begun = word.replace(/^-+/, '').length >= 2 ? candidates.find((c) => c.startsWith(word)) : undefined;
  return begun ?? nearestName(word, candidates);
}
