import { resultLine, type ChangeResult } from '@plotwatch/publish';

export interface Progress {
  update(result: ChangeResult): void;
  finish(): void;
}

const REDRAW_MS = 100;

/**
 * On a terminal, one status line rewritten in place (at most every 100 ms); otherwise (CI logs,
 * pipes) one plain line per applied change.
 */
export function progress(
  total: number,
  output: { print: (line: string) => void; status?: (text: string) => void },
): Progress {
  const counts = { done: 0, failed: 0, skipped: 0 };
  let lastDraw = 0;
  const draw = () =>
    output.status?.(
      `publishing: ${counts.done + counts.failed + counts.skipped}/${total} (${counts.failed} failed, ${counts.skipped} not attempted)`,
    );
  return {
    update(result) {
      counts[result.outcome] += 1;
      if (!output.status) return output.print(resultLine(result.change, result.outcome, result.detail));
      if (Date.now() - lastDraw >= REDRAW_MS) {
        lastDraw = Date.now();
        draw();
      }
    },
    finish() {
      if (!output.status) return;
      draw();
      output.print('');
    },
  };
}
