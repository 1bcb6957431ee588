// A command may say its result before it has finished what only later runs need (a build's cache
// index and input record): a long-lived host, `plotwatch dev`'s build process, answers at once and
// waits for the rest before its next build; a one-shot process just ends when all is done.

let listener: ((code: number) => void) | undefined;

/** The host's: `callback` hears the exit code as soon as the command has said its result. */
export function onReported(callback: ((code: number) => void) | undefined): void {
  listener = callback;
}

/** The command's: its result is said, with this exit code; nothing it does after can change it. */
export function reported(code: number): void {
  listener?.(code);
}
