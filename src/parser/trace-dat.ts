// trace-cmd's binary trace.dat, versions 6 and 7 (sections, zstd/zlib), read into
// the event table: the file header here, the metadata in trace-dat-meta.ts and
// trace-dat-versions.ts, the CPU pages merged in time order as `trace-cmd report`
// does in trace-dat-ring.ts, each record decoded in trace-dat-sink.ts. Not read:
// kallsyms, printk formats, latency text, instances other than the top buffer,
// guest time sync. Layout: trace-cmd's Documentation/trace-cmd/trace-cmd.dat.v{6,7}.5.txt.

import type { EventTableBuilder } from '../model/event-table.ts';
import type { ParseReport } from '../model/parse-report.ts';
import { TraceError } from './errors.ts';
import type { ByteSource } from './source.ts';
import { DatFile, Reader, corrupt } from './trace-dat-io.ts';
import { newMeta } from './trace-dat-meta.ts';
import { mergeCpus } from './trace-dat-ring.ts';
import { EventSink } from './trace-dat-sink.ts';
import { readV6, readV7 } from './trace-dat-versions.ts';

export interface DatOptions {
  signal?: AbortSignal;
  onProgress?: (bytesRead: number) => void;
  /**
   * 'us' (default) rounds each timestamp to the microsecond exactly as
   * `trace-cmd report` prints it (libtraceevent's print_event_time:
   * (ts + 500) / 1000), so that a .dat gives exactly what its report text
   * gives, to the last duration. 'ns' keeps the file's nanoseconds.
   */
  timeResolution?: 'ns' | 'us';
  /** Called with the UNAME option ("sysname nodename release machine") when the file has one. */
  onUname?: (uname: string) => void;
}

/**
 * Clocks that `trace-cmd report` prints as seconds.microseconds; any other
 * clock (counter, x86-tsc) is printed as raw ticks (extract_trace_clock in
 * lib/trace-cmd/trace-input.c).
 */
function clockCountsNs(clock: string): boolean {
  return ['local', 'global', 'uptime', 'perf', 'tai', 'tsc2nsec'].includes(clock) || clock.startsWith('mono');
}

const MAGIC = [0x17, 0x08, 0x44, 0x74, 0x72, 0x61, 0x63, 0x69, 0x6e, 0x67]; // "\x17\x08Dtracing"

/** Reads a trace.dat into the builder and report. */
export async function parseTraceDat(
  source: ByteSource,
  builder: EventTableBuilder,
  report: ParseReport,
  _version: string,
  opts: DatOptions,
): Promise<void> {
  const file = new DatFile(source, opts);
  const r = Reader.ofFile(file, 0, file.size, 'file header', true);
  const magic = await r.bytes(MAGIC.length, 'file header');
  for (let i = 0; i < MAGIC.length; i++)
    if (magic[i] !== MAGIC[i]) throw corrupt('it does not start with the trace.dat magic bytes ("\\x17\\x08Dtracing")');
  const versionText = await r.cstring(16);
  const version = /^\d+$/.test(versionText) ? Number(versionText) : NaN;
  if (version !== 6 && version !== 7)
    throw new TraceError(
      'trace-dat',
      `trace.dat version "${versionText}" is not read (versions 6 and 7 are); convert it to text first: trace-cmd report -i FILE > FILE.txt`,
    );
  const endian = await r.u8();
  if (endian !== 0 && endian !== 1) throw corrupt(`the endianness byte is ${endian}, not 0 or 1`);
  const le = endian === 0;
  r.le = le;
  const userLong = await r.u8();
  if (userLong !== 4 && userLong !== 8) throw corrupt(`the long size is ${userLong}, not 4 or 8`);
  const pageSize = await r.u32();
  if (pageSize < 256 || pageSize > 1 << 24 || (pageSize & (pageSize - 1)) !== 0) throw corrupt(`the page size is ${pageSize}`);
  const meta = newMeta(version, le, userLong, pageSize);
  if (version === 6) await readV6(file, r, meta);
  else await readV7(file, r, meta);

  if (meta.uname) opts.onUname?.(meta.uname);
  report.format = 'trace-cmd-dat';
  report.capture = 'trace.dat';
  report.cpus = meta.cpuCount;
  const ticks = meta.clock !== null && !clockCountsNs(meta.clock) && meta.tsc === null;
  report.timeUnit = ticks ? 'ticks' : 'ns';
  if (ticks)
    report.warnings.push(
      `The trace clock is "${meta.clock}", which does not count nanoseconds (counter or TSC). Times are shown in clock ticks.`,
    );
  if (meta.instances.length)
    report.warnings.push(`Only the top trace buffer was read; the file also holds the instance(s) ${meta.instances.map((n) => `"${n}"`).join(', ')}.`);
  if (Math.abs(meta.tsOffsetNs) > 2 ** 52)
    report.warnings.push('The file adds a date offset to every timestamp; at that size the nanoseconds are rounded (float64).');
  if (meta.catalog.unreadable) report.warnings.push(`${meta.catalog.unreadable} event format file(s) in the trace.dat could not be read.`);
  for (const c of meta.catalog.clashes) report.warnings.push(`Damaged event formats: ${c}; their records are counted, not stored.`);

  const sink = new EventSink(builder, report, meta, opts.timeResolution !== 'ns');
  await mergeCpus(file, meta, sink);
  sink.finish();
  report.warnings.push(...meta.warnings);
  report.bytes = file.bytesRead;
  report.decodedBytes = file.decodedBytes;
  file.finishProgress();
  if (report.events === 0) {
    const empty = meta.cpus.every((c) => c.size === 0);
    throw new TraceError(
      'no-events',
      empty ? 'the trace.dat holds no recorded events (every CPU buffer is empty)' : 'the trace.dat holds no events',
    );
  }
}
