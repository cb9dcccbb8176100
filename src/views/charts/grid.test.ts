import { describe, expect, it } from 'vitest';
import { gridColumns, gridRows } from './grid.ts';

// The plot area as Recharts gives it: 100 px high from y = 8, 400 px wide from x = 90.
const area = { offset: { top: 8, height: 100, left: 90, width: 400 } };

describe('grid lines at our own ticks', () => {
  it('put linear y ticks on the axis scale over [first, last], the first at the bottom', () => {
    const rows = gridRows([0, 200, 400, 600], false, area);
    [108, 108 - 100 / 3, 108 - 200 / 3, 8].forEach((y, i) => expect(rows[i]).toBeCloseTo(y, 9));
    expect(rows.length).toBe(4);
  });

  it('put log ticks a decade apart at equal steps, and take a domain wider than the ticks', () => {
    gridRows([1, 10, 100], true, area).forEach((y, i) => expect(y).toBeCloseTo([108, 58, 8][i], 9));
    // the histogram's log axis starts at 0.8, below its first tick
    const [one, ten] = gridRows([1, 10], true, area, [0.8, 10]);
    expect(one).toBeCloseTo(108 - 100 * (Math.log10(1 / 0.8) / Math.log10(10 / 0.8)), 9);
    expect(ten).toBe(8);
  });

  it('put x ticks left to right, and draw nothing on an empty span', () => {
    gridColumns([0.001, 0.01, 0.1, 1, 10], true, area).forEach((x, i) => expect(x).toBeCloseTo(90 + 100 * i, 9));
    expect(gridRows([5], false, area)).toEqual([]);
  });
});
