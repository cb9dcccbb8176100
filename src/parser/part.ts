// The plain data that one part of a text trace travels as between threads
// (text-part.ts cuts and merges; text-parser.ts exports and absorbs). Its own
// module so that the parser and the splitter do not import each other.

import type { EventColumns } from '../model/event-table.ts';
import type { CaptureFormat, ParseReport } from '../model/parse-report.ts';

/** What every part after the first is told: the format the file's first event decided. */
export interface PartSeed {
  format: CaptureFormat;
  timeUnit: 'ns' | 'ticks';
}

/** One part's results, all plain data and typed arrays (transferable between threads). */
export interface TextPart extends EventColumns {
  /** The part's string table and event-name table: bytes of each id, concatenated. */
  strings: { bytes: Uint8Array; ends: Int32Array };
  names: { bytes: Uint8Array; ends: Int32Array };
  nameCounts: Int32Array;
  taskPid: Int32Array;
  taskComm: Int32Array;
  /** The part's named tasks, least recently seen first. */
  namedBySeen: Int32Array;
  /** Counts and examples with line numbers from the part's first line; no warnings, no eventsByName. */
  report: ParseReport;
  overwrites: { missing: number; written: number; line: number }[];
  lines: number;
  firstEventTs: number | null;
  lastEventTs: number | null;
  sawCpusPreamble: boolean;
  /** `# reclaimscope-record` lines this part could not read, by line number within the part. */
  recordIssues: { line: number; message: string }[];
}

