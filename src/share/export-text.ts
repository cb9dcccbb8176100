// The comparison table as text to paste elsewhere: plain text in the layout
// of the 2010 seed mail (ready for a mailing-list post), Markdown and CSV.
// Names come from traces and links, so they are escaped for each format:
// Markdown gets no raw HTML or table breaks, CSV no formulas.

import { describeRecorded, type Recorded } from '../model/recorded.ts';
import type { TableRow } from './summary-rows.ts';

export interface TextTable {
  title: string;
  names: string[];
  rows: TableRow[];
  /** Label suffix per unit, e.g. ' (ms)'. */
  unitSuffix: (unit: string) => string;
  /** Sentences printed under the table: what may make its numbers wrong (analysis/warnings.ts). */
  notes?: string[];
  /** Each variant's `reclaimscope record` header, if it has one (named above the table). */
  recorded?: (Recorded | null | undefined)[];
}

/** `Recorded with reclaimscope record:` and one line per recorded variant: kernel, sysctls, command, CPU time, exit, lost events. */
function recordedLines(t: TextTable): string[] {
  const rec = t.recorded ?? [];
  if (!rec.some(Boolean)) return [];
  const lines = ['Recorded with reclaimscope record:'];
  rec.forEach((r, i) => {
    if (r) lines.push(`  ${oneLine(t.names[i])}: ${describeRecorded(r).map(([k, v]) => `${k} ${oneLine(v)}`).join('; ')}`);
  });
  return [...lines, ''];
}

function cell(c: TableRow['cells'][number], isBaseline: boolean): string {
  return isBaseline || !c.changeText ? c.text : `${c.text} ${c.changeText}`;
}

function oneLine(s: string): string {
  return s.replace(/[\r\n\t]+/g, ' ');
}

/** Plain text, columns aligned with spaces, as in Mel Gorman's comparison mails. */
export function toPlainText(t: TextTable, baseline: number): string {
  const labels = t.rows.map((r) => `${r.label}${t.unitSuffix(r.unit)}`);
  const names = t.names.map(oneLine);
  const labelW = Math.max(t.title.length, ...labels.map((l) => l.length));
  const cols = names.map((n, i) => Math.max(n.length, ...t.rows.map((r) => cell(r.cells[i], i === baseline).length)));
  const lines = [...recordedLines(t), `${t.title.padEnd(labelW)} ${names.map((n, i) => n.padStart(cols[i])).join('  ')}`];
  t.rows.forEach((r, j) => {
    lines.push(`${labels[j].padEnd(labelW)} ${r.cells.map((c, i) => cell(c, i === baseline).padStart(cols[i])).join('  ')}`);
  });
  if (t.notes?.length) lines.push('', ...t.notes.map((n) => `Note: ${oneLine(n)}`));
  return lines.join('\n') + '\n';
}

export function escapeMarkdown(s: string): string {
  return oneLine(s)
    .replace(/\\/g, '\\\\')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\|/g, '\\|')
    .replace(/([`*_[\]#])/g, '\\$1');
}

export function toMarkdown(t: TextTable, baseline: number): string {
  const head = `| ${escapeMarkdown(t.title)} | ${t.names.map(escapeMarkdown).join(' | ')} |`;
  const sep = `|---|${t.names.map(() => '---:').join('|')}|`;
  const body = t.rows.map((r) => `| ${escapeMarkdown(`${r.label}${t.unitSuffix(r.unit)}`)} | ${r.cells.map((c, i) => escapeMarkdown(cell(c, i === baseline))).join(' | ')} |`);
  const recorded = recordedLines(t).map((l) => (l ? escapeMarkdown(l.trim()) + '  ' : l));
  const notes = t.notes?.length ? ['', ...t.notes.map((n) => `> **Note:** ${escapeMarkdown(n)}`)] : [];
  return [...recorded, head, sep, ...body, ...notes].join('\n') + '\n';
}

export function escapeCsv(s: string): string {
  let v = oneLine(s);
  if (/^[=+\-@]/.test(v)) v = `'${v}`; // never a formula in a spreadsheet
  return /[",\n]/.test(v) || v !== v.trim() ? `"${v.replace(/"/g, '""')}"` : v;
}

/** CSV: one row per statistic, value and change (percent, positive = better) per variant. */
export function toCsv(t: TextTable): string {
  const head = ['statistic', 'unit', ...t.names.flatMap((n) => [n, `${n} change %`])].map(escapeCsv).join(',');
  // Numbers are written as numbers; only text (labels, names) is escaped.
  const body = t.rows.map((r) =>
    [escapeCsv(r.label), escapeCsv(r.unit), ...r.cells.flatMap((c) => [String(c.value), c.change === null ? '' : c.change.toFixed(2)])].join(','),
  );
  const notes = (t.notes ?? []).map((n) => `note,${escapeCsv(n)}`);
  return [head, ...body, ...notes].join('\n') + '\n';
}
