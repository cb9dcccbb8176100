// Runs the parser on the same bytes cut three ways, one large chunk and tiny
// chunks of 3 and 7 bytes, and asserts that the three results are identical
// (every table column, the string and task tables, the whole parse report),
// so that no parser test can pass while a chunk-boundary bug hides.
// Also: fixture paths and small helpers shared by the parser tests.

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import type { EventTable } from '../model/event-table.ts';
import { totalSkipped, type ParseReport } from '../model/parse-report.ts';
import { isTraceError, type TraceError } from '../parser/errors.ts';
import { chunksOf, parseTrace, type ParsedTrace } from '../parser/parse.ts';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** The chunk sizes every parser test runs with: one big chunk, then 3 and 7 bytes. */
export const CHUNK_SIZES = [1 << 20, 3, 7] as const;

/** Bytes of a file under fixtures/, e.g. `fixture('eras/linux-2.6.36.txt')`. */
export function fixture(path: string): Uint8Array {
  return new Uint8Array(readFileSync(`${ROOT}fixtures/${path}`));
}

export function bytesOf(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}

/** The table as plain arrays, for deep comparison. */
export function tableSnapshot(t: EventTable): Record<string, unknown> {
  return {
    length: t.length,
    ts: Array.from(t.ts),
    task: Array.from(t.task),
    cpu: Array.from(t.cpu),
    kind: Array.from(t.kind),
    slots: t.slots.map((s) => Array.from(s)),
    extras: t.extras.map((x) => (x ? { length: x.length, rows: Array.from(x.rows), cols: x.cols.map((c) => (c ? Array.from(c) : null)) } : null)),
    taskPid: [...t.tasks.pid],
    taskComm: [...t.tasks.comm],
    strings: [...t.strings.values],
  };
}

/**
 * Parses `bytes` in one chunk and in chunks of 3 and 7 bytes, asserts the
 * three results are the same, and returns the one-chunk result.
 */
export async function parseBoth(bytes: Uint8Array): Promise<ParsedTrace> {
  const results: ParsedTrace[] = [];
  for (const size of CHUNK_SIZES) results.push(await parseTrace(chunksOf(bytes, size)));
  const [whole, ...tiny] = results;
  for (const [k, r] of tiny.entries()) {
    const size = CHUNK_SIZES[k + 1];
    expect(tableSnapshot(r.table), `table with ${size}-byte chunks`).toEqual(tableSnapshot(whole.table));
    expect(r.report, `report with ${size}-byte chunks`).toEqual(whole.report);
  }
  expectLinesAccountedFor(whole.report);
  return whole;
}

/**
 * Asserts that parsing fails the same way with every chunk size and returns
 * the error. The byte offset in a decompression message depends on how far the
 * input was read when the decompressor gave up, so it is left out of the comparison.
 */
export async function parseBothFails(bytes: Uint8Array): Promise<TraceError> {
  const errors: TraceError[] = [];
  for (const size of CHUNK_SIZES) {
    let caught: unknown = null;
    try {
      await parseTrace(chunksOf(bytes, size));
    } catch (e) {
      caught = e;
    }
    expect(caught, `parse with ${size}-byte chunks must fail`).not.toBeNull();
    expect(isTraceError(caught), `a TraceError, not ${String(caught)}`).toBe(true);
    errors.push(caught as TraceError);
  }
  const shape = (e: TraceError) => ({ code: e.code, line: e.line, message: e.message.replace(/near byte \d+/, 'near byte N') });
  for (const e of errors.slice(1)) expect(shape(e)).toEqual(shape(errors[0]));
  return errors[0];
}

/** Every line is an event or a counted skip: nothing is lost. */
export function expectLinesAccountedFor(report: ParseReport): void {
  expect(report.events + totalSkipped(report), 'events + skipped lines = lines').toBe(report.lines);
}

/** The number of lines of a text, as the parser counts them (a last line without newline counts). */
export function countLines(text: string): number {
  if (text.length === 0) return 0;
  const n = text.split('\n').length;
  return text.endsWith('\n') ? n - 1 : n;
}
