// ftrace text: the `trace` file (with its `# tracer:` header) and `trace_pipe`
// (no header), as printed by kernel/trace/trace_output.c in every era:
//   "%16s-%-5d [%03d] %5lu.%06lu: "                 2.6.36, no flags column
//   "%16s-%-5d [%03d] dNhp %5lu.%06lu: "            3.x-5.x, 4 flag characters
//   "%16s-%-7d (%7d) [%03d] dNhpm %5lu.%06lu: "     5.1x+ with record-tgid, 5 flags
// The comm may hold spaces and dashes (`Jit thread pool-4435`), be empty
// (`-5972`) or `<...>` (a saved_cmdlines miss); the pid is the digits right
// before the last `-` that precedes the optional `(tgid)` and the `[cpu]`.
// trace-cmd report uses the same layout (trace-cmd-report.ts). Skipped here:
// header and marker lines, which the driver (text-parser.ts) counts.
// Documented in Documentation/trace/ftrace.rst, "Output format".

import { isDigit, isSpace } from './bytes.ts';
import { findCpuBracket, parseAfterBracket, type LineFields } from './line-layout.ts';

/** Parses an ftrace-style event line; false if the line is not one. */
export function parseFtraceLine(buf: Uint8Array, start: number, end: number, out: LineFields): boolean {
  const p = findCpuBracket(buf, start, end);
  if (p < 0) return false;
  let j = p - 1;
  while (j >= start && isSpace(buf[j])) j--;
  if (j >= start && buf[j] === 0x29) {
    // `(  1234)` or `(-------)`: the TGID column
    while (j >= start && buf[j] !== 0x28) j--;
    if (j < start) return false;
    j--;
    while (j >= start && isSpace(buf[j])) j--;
  }
  const pidEnd = j + 1;
  while (j >= start && isDigit(buf[j])) j--;
  const pidStart = j + 1;
  if (pidStart === pidEnd || j < start || buf[j] !== 0x2d) return false;
  let pid = 0;
  for (let k = pidStart; k < pidEnd; k++) pid = pid * 10 + (buf[k] - 0x30);
  let cs = start;
  while (cs < j && isSpace(buf[cs])) cs++;
  out.family = 'ftrace';
  out.commStart = cs;
  out.commEnd = j;
  out.pid = pid;
  return parseAfterBracket(buf, p, end, out);
}
