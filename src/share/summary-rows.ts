// Adapter from per-variant Summaries to the comparison table's cells, in the
// mmtests style of the seed mail: `6008.81 (24.71%)`, where the percentage is
// the change against the baseline and positive means better. Every Summary row
// is "less is better" (less reclaim work, less stall), so the change is
// (baseline - value) / baseline.

import { SUMMARY_ROWS, type Summary, type SummaryKey } from '../model/summary.ts';

export interface Cell {
  value: number;
  text: string;
  /** Change against the baseline in percent, positive = better; null for no baseline or a 0 baseline. */
  change: number | null;
  changeText: string;
  tone: 'better' | 'worse' | 'same' | 'none';
}

export interface TableRow {
  key: SummaryKey;
  label: string;
  unit: string;
  cells: Cell[];
}

export interface VariantColumn {
  summary: Summary;
  /** Seconds of trace, for rates. */
  seconds: number;
}

export function formatValue(key: SummaryKey, v: number, rates: boolean): string {
  const isTime = key.endsWith('Ms');
  if (rates) return isTime ? v.toFixed(3) : v.toFixed(2);
  return isTime ? v.toFixed(2) : String(Math.round(v));
}

export function changePercent(base: number, v: number): number | null {
  if (base === 0) return v === 0 ? 0 : null;
  return ((base - v) / Math.abs(base)) * 100;
}

export function summaryTable(columns: VariantColumn[], baselineIndex: number, rates: boolean): TableRow[] {
  return SUMMARY_ROWS.map((row) => {
    const values = columns.map((c) => (rates ? (c.seconds > 0 ? c.summary[row.key] / c.seconds : 0) : c.summary[row.key]));
    const base = baselineIndex >= 0 ? values[baselineIndex] : null;
    return {
      key: row.key,
      label: row.label,
      unit: rates ? (row.unit === 'ms' ? 'ms/s' : `${row.unit}/s`) : row.unit,
      cells: values.map((v) => {
        const change = base === null ? null : changePercent(base, v);
        const text = formatValue(row.key, v, rates);
        const changeText = change === null ? (base === null ? '' : '(n/a)') : `(${change.toFixed(2)}%)`;
        const tone = change === null ? 'none' : Math.abs(change) < 0.005 ? 'same' : change > 0 ? 'better' : 'worse';
        return { value: v, text, change, changeText, tone };
      }),
    };
  });
}
