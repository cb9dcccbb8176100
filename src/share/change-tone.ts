// The one decision of whether a change in the comparison table is coloured
// better or worse (and so, in the text export, starred): where the runs allow
// a test, the test's mark decides and the size of the change never does;
// where they do not (one run per variant), nothing under 5% is coloured.

export type Tone = 'better' | 'worse' | 'same' | 'none';

/** Changes smaller than this (percent) are not coloured when no test could be made. */
export const UNTESTED_MIN_CHANGE = 5;

/**
 * @param change percent, mmtests style (positive = less)
 * @param direction 'lower' for rows where less is better; 'neutral' rows are never coloured
 * @param significant the test's mark, or null when no test was possible
 */
export function changeTone(change: number | null, direction: 'lower' | 'neutral', significant: boolean | null): Tone {
  if (change === null || direction === 'neutral') return 'none';
  if (significant !== null) return significant && change !== 0 ? (change > 0 ? 'better' : 'worse') : 'same';
  if (Math.abs(change) < UNTESTED_MIN_CHANGE) return 'same';
  return change > 0 ? 'better' : 'worse';
}
