// trace-cmd's binary trace.dat. Not read yet (issue: read trace.dat directly):
// detection is in detect.ts; until the reader lands, the user is told what the
// file is and how to turn it into text that we read.

import type { EventTableBuilder } from '../model/event-table.ts';
import type { ParseReport } from '../model/parse-report.ts';
import { TraceError } from './errors.ts';
import type { ByteSource } from './source.ts';

export interface DatOptions {
  signal?: AbortSignal;
  onProgress?: (bytesRead: number) => void;
}

/** Reads a trace.dat into the builder and report. */
export async function parseTraceDat(
  _source: ByteSource,
  _builder: EventTableBuilder,
  _report: ParseReport,
  version: string,
  _opts: DatOptions,
): Promise<void> {
  throw new TraceError(
    'trace-dat',
    `this is a trace-cmd trace.dat file (version ${version || '?'}); convert it to text first: trace-cmd report -i FILE > FILE.txt`,
  );
}
