// Whether a change against the baseline is coloured, and which way: the one
// place that decides. A change is coloured only where its direction means
// better or worse (pages scanned and reclaimed are neutral) and only when it
// is at least COLOUR_MIN_PCT; issue 11 replaces that threshold by a
// significance test, here and nowhere else.

/** Which way is better for a row. */
export type Direction = 'lower' | 'higher' | 'neutral';
export type Tone = 'better' | 'worse' | 'same' | 'none';

/** Changes smaller than this (percent) are not coloured: below the noise of a single run. */
export const COLOUR_MIN_PCT = 5;

/**
 * Tone of a change, given in percent with positive = better (for neutral rows
 * the sign is the mmtests one, less = positive, but it is never coloured);
 * `isNew`: the baseline is 0 and this value is not.
 */
export function changeTone(change: number | null, isNew: boolean, direction: Direction): Tone {
  if (direction === 'neutral') return 'none';
  if (isNew) return direction === 'lower' ? 'worse' : 'better';
  if (change === null) return 'none';
  if (Math.abs(change) < COLOUR_MIN_PCT) return 'same';
  return change > 0 ? 'better' : 'worse';
}
