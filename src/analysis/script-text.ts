// The kernel script's text report, rendered from our analysis: the latency
// list, the process table, the kswapd table and the Summary block. The Summary
// is byte for byte the script's layout (labels, tabs, `%-1.2f seconds`), with 0
// where the script prints an empty value. The two tables show the values their
// headers name: the 6.12 script passes file/anon arguments its printf formats
// do not consume, so its own columns are shifted (see README).

import type { EventTable } from '../model/event-table.ts';
import { SUMMARY_ROWS, type Summary } from '../model/summary.ts';
import { ns as asNs, nsToMs, nsToSec } from '../model/units.ts';
import type { Analysis } from './analyze.ts';
import { byName } from './report.ts';
import { processRows, summarize, taskName, type GroupBy, type ProcessRow } from './summary.ts';

function padEnd(s: string, n: number): string {
  return s.length >= n ? s : s + ' '.repeat(n - s.length);
}
function padStart(s: string, n: number): string {
  return s.length >= n ? s : ' '.repeat(n - s.length) + s;
}
function int(n: number, w: number): string {
  return padStart(String(Math.trunc(n)), w);
}

/**
 * C printf `%.Nf`: the exact binary value rounded to N decimals, exact ties to
 * even as glibc does (JavaScript's toFixed sends ties up).
 */
export function fixed(x: number, digits: number): string {
  if (!Number.isFinite(x)) return String(x);
  const neg = x < 0;
  const exact = Math.abs(x).toFixed(100); // exact decimal expansion of the double
  const dot = exact.indexOf('.');
  const intPart = exact.slice(0, dot);
  const frac = exact.slice(dot + 1);
  const kept = intPart + frac.slice(0, digits);
  const rest = frac.slice(digits);
  let up = rest[0] > '5' || (rest[0] === '5' && /[1-9]/.test(rest.slice(1)));
  if (rest[0] === '5' && !/[1-9]/.test(rest.slice(1))) up = Number(kept[kept.length - 1]) % 2 === 1;
  let digitsStr = kept;
  if (up) {
    const arr = digitsStr.split('');
    let i = arr.length - 1;
    while (i >= 0) {
      if (arr[i] === '9') {
        arr[i] = '0';
        i--;
      } else {
        arr[i] = String(Number(arr[i]) + 1);
        break;
      }
    }
    digitsStr = (i < 0 ? '1' : '') + arr.join('');
  }
  const ip = digitsStr.slice(0, digitsStr.length - digits) || '0';
  const fp = digitsStr.slice(digitsStr.length - digits);
  const body = digits > 0 ? `${ip}.${fp}` : ip;
  const isZero = /^[0.]*$/.test(body);
  return neg && !isZero ? `-${body}` : body;
}

function orders(prefix: string, m: Record<string, number>): string {
  let s = '';
  for (let o = 0; o < 20; o++) if (m[o]) s += `${prefix}-${o}=${m[o]} `;
  return s;
}

export interface ScriptTextOptions {
  groupBy?: GroupBy;
  kernelCompat?: boolean;
}

export function renderScriptReport(table: EventTable, a: Analysis, opts: ScriptTextOptions = {}): string {
  const groupBy = opts.groupBy ?? 'task';
  const rows = processRows(table, a, opts).sort(byName((r: ProcessRow) => r.name));
  let width = 0;
  for (const r of rows) width = Math.max(width, r.name.length);
  width += 2;
  let out = '';
  if (groupBy !== 'comm') {
    out += '\nReclaim latencies expressed as order-latency_in_ms\n';
    const lat = new Map<number, string[]>();
    const add = (t: number, order: number, ns: number): void => {
      let l = lat.get(t);
      if (!l) lat.set(t, (l = []));
      l.push(`${order}-${+nsToMs(asNs(ns)).toFixed(6)}`);
    };
    for (let i = 0; i < a.direct.length; i++) add(a.direct.task[i], a.direct.order[i], a.direct.end[i] - a.direct.start[i]);
    for (let i = 0; i < a.kswapd.length; i++) add(a.kswapd.task[i], a.kswapd.order[i], a.kswapd.end[i] - a.kswapd.start[i]);
    const tasks = [...lat.keys()].sort(byName((t: number) => taskName(table, t)));
    for (const t of tasks) out += `${padEnd(taskName(table, t), width)} ${lat.get(t)!.join(' ')} \n`;
  }
  out += '\n';
  out += `${padEnd('Process', width)} ${padStart('Direct', 8)} ${padStart('Wokeup', 10)}   ${padStart('Pages', 8)} ${padStart('Pages', 8)}  ${padStart('Pages', 8)} ${padStart('Pages', 8)} ${padStart('Time', 8)} ${padStart('', 8)}\n`;
  out += `${padEnd('details', width)} ${padStart('Rclms', 8)} ${padStart('Kswapd', 10)}   ${padStart('Scanned', 8)} ${padStart('Rclmed', 8)}  ${padStart('Sync-IO', 8)} ${padStart('ASync-IO', 8)} ${padStart('Stalled', 8)} ${padStart('', 8)}\n`;
  for (const r of rows) {
    if (r.directReclaims <= 0) continue;
    let line = `${padEnd(r.name, width)} ${int(r.directReclaims, 8)} ${int(r.wakeKswapdRequests, 10)}   ${int(r.pagesScanned, 8)} ${int(r.pagesReclaimed, 8)}  ${int(r.writeSync, 8)} ${int(r.writeAsync, 8)} ${padStart(fixed(nsToSec(asNs(r.stallNs)), 3), 8)}`;
    line += '      ' + orders('direct', r.directPerOrder);
    if (r.wakeKswapdRequests) line += '      ' + orders('wakeup', r.wakeupPerOrder);
    out += line + '\n';
  }
  out += '\n';
  out += `${padEnd('Kswapd', width)} ${padStart('Kswapd', 8)} ${padStart('Order', 10)}   ${padStart('Pages', 8)}   ${padStart('Pages', 8)} ${padStart('Pages', 8)} ${padStart('Pages', 8)}\n`;
  out += `${padEnd('Instance', width)} ${padStart('Wakeups', 8)} ${padStart('Re-wakeup', 10)}   ${padStart('Scanned', 8)}   ${padStart('Rclmed', 8)} ${padStart('Sync-IO', 8)} ${padStart('ASync-IO', 8)}\n`;
  for (const r of rows) {
    if (r.kswapdWakeups <= 0) continue;
    let line = `${padEnd(r.name, width)} ${int(r.kswapdWakeups, 8)} ${int(r.kswapdRewakeups, 10)}   ${int(r.pagesScanned, 8)} ${int(r.pagesReclaimed, 8)}  ${int(r.writeSync, 8)} ${int(r.writeAsync, 8)}`;
    line += '      ' + orders('wake', r.kswapdWakePerOrder);
    if (r.kswapdRewakeups) line += '      ' + orders('rewake', r.rewakePerOrder);
    out += line + '\n';
  }
  out += renderSummaryBlock(summarize(rows));
  return out;
}

/** `\nSummary\n` and the 25 lines, as the script prints them (0 for its empty values). */
export function renderSummaryBlock(s: Summary): string {
  let out = '\nSummary\n';
  for (const row of SUMMARY_ROWS) {
    if (row.key === 'kswapdWakeups') out += '\n';
    const v = s[row.key];
    const text = row.unit === 'ms' ? `${fixed(v / 1000, 2)} seconds` : String(v);
    out += `${row.scriptPrefix}${text}\n`;
  }
  return out;
}
