import type { Check } from '../check.ts';

export const unproducedRecording: Check = {
  name: 'promql/unproduced-recording',
  doc: 'A query reads a recorded series (level:metric:operations) that no recording rule of the repo produces: it returns nothing, silently.',
  run: ({ walk, ctx }) =>
    walk.selectors.flatMap((s) =>
      s.metric?.includes(':') && !ctx.recorded.has(s.metric)
        ? [{ from: s.from, to: s.from + s.metric.length, message: `recorded series ${s.metric} is produced by no recording rule of the repo` }]
        : [],
    ),
};
