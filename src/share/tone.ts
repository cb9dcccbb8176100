// Whether a change against the baseline is coloured, and which way: the one
// place that decides (the table on screen, its copies and `reclaimscope
// compare`). A change is coloured only where its direction means better or
// worse (pages scanned and reclaimed are neutral). Where the runs allow a
// test, the test's mark decides and the size of the change never does; where
// they do not (one run on either side), nothing under COLOUR_MIN_PCT is.

/** Which way is better for a row. */
export type Direction = 'lower' | 'higher' | 'neutral';
export type Tone = 'better' | 'worse' | 'same' | 'none';

/** Changes smaller than this (percent) are not coloured when no test could be made: below the noise of a single run. */
export const COLOUR_MIN_PCT = 5;

/**
 * Tone of a change.
 * @param change percent, signed: positive = the value grew, negative = it fell (whatever the row's good direction)
 * @param direction 'neutral' rows are never coloured
 * @param significant the test's mark, or null when no test was possible
 * @param isNew the baseline is 0 and this value is not (change is then null)
 */
export function changeTone(change: number | null, direction: Direction, significant: boolean | null, isNew = false): Tone {
  if (direction === 'neutral') return 'none';
  if (isNew) {
    if (significant === false) return 'same';
    return direction === 'lower' ? 'worse' : 'better';
  }
  if (change === null) return 'none';
  const better = direction === 'lower' ? change < 0 : change > 0;
  if (significant !== null) return significant && change !== 0 ? (better ? 'better' : 'worse') : 'same';
  if (Math.abs(change) < COLOUR_MIN_PCT) return 'same';
  return better ? 'better' : 'worse';
}
