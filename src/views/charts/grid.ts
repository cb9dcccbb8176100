// Grid lines for Recharts' CartesianGrid, placed at ticks we chose
// (ticks.ts) instead of letting the grid work them out: its default asks the
// DOM for the size of every tick label, a forced layout each, which made up
// tens of milliseconds of every chart's first drawing (a Chrome trace of the
// dashboard after the sample comparison loads). Pure.

/** The plot area Recharts hands a grid's coordinate generators. */
export interface GridArea {
  offset: { top?: number; height?: number; left?: number; width?: number };
}

/** No lines (a grid with vertical={false} still asks for them). */
export const NO_LINES = (): number[] => [];

/** Where values fall along [start, start + length], on a linear or log scale over domain [lo, hi]; `flip` for a y axis (lo at the bottom). */
function positions(values: number[], log: boolean, [lo, hi]: [number, number], start: number, length: number, flip: boolean): number[] {
  const f = log ? Math.log10 : (v: number) => v;
  const a = f(lo);
  const span = f(hi) - a;
  if (!(span > 0)) return [];
  return values.map((v) => {
    const x = (f(v) - a) / span;
    return start + length * (flip ? 1 - x : x);
  });
}

/** Pixel rows of horizontal lines at these y values; the y domain is [first, last] value unless given. */
export function gridRows(values: number[], log: boolean, { offset }: GridArea, domain: [number, number] = [values[0], values[values.length - 1]]): number[] {
  return positions(values, log, domain, offset.top ?? 0, offset.height ?? 0, true);
}

/** Pixel columns of vertical lines at these x values; the x domain is [first, last] value unless given. */
export function gridColumns(values: number[], log: boolean, { offset }: GridArea, domain: [number, number] = [values[0], values[values.length - 1]]): number[] {
  return positions(values, log, domain, offset.left ?? 0, offset.width ?? 0, false);
}
