// Adapter from per-variant Summaries to the comparison table's cells, in the
// mmtests style of the seed mail: `6008.81 (24.71%)`, where the percentage is
// the change against the baseline and positive means better. Less is better
// for reclaims, stall, writeback and wakeups; pages scanned and reclaimed are
// neutral (never coloured, see tone.ts). A variant that traced nothing of the
// range says so instead of 0; a value over a zero baseline reads "new".

import { SUMMARY_ROWS, type Summary } from '../model/summary.ts';
import { changeTone, type Direction, type Tone } from './tone.ts';

export interface Cell {
  /** NaN when the variant traced nothing of the range. */
  value: number;
  text: string;
  /** Change against the baseline in percent, positive = better; null for no baseline, a 0 baseline or nothing traced. */
  change: number | null;
  changeText: string;
  tone: Tone;
}

export interface TableRow {
  key: string;
  label: string;
  unit: string;
  cells: Cell[];
}

export interface VariantColumn {
  summary: Summary;
  /** Seconds of trace, for rates. */
  seconds: number;
  /** False when the trace covers none of the range shown. */
  traced: boolean;
}

export const NOT_TRACED = 'not traced in this range';

export function formatValue(unit: string, v: number, rates: boolean): string {
  const isTime = unit === 'ms';
  if (unit === '%') return v.toFixed(2);
  if (rates) return isTime ? v.toFixed(3) : v.toFixed(2);
  return isTime || !Number.isInteger(v) ? v.toFixed(2) : String(v);
}

/** Change in percent, positive = better for `direction` ('lower' and 'neutral': less is positive). */
export function changePercent(base: number, v: number, direction: Direction = 'lower'): number | null {
  if (base === 0) return v === 0 ? 0 : null;
  const c = ((base - v) / Math.abs(base)) * 100;
  return direction === 'higher' ? -c : c;
}

/** Rows scanned/reclaimed pages are neutral: more scanning is neither better nor worse by itself. */
export function summaryDirection(key: string): Direction {
  return /Pages(Scanned|Reclaimed)$/.test(key) ? 'neutral' : 'lower';
}

/** One row of cells: values (null = not traced) against the baseline column. */
export function rowCells(values: (number | null)[], baselineIndex: number, unit: string, direction: Direction, rates: boolean): Cell[] {
  const base = baselineIndex >= 0 ? values[baselineIndex] : null;
  return values.map((v) => {
    if (v === null) return { value: NaN, text: NOT_TRACED, change: null, changeText: '', tone: 'none' };
    const change = base === null ? null : changePercent(base, v, direction);
    const isNew = base === 0 && v !== 0;
    const changeText = base === null ? '' : isNew ? '(new)' : change === null ? '' : `(${change.toFixed(2)}%)`;
    return { value: v, text: formatValue(unit, v, rates), change, changeText, tone: changeTone(change, isNew, direction) };
  });
}

export function summaryTable(columns: VariantColumn[], baselineIndex: number, rates: boolean): TableRow[] {
  return SUMMARY_ROWS.map((row) => {
    const values = columns.map((c) => (!c.traced ? null : rates ? (c.seconds > 0 ? c.summary[row.key] / c.seconds : 0) : c.summary[row.key]));
    return {
      key: row.key,
      label: row.label,
      unit: rates ? (row.unit === 'ms' ? 'ms/s' : `${row.unit}/s`) : row.unit,
      cells: rowCells(values, baselineIndex, row.unit, summaryDirection(row.key), rates),
    };
  });
}
