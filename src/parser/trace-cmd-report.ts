// `trace-cmd report` text (tracecmd/trace-read.c). Event lines share the
// ftrace layout (ftrace-text.ts); older trace-cmd prints no flags column,
// trace-cmd >= 3.3 (commit 1e713bfc, 2024) prints it, and names are padded to
// 20 columns. What is its own is the preamble and its loss markers:
//   `version = 6`, `cpus=2`, `CPU 3 is empty`   (preamble, not events)
//   `CPU:1 [1234 EVENTS DROPPED]`, `CPU:1 [EVENTS DROPPED]`  (lost events)
// Several inputs (`-i a -i b`) prefix each line with the file name; that form
// is not read (the lines are counted as unrecognised).

export interface PreambleLine {
  kind: 'cpus' | 'version' | 'empty-cpu';
  value: number;
}

const CPUS = /^\s*cpus=(\d+)\s*$/;
const VERSION = /^\s*version = (\d+)\s*$/;
const EMPTY_CPU = /^\s*CPU (\d+) is empty\s*$/;

export function parseTraceCmdPreamble(line: string): PreambleLine | null {
  let m = CPUS.exec(line);
  if (m) return { kind: 'cpus', value: Number(m[1]) };
  m = VERSION.exec(line);
  if (m) return { kind: 'version', value: Number(m[1]) };
  m = EMPTY_CPU.exec(line);
  if (m) return { kind: 'empty-cpu', value: Number(m[1]) };
  return null;
}

export interface LostMarker {
  cpu: number;
  /** Number of events lost, or null when the marker does not say. */
  count: number | null;
}

// kernel: `CPU:%d [LOST %lu EVENTS]` and, since ~5.7, `CPU:%d [LOST EVENTS]`;
// trace-cmd: `CPU:%d [%lld EVENTS DROPPED]` and `CPU:%d [EVENTS DROPPED]`.
const LOST = /^\s*CPU:\s*(\d+)\s+\[(?:LOST (\d+) EVENTS|LOST EVENTS|(\d+) EVENTS DROPPED|EVENTS DROPPED)\]\s*$/;

export function parseLostMarker(line: string): LostMarker | null {
  const m = LOST.exec(line);
  if (!m) return null;
  const n = m[2] ?? m[3];
  return { cpu: Number(m[1]), count: n === undefined ? null : Number(n) };
}
