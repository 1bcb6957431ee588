import * as estree from 'prettier/plugins/estree';
import * as typescript from 'prettier/plugins/typescript';
import type { Options } from 'prettier';
import { format } from 'prettier/standalone';
import prettierConfig from '../../../../../.prettierrc.json' with { type: 'json' };

/** The repository's Prettier settings, for TypeScript (the Markdown override does not apply). */
const PRETTIER: Options = {
  printWidth: prettierConfig.printWidth,
  singleQuote: prettierConfig.singleQuote,
  trailingComma: prettierConfig.trailingComma as Options['trailingComma'],
  parser: 'typescript',
  plugins: [estree, typescript],
};

/** Formats TypeScript as the repository does (`prettier --check` passes on it). */
export function formatTypeScript(source: string): Promise<string> {
  return format(source, PRETTIER);
}
