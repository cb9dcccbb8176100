// `perf script` default output for tracepoint events (tools/perf/builtin-script.c):
//   "%16s %7d [%03d] %12s: %*s: payload"   comm, tid, cpu, time, system:event
// e.g. `         kswapd0    45 [001]   986.120090:   vmscan:mm_vmscan_kswapd_wake: nid=0 order=0`
// With `-F pid,tid` the task is printed `pid/tid`; we key tasks by tid, as
// ftrace does. Comm and tid are separated by spaces, not `-`, there is no
// flags column, and the event name carries its `vmscan:` system prefix.
// A sample whose thread perf does not know prints comm `:-1` and tid `-1`; it
// is kept with tid -1. Callchain lines (perf script -g) are not events: the
// driver counts them as skipped stack-trace lines.

import { isDigit, isSpace } from './bytes.ts';
import { findCpuBracket, parseAfterBracket, type LineFields } from './line-layout.ts';

export function parsePerfLine(buf: Uint8Array, start: number, end: number, out: LineFields): boolean {
  const p = findCpuBracket(buf, start, end);
  if (p < 0) return false;
  let j = p - 1;
  while (j >= start && isSpace(buf[j])) j--;
  const tidEnd = j + 1;
  while (j >= start && isDigit(buf[j])) j--;
  const tidStart = j + 1;
  if (tidStart === tidEnd || j < start) return false;
  // `-1` is what perf prints for a thread it does not know, as tid and as pid.
  let negative = false;
  if (j > start && buf[j] === 0x2d /* - */ && (isSpace(buf[j - 1]) || buf[j - 1] === 0x2f)) {
    negative = true;
    j--;
  }
  if (buf[j] === 0x2f /* / */) {
    // pid/tid
    j--;
    const pidEnd = j;
    while (j >= start && isDigit(buf[j])) j--;
    if (j === pidEnd) return false;
    if (j > start && buf[j] === 0x2d && isSpace(buf[j - 1])) j--;
  }
  if (j < start || !isSpace(buf[j])) return false;
  let tid = 0;
  for (let k = tidStart; k < tidEnd; k++) tid = tid * 10 + (buf[k] - 0x30);
  if (negative) tid = -tid;
  while (j >= start && isSpace(buf[j])) j--;
  let cs = start;
  while (cs <= j && isSpace(buf[cs])) cs++;
  out.family = 'perf';
  out.commStart = cs;
  out.commEnd = j + 1;
  out.pid = tid;
  return parseAfterBracket(buf, p, end, out);
}
