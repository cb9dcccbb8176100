// The command line: the second door into the same parser and analysis the app
// uses (src/parser, src/analysis), never a second engine. `report` is here;
// `report --format ndjson` is batch.ts, `export --parquet` parquet-export.ts,
// `compare` compare.ts, `record` record.ts. USAGE below is the one list of
// commands and flags (what --help prints).
//
// Text mode prints the kernel script's report for each file; --json prints an
// array with one object per file. A file that cannot be read or is not a trace
// gets a one-line `reclaimscope: FILE: message` on stderr and exit status 1;
// the other files are still reported.

import { statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { analyzeParsed, buildFileReport } from '../analysis/report.ts';
import { episodesJson } from '../analysis/episodes-json.ts';
import { renderScriptReport } from '../analysis/script-text.ts';
import { numbersWarnings } from '../analysis/warnings.ts';
import type { GroupBy } from '../analysis/summary.ts';
import { isTraceError, TraceError } from '../parser/errors.ts';
import { parseTrace, type ParseOptions, type ParsedTrace, type PartHelpers } from '../parser/parse.ts';
import type { ByteSource } from '../parser/source.ts';
import { MIN_SPLIT_BYTES, parseTextRange, partBuffers, type PartSeed, type TextPart } from '../parser/text-part.ts';
import { compareMain } from './compare.ts';
import { reportNdjson } from './batch.ts';
import { fsMessage, openFileSource, spoolToTempFile } from './node-source.ts';
import { record } from './record.ts';

const USAGE = `usage: reclaimscope report [--ignore-pid] [--json [--episodes]] [--kernel-compat] [--ns] FILE...
       reclaimscope compare ... (see reclaimscope compare --help)
       reclaimscope record [-o FILE] [--events SET] [--buffer-kb N] [--duration S] [-- COMMAND ARGS...]

Reads Linux page-reclaim traces (ftrace trace/trace_pipe, trace-cmd report,
perf script text; plain, gzip, zstd or xz) and prints what the kernel's
trace-vmscan-postprocess.pl prints, with its known miscounts fixed.

  --json           one JSON object per file: summary, processes, kswapd, extra, parseReport
  --ignore-pid     aggregate processes of the same name (the script's --ignore-pid)
  --kernel-compat  the kernel script's own numbers: none of the four fixes, its process keys
  --episodes       with --json: every direct-reclaim, kswapd-awake and compaction episode
                   (process, start and end in ns after the trace's first event, order, reclaimed)
  --ns             trace.dat: keep nanosecond timestamps (default: rounded to µs as
                   trace-cmd report prints them, so a .dat reports exactly as its text)

       reclaimscope report --format ndjson [--jobs N] [options] FILE|DIR|GLOB|- ...
  one --json object per line per trace, as each finishes, N at a time (default: the
  cores); directories and globs are read recursively; - reads a list of paths from stdin

       reclaimscope export --parquet DIR [--events] [--jobs N] [options] FILE|DIR|GLOB|- ...
  DIR/summary.parquet, DIR/episodes.parquet (and events.parquet) for DuckDB or Spark
`;

interface Args {
  json: boolean;
  ignorePid: boolean;
  kernelCompat: boolean;
  ns: boolean;
  episodes: boolean;
  files: string[];
}

function parseArgs(argv: string[]): Args | string {
  const [cmd, ...rest] = argv;
  if (cmd === 'export') return `reclaimscope: export needs --parquet DIR\n${USAGE}`;
  if (cmd === undefined || cmd === '--help' || cmd === '-h' || cmd === 'help') return USAGE;
  if (cmd !== 'report') return `reclaimscope: unknown command '${cmd}'\n${USAGE}`;
  const args: Args = { json: false, ignorePid: false, kernelCompat: false, ns: false, episodes: false, files: [] };
  let onlyFiles = false;
  for (const a of rest) {
    if (!onlyFiles && a === '--') onlyFiles = true;
    else if (!onlyFiles && a === '--json') args.json = true;
    else if (!onlyFiles && a === '--ignore-pid') args.ignorePid = true;
    else if (!onlyFiles && a === '--kernel-compat') args.kernelCompat = true;
    else if (!onlyFiles && a === '--ns') args.ns = true;
    else if (!onlyFiles && a === '--episodes') args.episodes = true;
    else if (!onlyFiles && (a === '--help' || a === '-h')) return USAGE;
    else if (!onlyFiles && a.startsWith('-') && a !== '-') return `reclaimscope: unknown option '${a}'\n${USAGE}`;
    else args.files.push(a);
  }
  if (args.files.length === 0) return `reclaimscope: no trace files given\n${USAGE}`;
  return args;
}

async function* stdinChunks(): AsyncGenerator<Uint8Array> {
  for await (const chunk of process.stdin) yield chunk as Uint8Array;
}

async function parseFile(file: string, opts: ParseOptions, workers: PartWorkers | null): Promise<ParsedTrace> {
  // a trace.dat that comes compressed or through a pipe waits in a temporary file, not in memory
  opts = { ...opts, spool: spoolToTempFile };
  if (file === '-') return parseTrace(stdinChunks(), opts);
  const src = await openFileSource(file).catch((e) => {
    throw new TraceError('unreadable', fsMessage(e));
  });
  try {
    // FIFOs, <(...) and /proc files: size 0 is not empty until a read says so
    if (!src.sized) return await parseTrace(src.stream(), opts);
    return await parseTrace(src, { ...opts, helpers: workers?.helpers(src, file) });
  } catch (e) {
    if (!(e instanceof TraceError) && (e as NodeJS.ErrnoException)?.code) throw new TraceError('unreadable', fsMessage(e));
    throw e;
  } finally {
    await src.close();
  }
}

/**
 * The other cores, as worker threads that each parse a part of a big
 * uncompressed file (parser/text-part.ts). A worker runs this same bundle.
 * They are started before the first file is opened, so that their start-up
 * overlaps this thread's work. If a worker fails, its part is read here.
 */
class PartWorkers {
  private readonly idle: Worker[] = [];
  private readonly all: Worker[] = [];
  private readonly waiting: ((w: Worker) => void)[] = [];

  constructor(readonly count: number) {
    for (let i = 0; i < count; i++) {
      const w = new Worker(new URL(import.meta.url), { workerData: { reclaimscopeHelper: true } });
      this.all.push(w);
      this.idle.push(w);
    }
  }

  /**
   * Threads to read one file with: RECLAIMSCOPE_THREADS (at most the cores),
   * else one. On the two-core machine of README "Speed and memory" a second
   * thread did not pay: its start-up and the file's reading take the core it
   * would parse on. The benchmark measures both.
   */
  static wanted(): number {
    return Math.max(1, Math.min(Number(process.env.RECLAIMSCOPE_THREADS) || 1, availableParallelism(), 8));
  }

  private take(): Promise<Worker> {
    const w = this.idle.pop();
    return w ? Promise.resolve(w) : new Promise((resolve) => this.waiting.push(resolve));
  }

  private give(w: Worker): void {
    const next = this.waiting.shift();
    if (next) next(w);
    else this.idle.push(w);
  }

  async parse(req: PartRequest, signal?: AbortSignal): Promise<TextPart> {
    const w = await this.take();
    try {
      return await new Promise<TextPart>((resolve, reject) => {
        const stop = (): void => void w.terminate();
        signal?.addEventListener('abort', stop);
        const done = (): void => {
          signal?.removeEventListener('abort', stop);
          w.off('message', onMessage);
          w.off('error', reject);
        };
        const onMessage = (m: { part?: TextPart; error?: string }): void => {
          done();
          if (m.part) resolve(m.part);
          else reject(new Error(m.error));
        };
        w.on('message', onMessage);
        w.once('error', reject);
        w.postMessage(req);
      });
    } finally {
      this.give(w);
    }
  }

  helpers(src: ByteSource, file: string): PartHelpers {
    return {
      count: this.count,
      // A worker starts parsing some 100-200 ms after this thread (its own
      // start-up, on a core this thread keeps busy), so this thread reads a
      // little more though it also absorbs the parts and analyses: on the
      // 256 MiB benchmark trace, shares of 1 and 1.3 did equally well, 0.85
      // worse (six runs each).
      localShare: 1.15,
      parse: (from, to, seed, onProgress, signal) =>
        this.parse({ file, from, to, seed }, signal).catch(() => parseTextRange(src, from, to, seed, { signal, onProgress })),
    };
  }

  close(): void {
    for (const w of this.all) void w.terminate();
  }
}

interface PartRequest {
  file: string;
  from: number;
  to: number;
  seed: PartSeed;
}

// In a part worker: parse what is asked, send the part back (its buffers moved, not copied).
if (!isMainThread && (workerData as { reclaimscopeHelper?: boolean } | null)?.reclaimscopeHelper) {
  parentPort!.on('message', async (req: PartRequest) => {
    try {
      const src = await openFileSource(req.file);
      try {
        const part = await parseTextRange(src, req.from, req.to, req.seed);
        parentPort!.postMessage({ part }, partBuffers(part));
      } finally {
        await src.close();
      }
    } catch (e) {
      parentPort!.postMessage({ error: e instanceof Error ? e.message : String(e) });
    }
  });
}

export async function main(argv: string[], out: NodeJS.WritableStream = process.stdout, err: NodeJS.WritableStream = process.stderr): Promise<number> {
  if (argv[0] === 'compare') return compareMain(argv.slice(1), out, err);
  if (argv[0] === 'record') return record(argv.slice(1), out, err);
  // Loaded on demand: the Parquet writer's modules took 65 ms of every command's start.
  if (argv[0] === 'export' && argv.length > 1) return (await import('./parquet-export.ts')).exportParquet(argv.slice(1), out, err);
  if (argv[0] === 'report' && argv.some((a) => /^--(format|jobs)(=|$)/.test(a))) return reportNdjson(argv.slice(1), out, err);
  const args = parseArgs(argv);
  if (typeof args === 'string') {
    (args === USAGE ? out : err).write(args);
    return args === USAGE ? 0 : 2;
  }
  const groupBy: GroupBy = args.kernelCompat ? 'script' : 'task';
  const opts = { groupBy: args.ignorePid ? ('comm' as const) : groupBy, kernelCompat: args.kernelCompat };
  let failed = 0;
  const json: unknown[] = [];
  // Worker threads only for big plain files, and only from the bundle (tests run the TypeScript).
  const big = args.files.some((f) => f !== '-' && sizeOf(f) >= MIN_SPLIT_BYTES);
  const threads = PartWorkers.wanted();
  const workers = big && threads > 1 && import.meta.url.endsWith('.mjs') ? new PartWorkers(threads - 1) : null;
  try {
    for (const file of args.files) {
      try {
        const parsed = await parseFile(file, { timeResolution: args.ns ? 'ns' : 'us' }, workers);
        const analysis = analyzeParsed(parsed.table, parsed.report);
        // disorder that may change the numbers is said where people look, not only in --json
        const warnings = numbersWarnings(parsed.report, analysis.anomalies);
        for (const w of warnings) err.write(`reclaimscope: ${file}: warning: ${w}\n`);
        if (args.json) {
          const report = buildFileReport(file, parsed.table, parsed.report, analysis, opts);
          json.push(args.episodes ? { ...report, episodes: episodesJson(parsed.table, analysis) } : report);
        }
        else {
          if (args.files.length > 1) out.write(`# ${file} (${parsed.report.capture ?? parsed.report.format})\n`);
          if (warnings.length) out.write(warnings.map((w) => `Warning: ${w}\n`).join('') + '\n');
          out.write(renderScriptReport(parsed.table, analysis, opts));
          if (args.files.length > 1) out.write('\n');
        }
      } catch (e) {
        failed++;
        const message = isTraceError(e) ? e.message : `internal error: ${e instanceof Error ? e.stack ?? e.message : String(e)}`;
        err.write(`reclaimscope: ${file}: ${message}\n`);
        if (args.json) json.push({ file, error: { code: isTraceError(e) ? e.code : 'internal', message } });
      }
    }
  } finally {
    workers?.close();
  }
  if (args.json) out.write(JSON.stringify(json, null, 1) + '\n');
  return failed > 0 ? 1 : 0;
}

function sizeOf(file: string): number {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
}
