// Any table of the page (process and kswapd rows, latency percentiles) as text
// to paste elsewhere: aligned plain text, Markdown, CSV. Cells are text or
// numbers; names come from traces, so they are escaped for each format as the
// comparison table's exports do (comparison-table.ts).

import { escapeCsv, escapeMarkdown } from './comparison-export.ts';

export interface Grid {
  columns: { label: string; numeric?: boolean }[];
  rows: (string | number)[][];
}

export type GridFormat = 'text' | 'Markdown' | 'CSV';

function show(v: string | number): string {
  return typeof v === 'number' ? String(+v.toFixed(3)) : v.replace(/[\r\n\t]+/g, ' ');
}

export function gridText(g: Grid, format: GridFormat): string {
  switch (format) {
    case 'text': {
      const cells = [g.columns.map((c) => c.label), ...g.rows.map((r) => r.map(show))];
      const w = g.columns.map((_, i) => Math.max(...cells.map((r) => r[i].length)));
      return cells.map((r) => r.map((c, i) => (g.columns[i].numeric ? c.padStart(w[i]) : c.padEnd(w[i]))).join('  ').trimEnd()).join('\n') + '\n';
    }
    case 'Markdown': {
      const head = `| ${g.columns.map((c) => escapeMarkdown(c.label)).join(' | ')} |`;
      const sep = `|${g.columns.map((c) => (c.numeric ? '---:' : '---')).join('|')}|`;
      return [head, sep, ...g.rows.map((r) => `| ${r.map((v) => escapeMarkdown(show(v))).join(' | ')} |`)].join('\n') + '\n';
    }
    case 'CSV':
      // Numbers are written as numbers; only text is escaped (never a formula).
      return [g.columns.map((c) => escapeCsv(c.label)).join(','), ...g.rows.map((r) => r.map((v) => (typeof v === 'number' ? String(v) : escapeCsv(v))).join(','))].join('\n') + '\n';
    default: {
      const never: never = format;
      throw new Error(`unknown format ${String(never)}`);
    }
  }
}
