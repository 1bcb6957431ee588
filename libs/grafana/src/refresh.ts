import type { Environment, Persona } from '@plotwatch/platform';

export function durationSeconds(duration: string): number {
  const units: Record<string, number> = { ms: 0.001, s: 1, m: 60, h: 3600, d: 86400, w: 604800 };
  const parts = [...duration.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h|d|w)/g)];
  if (parts.length === 0 || parts.map((p) => p[0]).join('') !== duration)
    throw new Error(`"${duration}" is not a duration like 30s or 1m30s`);
  return parts.reduce((sum, p) => sum + Number(p[1]) * units[p[2]!]!, 0);
}

/**
 * The persona's refresh interval, refused when faster than the environment scrapes (it would only
 * redraw the same data).
 */
export function refreshInterval(persona: Persona, env: Environment): string {
  if (durationSeconds(persona.refresh) < durationSeconds(env.scrapeInterval)) {
    throw new Error(
      `persona ${persona.id} refreshes every ${persona.refresh}, faster than ${env.id} scrapes (${env.scrapeInterval}); raise its refresh in libs/platform/src/personas.ts`,
    );
  }
  return persona.refresh;
}
