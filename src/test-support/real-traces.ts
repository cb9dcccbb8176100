// The real Linux 6.18 traces copied into the repo (fixtures/README.md), with
// their oracle files: the expected summary computed independently and, where
// the kernel script reads the format, the script's own output.

import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const REAL = `${ROOT}fixtures/real-6.18/`;

export interface RealTrace {
  /** Name of the original trace in the oracle files, e.g. `mixed-dirty40.txt`. */
  name: string;
  /** Path of the stored copy (maybe gzipped) relative to the repo root. */
  path: string;
  expected: ExpectedJson;
  /** The kernel script's output, when it can read the format. */
  postprocess: string | null;
}

export interface ExpectedJson {
  file: string;
  format: string;
  events: number;
  summary: Record<string, number>;
  extra: Record<string, number>;
}

const STORED: Record<string, string> = {
  'highalloc-baseline.txt': 'fixtures/real-6.18/highalloc-baseline.txt.gz',
  'highalloc-dirty40.txt': 'fixtures/real-6.18/highalloc-dirty40.txt.gz',
  'memcg-256m.trace.txt': 'fixtures/real-6.18/memcg-256m.trace.txt.gz',
  'mixed-baseline.txt': 'public/samples/mixed-baseline.txt.gz',
  'mixed-dirty40.txt': 'public/samples/mixed-dirty40.txt.gz',
  'perf-pressure.perf-script.txt': 'fixtures/real-6.18/perf-pressure.perf-script.txt',
  'pressure-baseline.txt': 'fixtures/real-6.18/pressure-baseline.txt',
  'pressure-dirty40.txt': 'fixtures/real-6.18/pressure-dirty40.txt.gz',
  'tracecmd-writeback.report.txt': 'fixtures/real-6.18/tracecmd-writeback.report.txt',
  'writeback-baseline.txt': 'fixtures/real-6.18/writeback-baseline.txt.gz',
  'writeback-dirty40.txt': 'fixtures/real-6.18/writeback-dirty40.txt.gz',
};

/**
 * Traces the kernel script has no output for: it cannot read `perf script`
 * text, and the memcg trace was captured without running it
 * (fixtures/README.md). Every other trace must have its output: a
 * missing file fails the tests instead of skipping them.
 */
const NO_SCRIPT_OUTPUT = new Set(['perf-pressure.perf-script.txt', 'memcg-256m.trace.txt']);

export function realTraces(): RealTrace[] {
  return Object.entries(STORED).map(([name, path]) => {
    const base = name.replace(/\.txt$/, '');
    const expected = (JSON.parse(readFileSync(`${REAL}oracle/${base}.expected.json`, 'utf8')) as ExpectedJson[])[0];
    const pp = `${REAL}oracle/${base}.postprocess.txt`;
    return { name, path, expected, postprocess: NO_SCRIPT_OUTPUT.has(name) ? null : readFileSync(pp, 'utf8') };
  });
}

/** The real traces with the kernel script's output. */
export function tracesWithScriptOutput(): (RealTrace & { postprocess: string })[] {
  return realTraces().filter((t): t is RealTrace & { postprocess: string } => t.postprocess !== null);
}

/** The stored bytes, as a user would drop them (maybe gzipped). */
export function storedBytes(path: string): Uint8Array {
  return new Uint8Array(readFileSync(`${ROOT}${path}`));
}

/** The trace's text bytes (gunzipped when stored compressed). */
export function textBytes(path: string): Uint8Array {
  const raw = storedBytes(path);
  return path.endsWith('.gz') ? new Uint8Array(gunzipSync(raw)) : raw;
}
