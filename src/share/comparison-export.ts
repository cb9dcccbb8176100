// The comparison table's renderings (share/comparison-table.ts builds it):
// the `compare --json` object, plain text in the layout of the 2010
// comparison mails, Markdown and CSV. The app's copy buttons and `reclaimscope
// compare` both print through these, so the two cannot disagree.

import { oneLine, unitSuffix, type CompareCell, type CompareRow, type Comparison } from './comparison-table.ts';

// ---------------------------------------------------------------- JSON

export interface ComparisonJson {
  baseline: string;
  level: number;
  variants: {
    name: string;
    runs: string[];
    rows: Record<string, { mean: number; sd: number | null; n: number; changePct: number | null; p: number | null; significant: boolean }>;
  }[];
}

/** The `compare --json` contract: every numeric key of `report --json`'s summary and extra, per variant. */
export function comparisonJson(c: Comparison): ComparisonJson {
  return {
    baseline: c.names[c.baseline],
    level: c.level,
    variants: c.names.map((name, i) => ({
      name,
      runs: c.files[i],
      rows: Object.fromEntries(
        [...c.rows, ...c.jsonOnly].map((r) => {
          const x = r.cells[i];
          return [r.key, { mean: x.stats.mean, sd: x.stats.sd, n: x.stats.n, changePct: x.changePct, p: x.p, significant: x.significant }];
        }),
      ),
    })),
  };
}

// ---------------------------------------------------------------- text

const WIDTH = 80;

function wrap(text: string, width: number, indent = '  '): string[] {
  const words = oneLine(text).split(' ');
  const lines: string[] = [];
  let cur = '';
  for (const w of words) {
    if (cur && (cur + ' ' + w).length > width) {
      lines.push(cur);
      cur = indent + w;
    } else cur = cur ? `${cur} ${w}` : w;
  }
  if (cur) lines.push(cur);
  return lines;
}

function cellText(c: CompareCell): string {
  return c.changeText ? `${c.text} ${c.changeText}${c.mark}` : `${c.text}${c.mark}`;
}

function alias(i: number): string {
  return i < 26 ? String.fromCharCode(65 + i) : `V${i + 1}`;
}

/**
 * Plain text in the layout of the 2010 comparison mails: a header naming the
 * variants' files, the Summary, the extra rows, the Time block and latency
 * percentiles. Fits 80 columns when the names allow; otherwise long names move
 * into a legend (A = name) and the columns carry the letters.
 */
export function comparisonText(c: Comparison): string {
  const title = c.rates ? 'Rate per second' : 'FTrace Reclaim Statistics';
  const label = (r: CompareRow) => `${r.label}${unitSuffix(r.unit)}`;
  const blocks: { title: string; rows: { label: string; cells: string[] }[] }[] = [
    { title, rows: c.rows.filter((r) => r.block === 'summary').map((r) => ({ label: label(r), cells: r.cells.map(cellText) })) },
    { title: "Beyond the script's Summary", rows: c.rows.filter((r) => r.block === 'extra').map((r) => ({ label: label(r), cells: r.cells.map(cellText) })) },
    { title: 'Time (mean over runs)', rows: c.time },
  ];
  if (c.latency) blocks.push({ title: 'Latency (runs pooled)', rows: c.latency });
  const all = blocks.flatMap((b) => [{ label: b.title, cells: [] as string[] }, ...b.rows]);
  const labelW = Math.max(...all.map((r) => r.label.length));
  const widthWith = (names: string[]) => {
    const cols = names.map((n, i) => Math.max(n.length, ...all.map((r) => (r.cells[i] ?? '').length)));
    return { cols, total: labelW + cols.reduce((a, w) => a + w + 2, 0) };
  };
  const names = c.names.map(oneLine);
  let shown = names;
  let layout = widthWith(names);
  let legend = false;
  if (layout.total > WIDTH) {
    const short = names.map((n, i) => (n.length > 12 ? alias(i) : n));
    const alt = widthWith(short);
    if (alt.total < layout.total) {
      shown = short;
      layout = alt;
      legend = short.some((s, i) => s !== names[i]);
    }
  }
  const out: string[] = c.recorded.length ? [...c.recorded, ''] : [];
  for (const h of c.header.slice(0, 1)) out.push(...wrap(h, WIDTH));
  c.header.slice(1, 1 + names.length).forEach((h, i) => out.push(...wrap(legend && shown[i] !== names[i] ? `${shown[i]} = ${h}` : h, WIDTH)));
  for (const h of c.header.slice(1 + names.length)) out.push(...wrap(h, WIDTH, ''));
  if (c.untested) out.push(...wrap(c.untested, WIDTH, ''));
  for (const b of blocks) {
    if (b.rows.length === 0) continue;
    out.push('');
    out.push(`${b.title.padEnd(labelW)}${shown.map((n, i) => `  ${n.padStart(layout.cols[i])}`).join('')}`);
    for (const r of b.rows) out.push(`${r.label.padEnd(labelW)}${r.cells.map((x, i) => `  ${x.padStart(layout.cols[i])}`).join('')}`.trimEnd());
  }
  if (c.notes.length) out.push('', ...c.notes.map((n) => `Note: ${oneLine(n)}`));
  return out.join('\n') + '\n';
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

/** Markdown: the header as a paragraph, then one table with the same blocks as the text. */
export function comparisonMarkdown(c: Comparison): string {
  const head = `| ${c.rates ? 'Rate per second' : 'FTrace Reclaim Statistics'} | ${c.names.map(escapeMarkdown).join(' | ')} |`;
  const sep = `|---|${c.names.map(() => '---:').join('|')}|`;
  const line = (label: string, cells: string[]) => `| ${escapeMarkdown(label)} | ${cells.map(escapeMarkdown).join(' | ')} |`;
  const body = c.rows.map((r) => line(`${r.label}${unitSuffix(r.unit)}`, r.cells.map(cellText)));
  const blank = c.names.map(() => '');
  body.push(line('Time (mean over runs)', blank));
  for (const t of c.time) body.push(line(t.label, t.cells));
  if (c.latency) {
    body.push(line('Direct reclaim latency (runs pooled)', blank));
    for (const t of c.latency) body.push(line(t.label, t.cells));
  }
  const header = [...c.header, ...(c.untested ? [c.untested] : [])].map((h) => escapeMarkdown(h) + '  ');
  const recorded = c.recorded.length ? [...c.recorded.map((l) => escapeMarkdown(l.trim()) + '  '), ''] : [];
  const notes = c.notes.length ? ['', ...c.notes.map((n) => `> **Note:** ${escapeMarkdown(n)}`)] : [];
  return [...recorded, ...header, '', head, sep, ...body, ...notes].join('\n') + '\n';
}

export function escapeCsv(s: string): string {
  let v = oneLine(s);
  if (/^[=+\-@]/.test(v)) v = `'${v}`; // never a formula in a spreadsheet
  return /[",\n]/.test(v) || v !== v.trim() ? `"${v.replace(/"/g, '""')}"` : v;
}

/**
 * CSV: one line per row. The first columns are those of the one-run export
 * (statistic, unit, then value and change % per variant, the baseline's change
 * 0.00); then per variant the sd, runs, p and mark; then the row's JSON key.
 * Warnings follow as `note,TEXT` lines.
 */
export function comparisonCsv(c: Comparison): string {
  const head = [
    'statistic',
    'unit',
    ...c.names.flatMap((n) => [n, `${n} change %`]),
    ...c.names.flatMap((n) => [`${n} sd`, `${n} runs`, `${n} p`, `${n} significant`]),
    'key',
  ]
    .map(escapeCsv)
    .join(',');
  const num = (x: number | null) => (x === null || !Number.isFinite(x) ? '' : String(x));
  const body = c.rows.map((r) =>
    [
      escapeCsv(r.label),
      escapeCsv(r.unit),
      ...r.cells.flatMap((x, i) => [num(x.stats.mean), i === c.baseline || x.changeText === '(0.00%)' ? '0.00' : x.changePct === null ? '' : x.changePct.toFixed(2)]),
      ...r.cells.flatMap((x) => [num(x.stats.sd), String(x.stats.n), num(x.p), x.mark === '' ? '' : x.significant ? 'yes' : 'no']),
      escapeCsv(r.key),
    ].join(','),
  );
  const notes = c.notes.map((n) => `note,${escapeCsv(n)}`);
  return [head, ...body, ...notes].join('\n') + '\n';
}
