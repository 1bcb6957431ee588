import { distance } from 'fastest-levenshtein';

/**
 * Edit distance as a typist makes mistakes: Levenshtein's insertions, deletions and substitutions of
 * one character each, and two neighbouring letters swapped (`biuld`) counting as one.
 */
export function editDistance(a: string, b: string): number {
  return swapsOneAdjacentPair(a, b) ? 1 : distance(a, b);
}

function swapsOneAdjacentPair(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  const differ = [...a].flatMap((c, i) => (c === b[i] ? [] : [i]));
  const [i, j] = differ;
  return differ.length === 2 && j === i! + 1 && a[i!] === b[j] && a[j] === b[i!];
}

/**
 * The candidate closest to `name`, if it is close enough to be what was meant: at most a third of
 * the name's length away (at least 1, at most 4 edits). Ties go to the first candidate.
 */
export function nearestName(name: string, candidates: Iterable<string>): string | undefined {
  const limit = Math.min(4, Math.max(1, Math.floor(name.length / 3)));
  let best: string | undefined;
  let bestDistance = limit + 1;
  for (const candidate of candidates) {
    if (candidate === name) continue;
    const d = editDistance(name, candidate);
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}

/** ` (did you mean x?)`, or nothing when no candidate is close. */
export function didYouMean(name: string, candidates: Iterable<string>): string {
  const nearest = nearestName(name, candidates);
  return nearest === undefined ? '' : ` (did you mean ${nearest}?)`;
}
