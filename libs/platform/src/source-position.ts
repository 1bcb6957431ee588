/**
 * Where a definition was written: the file and line of the call that created it, read from the
 * stack when it is created (tsx and vitest map stacks to the TypeScript source). Kept beside the
 * object (a WeakMap), so no definition type changes and nothing of it reaches out/.
 */
export interface SourcePosition {
  /** A `file:` URL, as `import.meta.url` names a module. */
  readonly url: string;
  readonly line: number;
}

const positions = new WeakMap<object, SourcePosition>();

/**
 * Records where `definition` was created: the caller `depth` frames above the function calling
 * this one (1: that function's caller). Returns the definition.
 */
export function rememberPosition<T extends object>(definition: T, depth = 1): T {
  const position = callerPosition(depth + 1);
  if (position && !positions.has(definition)) positions.set(definition, position);
  return definition;
}

/** Where `definition` was created, if it was recorded. */
export function positionOf(definition: object): SourcePosition | undefined {
  return positions.get(definition);
}

/** The position `depth` frames above the caller of this function (0: that caller itself). */
export function callerPosition(depth = 0): SourcePosition | undefined {
  const frames = (new Error().stack ?? '').split('\n').filter((l) => /^\s+at /.test(l));
  // frames[0] is this function, frames[1] its caller.
  const frame = frames[depth + 1];
  return frame === undefined ? undefined : parseFrame(frame);
}

/** `    at f (/repo/a.ts:12:5)`, `    at file:///repo/a.ts:12:5`: the file's URL and the line. */
export function parseFrame(frame: string): SourcePosition | undefined {
  const match = /(?:\(|at )((?:file:\/\/)?\/[^\s()]+?):(\d+):\d+\)?\s*$/.exec(frame);
  if (!match) return undefined;
  const [, location, line] = match;
  const url = location!.startsWith('file://') ? location! : `file://${encodeURI(location!)}`;
  return { url, line: Number(line) };
}

const problems = new WeakMap<object, string[]>();

/**
 * A mistake found when a definition is created (an unknown threshold id, ...): kept with it, so
 * that importing the definitions never throws and the build reports it at the definition's position.
 */
export function recordProblem<T extends object>(definition: T, message: string): T {
  const known = problems.get(definition);
  if (known) known.push(message);
  else problems.set(definition, [message]);
  return definition;
}

/** The mistakes recorded for `definition` when it was created. */
export function problemsOf(definition: object): readonly string[] {
  return problems.get(definition) ?? [];
}

/**
 * Where in the module `url` an error was thrown from: of the first run of frames of its stack in
 * that file, the outermost (a definition's own line, not the local helper it called), e.g. the
 * line of a query whose `selector()` names an unknown metric.
 */
export function thrownIn(error: unknown, url: string): SourcePosition | undefined {
  const stack = error instanceof Error ? (error.stack ?? '') : '';
  let found: SourcePosition | undefined;
  for (const frame of stack.split('\n').filter((l) => /^\s+at /.test(l))) {
    const position = parseFrame(frame);
    if (position?.url === url) found = position;
    else if (found) break;
  }
  return found;
}
