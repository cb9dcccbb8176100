/* eslint-disable max-lines -- about 630 lines: one script drives every reader the benchmark compares (script, reference, CLI, then Chromium through bench-browser.ts) so that their runs interleave, and prints their figures side by side */
// `npm run bench`: how fast reclaimscope reads real traces of today's
// kernels, against the kernel's own
// Documentation/trace/postprocess/trace-vmscan-postprocess.pl and against a
// reference reader that only finds each line's task, CPU, timestamp and event
// name (reference-reader.mjs: the floor for a JS parser on this machine).
//   1. the traces, each timed on its own: the two app samples (public/samples),
//      from fixtures/ (stored compressed, decompressed at run time; --traces
//      DIR reads another folder of the same layout, and the benchmark says which
//      are missing and goes on without them) the ftrace `trace` file of a memcg
//      run and two compaction-heavy ones, and two write_folio-heavy memcg traces
//      recorded on this machine the first time they are needed (about 200 and
//      70 MiB, three quarters mm_vmscan_write_folio with unique page= and pfn=;
//      capture-bench-traces.sh, as root; kept in the cache, --record records
//      them again; too large to commit); plus one large file joined at run time
//      from every different real ftrace text trace there (concat-trace.ts: one
//      after the other, timestamps shifted; no trace twice), all in
//      node_modules/.cache/reclaimscope/;
//   2. per trace, taking turns run after run: the kernel script (`perl script
//      < file`; fetched once from Debian's linux-source-6.12 with apt-get
//      download, cached, or skipped with a message), the reference reader,
//      and our command line (`node src/cli/bin.mjs report --json FILE`,
//      rebuilt first) on one thread and, on files big enough to split, two;
//   3. per trace, once and untimed: how many lines the line cache recognised;
//   4. on every trace (--browser-only NAME,... narrows it): the app's worker
//      pool in headless Chromium (/usr/bin/chromium; a File through a file
//      input; renderer memory sampled from /proc; bench-browser.ts); on the
//      joined file also split over two workers, and zooming in the worker on
//      a table of ten million events;
//   5. on the largest write_folio-heavy trace (else the joined file): the
//      app's own build, how long after choosing the file its card says it is
//      read and its first chart is drawn (first-chart.ts).
// It prints per trace the ratio to the kernel script and to the reference
// reader, MiB/s, the line-cache hit rate and peak memory / file size.
//
//   npm run bench -- [--runs N] [--only NAME,...] [--size MIB (samples-tiled)] [--no-perl] [--no-cli] [--no-browser]
//                    [--browser-only NAME,...]
//                    [--no-zoom] [--no-first-chart] [--zoom-events N] [--perl-script FILE] [--traces DIR] [--record]
//
// Each timing is the best of --runs (default 3) runs, printed with the
// median and worst: the machine is shared and its speed drifts. Wall clock is
// process start to exit (perl, reference, CLI) or File to analysed trace
// (Chromium); CPU time (user + system, from /usr/bin/time) is printed too,
// since on a loaded machine it moves far less than the wall clock. Memory is
// the largest peak resident size seen.

import { spawn, spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, readSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { Decompress } from 'fzstd';
import { EventTableBuilder } from '../model/event-table.ts';
import { emptyParseReport } from '../model/parse-report.ts';
import { TextTraceParser } from '../parser/text-parser.ts';
import { MIN_SPLIT_BYTES } from '../parser/text-part.ts';
import { indexSource, planCopies, shiftedCopy, GAP_NS } from './concat-trace.ts';
import { timeFirstChart, type FirstChart } from './first-chart.ts';
import { bestOf, timeBrowser } from './bench-browser.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CACHE = join(ROOT, 'node_modules/.cache/reclaimscope');
const MIB = 1 << 20;
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SCRIPT_IN_PACKAGE = 'linux-source-6.12/Documentation/trace/postprocess/trace-vmscan-postprocess.pl';
const TIME = '/usr/bin/time';

interface Options {
  sizeMiB: number;
  runs: number;
  only: string[] | null;
  perl: boolean;
  cli: boolean;
  browser: boolean;
  /** The traces Chromium loads; null: every trace. */
  browserOnly: string[] | null;
  zoom: boolean;
  zoomEvents: number;
  /** Time the app's first chart against its parse (first-chart.ts). */
  firstChart: boolean;
  perlScript: string | null;
  traces: string;
  /** Record the traces recorded here again, even if the cache has them. */
  record: boolean;
}

function parseArgs(argv: string[]): Options {
  const o: Options = {
    sizeMiB: 256,
    runs: 3,
    only: null,
    perl: true,
    cli: true,
    browser: true,
    browserOnly: null,
    zoom: true,
    zoomEvents: 10_000_000,
    firstChart: true,
    perlScript: null,
    traces: process.env.RECLAIMSCOPE_TRACES ?? join(ROOT, 'fixtures'),
    record: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a === '--size') o.sizeMiB = Number(value());
    else if (a === '--runs') o.runs = Math.max(1, Number(value()));
    else if (a === '--only') o.only = value().split(',');
    else if (a === '--no-perl') o.perl = false;
    else if (a === '--no-cli') o.cli = false;
    else if (a === '--no-browser') o.browser = false;
    else if (a === '--browser-only') o.browserOnly = value().split(',');
    else if (a === '--no-zoom') o.zoom = false;
    else if (a === '--no-first-chart') o.firstChart = false;
    else if (a === '--zoom-events') o.zoomEvents = Number(value());
    else if (a === '--perl-script') o.perlScript = value();
    else if (a === '--traces') o.traces = value();
    else if (a === '--record') o.record = true;
    else if (a === '--help' || a === '-h') {
      // the comment block at the top of this file, and nothing after it
      const lines = readFileSync(fileURLToPath(import.meta.url), 'utf8').split('\n').slice(1);
      const end = lines.findIndex((l) => !l.startsWith('//'));
      console.log(lines.slice(0, end).map((l) => l.slice(3)).join('\n'));
      process.exit(0);
    } else throw new Error(`unknown option ${a}`);
  }
  return o;
}

const log = (s: string): void => void process.stderr.write(`${s}\n`);

// ---------------------------------------------------------------- the traces

interface TraceSpec {
  /** Short name, for --only and the table. */
  name: string;
  what: string;
  /** In the repo (relative to ROOT) or in the traces folder (relative to it; fixtures/ unless --traces). */
  repo?: string;
  fixture?: string;
  /**
   * Recorded on this machine the first time it is asked for (root, tracefs,
   * cgroup-v1 memory: capture-bench-traces.sh), then kept in the cache; too
   * large to commit (a 204 MiB write_folio trace is 19 MB even as zstd).
   */
  record?: { workload: string; seconds: number; maxMiB: number };
}

/** The traces timed one by one. */
const TRACES: TraceSpec[] = [
  { name: 'sample-baseline', what: 'app sample, mixed pressure (10 MB)', repo: 'public/samples/mixed-baseline.txt.gz' },
  { name: 'sample-dirty40', what: 'app sample, mixed, dirty_ratio=40', repo: 'public/samples/mixed-dirty40.txt.gz' },
  { name: 'write-folio', what: 'memcg swap-out, about 75% write_folio (about 200 MiB), recorded here', record: { workload: 'memcg-swap', seconds: 120, maxMiB: 240 } },
  { name: 'memcg', what: 'memcg swap-out, about 73% write_folio (about 70 MiB), recorded here', record: { workload: 'memcg-small', seconds: 30, maxMiB: 80 } },
  { name: 'memcg-trace-file', what: 'memcg, ftrace `trace` file with header', fixture: 'real-6.18/memcg-256m.trace.txt.gz' },
  { name: 'compaction', what: 'hugepage growth under writeback, 13% compaction', fixture: 'bench-6.18/compaction.txt.zst' },
  { name: 'compaction-run', what: 'writeback run 1, 23% compaction', fixture: 'runs-6.18/writeback-base-run1.txt.gz' },
];

/** Further ftrace text traces that only go into the joined file (perf script and trace-cmd report are other formats). */
const JOIN_ONLY = [
  'real-6.18/highalloc-baseline.txt.gz',
  'real-6.18/highalloc-dirty40.txt.gz',
  'real-6.18/pressure-baseline.txt',
  'real-6.18/pressure-dirty40.txt.gz',
  'real-6.18/writeback-baseline.txt.gz',
  'real-6.18/writeback-dirty40.txt.gz',
  'runs-6.18/writeback-base-run2.txt.gz',
  'runs-6.18/writeback-base-run3.txt.gz',
  'runs-6.18/writeback-dirty40-run1.txt.gz',
  'runs-6.18/writeback-dirty40-run2.txt.gz',
  'runs-6.18/writeback-dirty40-run3.txt.gz',
];

interface Prepared {
  name: string;
  what: string;
  path: string;
  bytes: number;
}

/** The text of a stored trace: gunzipped or un-zstd-ed into the cache folder, or the file itself. */
function materialize(src: string): string {
  if (!src.endsWith('.gz') && !src.endsWith('.zst')) return src;
  const out = join(CACHE, basename(src).replace(/\.(gz|zst)$/, ''));
  const stamp = `${out}.from`;
  const key = `${src} ${statSync(src).size} ${statSync(src).mtimeMs}`;
  if (existsSync(out) && existsSync(stamp) && readFileSync(stamp, 'utf8') === key) return out;
  log(`decompressing ${src} ...`);
  if (src.endsWith('.gz')) writeFileSync(out, gunzipSync(readFileSync(src)));
  else if (spawnSync('zstd', ['-q', '-d', '-f', src, '-o', out]).status === 0) {
    // the zstd command (fzstd, below, does not read every frame the command writes)
  } else {
    const fd = openSync(out, 'w');
    const z = new Decompress((chunk) => void writeSync(fd, chunk));
    const inFd = openSync(src, 'r');
    const buf = new Uint8Array(4 * MIB);
    for (;;) {
      const n = readSync(inFd, buf, 0, buf.length, null);
      if (n === 0) break;
      z.push(buf.subarray(0, n));
    }
    z.push(new Uint8Array(0), true);
    closeSync(inFd);
    closeSync(fd);
  }
  writeFileSync(stamp, key);
  return out;
}

/** The traces that are there, and a sentence for each one that is not. */
function prepareTraces(o: Options, notes: string[]): { traces: Prepared[]; joinSources: string[] } {
  const traces: Prepared[] = [];
  const joinSources: string[] = [];
  const missing: string[] = [];
  for (const t of TRACES) {
    if (t.record && o.only && !o.only.includes(t.name) && !o.only.includes('joined')) continue;
    const src = t.record ? recorded(t.name, t.record, o, notes) : t.repo ? join(ROOT, t.repo) : join(o.traces, t.fixture!);
    if (src === null || !existsSync(src)) {
      if (src !== null) missing.push(t.fixture ?? t.repo!);
      continue;
    }
    const path = materialize(src);
    joinSources.push(path);
    if (!o.only || o.only.includes(t.name)) traces.push({ name: t.name, what: t.what, path, bytes: statSync(path).size });
  }
  for (const j of JOIN_ONLY) {
    const src = join(o.traces, j);
    if (existsSync(src)) joinSources.push(materialize(src));
    else missing.push(j);
  }
  if (missing.length)
    notes.push(
      `MISSING real traces (not measured): ${missing.join(', ')} under ${o.traces}. They are read from fixtures/ ` +
        `(or --traces DIR, RECLAIMSCOPE_TRACES); see fixtures/README.md for what each is.`,
    );
  return { traces, joinSources };
}

/**
 * A trace recorded on this machine for the benchmark, in the cache: recorded
 * now if it is not there (or --record asks again), null with a note when this
 * machine cannot record (not root, no tracefs or cgroup-v1 memory controller).
 * `--traces DIR` with a file of the workload's name (memcg-swap.txt[.zst])
 * takes that file instead.
 */
function recorded(name: string, r: NonNullable<TraceSpec['record']>, o: Options, notes: string[]): string | null {
  for (const ext of ['.txt', '.txt.zst', '.txt.gz']) {
    const given = join(o.traces, 'bench-6.18', `${r.workload}${ext}`);
    if (existsSync(given)) return given;
  }
  const out = join(CACHE, `${r.workload}.txt`);
  if (existsSync(out) && !o.record) return out;
  const script = join(ROOT, 'src/bench/capture-bench-traces.sh');
  const why =
    process.getuid?.() !== 0
      ? 'not root'
      : !existsSync('/sys/fs/cgroup/memory')
        ? 'no cgroup-v1 memory controller at /sys/fs/cgroup/memory'
        : !existsSync('/sys/kernel/tracing')
          ? 'no /sys/kernel/tracing'
          : null;
  if (why) {
    notes.push(`NOT RECORDED ${name} (${r.workload}): ${why}; run as root on a machine with tracefs, or give --traces DIR with bench-6.18/${r.workload}.txt.`);
    return null;
  }
  log(`recording ${name}: ${script} ${out} ${r.workload} ${r.seconds} ${r.maxMiB} (up to ${r.seconds} s) ...`);
  const run = spawnSync('bash', [script, `${out}.part`, r.workload, String(r.seconds), String(r.maxMiB)], { stdio: ['ignore', 'inherit', 'inherit'] });
  if (run.status !== 0) {
    notes.push(`NOT RECORDED ${name} (${r.workload}): the capture script exited with ${run.status}.`);
    return null;
  }
  spawnSync('mv', [`${out}.part`, out]);
  notes.push(`${name} was recorded for this run (${r.workload}, ${(statSync(out).size / MIB).toFixed(1)} MiB): a recorded trace differs from run to run of the capture, so compare its figures within one benchmark run.`);
  return out;
}

/** One large file: every source once, one after the other, each shifted to start GAP_NS after the previous one ends. */
function joinTraces(sources: string[]): Prepared {
  const path = join(CACHE, 'bench-joined.txt');
  const manifest = `${path}.json`;
  const key = JSON.stringify({ sources: sources.map((p) => [p, statSync(p).size]), gapNs: GAP_NS, version: 2 });
  if (!(existsSync(path) && existsSync(manifest) && readFileSync(manifest, 'utf8') === key)) {
    log(`joining ${sources.length} different real traces into ${path} ...`);
    const fd = openSync(path, 'w');
    let prevEnd = -Infinity;
    for (const p of sources) {
      const src = indexSource(basename(p), new Uint8Array(readFileSync(p)));
      const offsetNs = prevEnd === -Infinity ? 0 : Math.ceil((prevEnd + GAP_NS - src.firstNs) / 1000) * 1000;
      writeSync(fd, shiftedCopy(src, offsetNs));
      prevEnd = src.lastNs + offsetNs;
    }
    closeSync(fd);
    writeFileSync(manifest, key);
  }
  return { name: 'joined', what: `${sources.length} different real traces joined`, path, bytes: statSync(path).size };
}

/**
 * The old benchmark file, kept for comparison with earlier figures: the two
 * samples copied in turn up to 256 MiB (their lines repeat far more than any
 * real trace's, so the line cache recognises most of them).
 */
function tileSamples(sources: string[], sizeMiB: number): Prepared {
  const path = join(CACHE, `bench-samples-tiled-${sizeMiB}MiB.txt`);
  const manifest = `${path}.json`;
  const key = JSON.stringify({ sources: sources.map((p) => [p, statSync(p).size]), bytes: sizeMiB * MIB, gapNs: GAP_NS, version: 2 });
  if (!(existsSync(path) && existsSync(manifest) && readFileSync(manifest, 'utf8') === key)) {
    log(`tiling the samples into ${path} ...`);
    const srcs = sources.map((p) => indexSource(basename(p), new Uint8Array(readFileSync(p))));
    const fd = openSync(path, 'w');
    for (const c of planCopies(srcs, sizeMiB * MIB)) writeSync(fd, shiftedCopy(srcs[c.source], c.offsetNs));
    closeSync(fd);
    writeFileSync(manifest, key);
  }
  return { name: 'samples-tiled', what: `the two samples copied in turn to ${sizeMiB} MiB (the old benchmark file)`, path, bytes: statSync(path).size };
}

/** What the parser makes of a trace, untimed: events, write_folio share, and the lines the line cache recognised. */
function cacheStats(path: string): { lines: number; events: number; writeFolio: number; hits: number } {
  const parser = new TextTraceParser(new EventTableBuilder(4096), emptyParseReport());
  const fd = openSync(path, 'r');
  const buf = new Uint8Array(4 * MIB);
  for (;;) {
    const n = readSync(fd, buf, 0, buf.length, null);
    if (n === 0) break;
    parser.push(buf.subarray(0, n));
  }
  closeSync(fd);
  parser.finish();
  const r = parser.report;
  return { lines: r.lines, events: r.events, writeFolio: r.eventsByName.mm_vmscan_write_folio ?? 0, hits: parser.cacheStats.tailHits };
}

// ---------------------------------------------------------- the kernel script

/** The kernel script, cached; fetched from Debian's kernel source package on first use. Null (with the reason) when that cannot be done. */
function kernelScript(given: string | null): { path: string } | { skip: string } {
  if (given) return existsSync(given) ? { path: given } : { skip: `${given} does not exist` };
  const path = join(CACHE, 'trace-vmscan-postprocess.pl');
  if (existsSync(path)) return { path };
  const has = (cmd: string): boolean => spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;
  if (!has('perl')) return { skip: 'perl is not installed' };
  for (const cmd of ['apt-get', 'dpkg-deb', 'tar', 'xz']) if (!has(cmd)) return { skip: `${cmd} is not available to fetch the script from Debian's linux-source-6.12` };
  const dir = mkdtempSync(join(tmpdir(), 'reclaimscope-kernel-'));
  try {
    log("fetching trace-vmscan-postprocess.pl from Debian's linux-source-6.12 (about 150 MB, once) ...");
    let dl = spawnSync('apt-get', ['download', 'linux-source-6.12'], { cwd: dir, encoding: 'utf8' });
    if (dl.status !== 0 && /Couldn't find any package|Unable to locate/.test(dl.stderr)) {
      // a fresh machine's package lists may not be there yet
      log('  (the package lists do not have it: apt-get update, then again)');
      spawnSync('apt-get', ['update', '-qq'], { encoding: 'utf8' });
      dl = spawnSync('apt-get', ['download', 'linux-source-6.12'], { cwd: dir, encoding: 'utf8' });
    }
    const deb = dl.status === 0 ? spawnSync('sh', ['-c', 'ls linux-source-6.12_*.deb'], { cwd: dir, encoding: 'utf8' }).stdout.trim() : '';
    if (!deb) return { skip: `apt-get download linux-source-6.12 failed: ${(dl.stderr || dl.stdout || '').trim().split('\n').pop()}` };
    const x = spawnSync(
      'sh',
      ['-c', `dpkg-deb --fsys-tarfile "${deb}" | tar -xO ./usr/src/linux-source-6.12.tar.xz | tar -xJO ${SCRIPT_IN_PACKAGE} > script.pl`],
      { cwd: dir, encoding: 'utf8' },
    );
    const script = join(dir, 'script.pl');
    if (x.status !== 0 || !existsSync(script) || statSync(script).size === 0) return { skip: `could not extract the script from ${deb}: ${x.stderr.trim()}` };
    writeFileSync(path, readFileSync(script));
    return { path };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// ------------------------------------------------------------ processes

interface Run {
  seconds: number;
  /** User + system CPU seconds (/usr/bin/time), NaN where it is not installed. */
  cpu: number;
  peakBytes: number;
  detail?: Record<string, number>;
  stdout?: string;
}

/** Peak resident size of a running process, polled from /proc (VmHWM is the kernel's own running maximum). */
function pollPeak(pid: number, into: { peak: number }): () => void {
  const read = (): void => {
    try {
      const m = /VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
      if (m) into.peak = Math.max(into.peak, Number(m[1]) * 1024);
    } catch {
      // gone
    }
  };
  const timer = setInterval(read, 20);
  return () => {
    read();
    clearInterval(timer);
  };
}

function timeProcess(cmd: string, args: string[], opts: { stdinFile?: string; env?: NodeJS.ProcessEnv; keepStdout?: boolean }): Promise<Run> {
  return new Promise((resolve, reject) => {
    const stdin = opts.stdinFile ? openSync(opts.stdinFile, 'r') : 'ignore';
    // /usr/bin/time reports the child's CPU time and peak resident size
    const timeOut = join(CACHE, `time-${process.pid}.txt`);
    const timed = existsSync(TIME);
    const t0 = performance.now();
    const child = timed
      ? spawn(TIME, ['-f', '%U %S %M', '-o', timeOut, cmd, ...args], { cwd: ROOT, env: opts.env ?? process.env, stdio: [stdin, 'pipe', 'pipe'] })
      : spawn(cmd, args, { cwd: ROOT, env: opts.env ?? process.env, stdio: [stdin, 'pipe', 'pipe'] });
    const mem = { peak: 0 };
    const stop = pollPeak(child.pid!, mem);
    const out: Buffer[] = [];
    let err = '';
    child.stdout!.on('data', (d: Buffer) => void (opts.keepStdout && out.push(d)));
    child.stderr!.on('data', (d: Buffer) => void (err.length < 4000 && (err += d.toString())));
    child.on('error', reject);
    child.on('exit', (code) => {
      const seconds = (performance.now() - t0) / 1000;
      stop();
      if (typeof stdin === 'number') closeSync(stdin);
      let cpu = NaN;
      if (timed && existsSync(timeOut)) {
        const f = readFileSync(timeOut, 'utf8').trim().split('\n').pop()!.split(' ').map(Number);
        rmSync(timeOut, { force: true });
        if (f.length === 3) {
          cpu = f[0] + f[1];
          mem.peak = Math.max(mem.peak, f[2] * 1024);
        }
      }
      if (code !== 0) reject(new Error(`${cmd} ${args.join(' ')} exited with ${code}: ${err.trim().slice(0, 500)}`));
      else resolve({ seconds, cpu, peakBytes: mem.peak, stdout: opts.keepStdout ? Buffer.concat(out).toString('utf8') : undefined });
    });
  });
}

async function timeCli(trace: string, threads: number): Promise<Run & { events: number }> {
  const memOut = join(CACHE, `cli-memory-${process.pid}.json`);
  const run = await timeProcess(process.execPath, ['--import', join(ROOT, 'src/bench/mem-sampler.mjs'), 'src/cli/bin.mjs', 'report', '--json', trace], {
    env: { ...process.env, RECLAIMSCOPE_THREADS: String(threads), RECLAIMSCOPE_MEMORY_OUT: memOut },
    keepStdout: true,
  });
  const report = JSON.parse(run.stdout!) as { parseReport: { events: number } }[];
  const m = JSON.parse(readFileSync(memOut, 'utf8')) as Record<string, number>;
  rmSync(memOut, { force: true });
  return { seconds: run.seconds, cpu: run.cpu, peakBytes: Math.max(run.peakBytes, m.vmHWM), detail: m, events: report[0].parseReport.events };
}

// ---------------------------------------------------------------- report

function quantile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.max(0, Math.ceil((p / 100) * s.length) - 1)] : NaN;
}

/** Best, median and worst of a list. */
function spread(xs: number[]): { best: number; median: number; worst: number } {
  const ok = xs.filter(Number.isFinite);
  return { best: ok.length ? Math.min(...ok) : NaN, median: quantile(ok, 50), worst: ok.length ? Math.max(...ok) : NaN };
}
const fmtSpread = (xs: number[]): string => {
  const s = spread(xs);
  return Number.isFinite(s.best) ? (xs.length > 1 ? `${s.best.toFixed(2)} (${s.median.toFixed(2)}-${s.worst.toFixed(2)})` : s.best.toFixed(2)) : '-';
};
/** Prints the rows' values of keys as right-aligned columns (the first left-aligned). */
function printTable(rows: Record<string, string>[], keys: string[]): void {
  const w = keys.map((k) => Math.max(k.length, ...rows.map((r) => r[k].length)));
  console.log(keys.map((k, i) => (i === 0 ? k.padEnd(w[i]) : k.padStart(w[i]))).join('  '));
  for (const r of rows) console.log(keys.map((k, i) => (i === 0 ? r[k].padEnd(w[i]) : r[k].padStart(w[i]))).join('  '));
  console.log('');
}
const ratio = (a: number, b: number, digits = 1): string => (Number.isFinite(a) && Number.isFinite(b) && b > 0 ? `${(a / b).toFixed(digits)}x` : '-');

interface TraceResult {
  trace: Prepared;
  stats: ReturnType<typeof cacheStats>;
  perl: Run[];
  reference: Run[];
  cli: Run[];
  cli2: Run[];
}

async function main(): Promise<void> {
  const o = parseArgs(process.argv.slice(2));
  mkdirSync(CACHE, { recursive: true });
  const notes: string[] = [];
  const { traces, joinSources } = prepareTraces(o, notes);
  if (!o.only || o.only.includes('samples-tiled')) traces.push(tileSamples(joinSources.slice(0, 2), o.sizeMiB));
  if (!o.only || o.only.includes('joined')) traces.push(joinTraces(joinSources));
  for (const n of notes) log(`note: ${n}`);

  if (o.cli) {
    const { build } = await import('vite');
    log('building the command line (vite build --mode cli) ...');
    await build({ configFile: join(ROOT, 'vite.config.ts'), root: ROOT, mode: 'cli', logLevel: 'warn' });
  }
  let script: string | null = null;
  if (o.perl) {
    const s = kernelScript(o.perlScript);
    if ('skip' in s) notes.push(`kernel script skipped: ${s.skip}`);
    else script = s.path;
  }
  if (!existsSync(TIME)) notes.push(`${TIME} is not installed: no CPU times (apt-get install time)`);
  const load0 = loadavg()[0];
  const results: TraceResult[] = [];
  for (const trace of traces) {
    log(`${trace.name}: ${trace.path} (${(trace.bytes / MIB).toFixed(1)} MiB)`);
    const r: TraceResult = { trace, stats: cacheStats(trace.path), perl: [], reference: [], cli: [], cli2: [] };
    // the readers take turns, run after run, so that a drift in the machine's speed touches all alike
    for (let i = 0; i < o.runs; i++) {
      if (script) r.perl.push(await timeProcess('perl', [script], { stdinFile: trace.path }));
      if (o.cli) {
        r.reference.push(await timeProcess(process.execPath, [join(ROOT, 'src/bench/reference-reader.mjs'), trace.path], {}));
        r.cli.push(await timeCli(trace.path, 1));
        if (trace.bytes >= MIN_SPLIT_BYTES && availableParallelism() > 1) r.cli2.push(await timeCli(trace.path, 2));
      }
      const last = (rs: Run[]): string => (rs.length ? `${rs[rs.length - 1].seconds.toFixed(2)} s` : '-');
      log(`  run ${i + 1}: script ${last(r.perl)}, reference ${last(r.reference)}, command line ${last(r.cli)}${r.cli2.length ? `, 2 threads ${last(r.cli2)}` : ''}`);
    }
    results.push(r);
  }
  const load1 = loadavg()[0];

  let browser: Awaited<ReturnType<typeof timeBrowser>> | null = null;
  const joined = traces.find((t) => t.name === 'joined');
  const inBrowser = traces.filter((t) => !o.browserOnly || o.browserOnly.includes(t.name));
  if (o.browser && inBrowser.length) {
    if (!existsSync(CHROMIUM)) notes.push(`Chromium skipped: ${CHROMIUM} does not exist (apt-get install chromium)`);
    else {
      log(`Chromium on ${inBrowser.map((t) => t.name).join(', ')} ...`);
      // the split over idle workers and zooming are timed on the joined file only: both depend on the table's size, not on the trace
      const zoomOn = joined && inBrowser.includes(joined) && o.zoom ? { trace: joined.name, events: o.zoomEvents } : null;
      browser = await timeBrowser(CHROMIUM, CACHE, inBrowser.map((t) => ({ ...t, split: t === joined })), o.runs, zoomOn, log);
    }
  }
  const chartTrace = traces.find((t) => t.name === 'write-folio') ?? joined;
  let firstChart: { trace: Prepared; runs: FirstChart[] } | null = null;
  if (o.browser && o.firstChart && chartTrace && existsSync(CHROMIUM)) {
    log(`app, first chart on ${chartTrace.name} ...`);
    firstChart = { trace: chartTrace, runs: await timeFirstChart(ROOT, join(CACHE, 'bench-app'), chartTrace.path, CHROMIUM, o.runs, log) };
  }

  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  console.log(`\nreclaimscope benchmark, ${new Date().toISOString()}`);
  console.log(`machine: ${availableParallelism()} cores (${cpu}), ${(totalmem() / 2 ** 30).toFixed(0)} GiB, node ${process.versions.node}; load average ${load0.toFixed(1)} at the start, ${load1.toFixed(1)} at the end`);
  console.log(`best of ${o.runs} runs, (median-worst) after it; seconds are wall clock, CPU is user + system seconds\n`);
  const rows = results.map((r) => {
    const t = r.trace;
    const best = (rs: Run[], k: 'seconds' | 'cpu'): number => spread(rs.map((x) => x[k])).best;
    const cliS = best(r.cli, 'seconds');
    return {
      trace: t.name,
      MiB: (t.bytes / MIB).toFixed(1),
      events: String(r.stats.events),
      'write_folio': `${((100 * r.stats.writeFolio) / Math.max(1, r.stats.events)).toFixed(0)}%`,
      'cache hits': `${((100 * r.stats.hits) / Math.max(1, r.stats.lines)).toFixed(1)}%`,
      'script s': fmtSpread(r.perl.map((x) => x.seconds)),
      'reference s': fmtSpread(r.reference.map((x) => x.seconds)),
      'CLI s': fmtSpread(r.cli.map((x) => x.seconds)),
      'CLI 2 threads s': fmtSpread(r.cli2.map((x) => x.seconds)),
      'CLI/reference': ratio(cliS, best(r.reference, 'seconds'), 2),
      'script/CLI': ratio(best(r.perl, 'seconds'), cliS),
      'CLI MiB/s': Number.isFinite(cliS) ? (t.bytes / MIB / cliS).toFixed(0) : '-',
      'CLI peak/file': r.cli.length ? (Math.max(...r.cli.map((x) => x.peakBytes)) / t.bytes).toFixed(2) : '-',
      'CPU: script': fmtSpread(r.perl.map((x) => x.cpu)),
      'CPU: reference': fmtSpread(r.reference.map((x) => x.cpu)),
      'CPU: CLI': fmtSpread(r.cli.map((x) => x.cpu)),
      'CPU: CLI/reference': ratio(best(r.cli, 'cpu'), best(r.reference, 'cpu'), 2),
      'CPU: script/CLI': ratio(best(r.perl, 'cpu'), best(r.cli, 'cpu')),
    };
  });
  const table = (keys: string[]): void => printTable(rows, keys);
  table(['trace', 'MiB', 'events', 'write_folio', 'cache hits', 'script s', 'reference s', 'CLI s', 'CLI 2 threads s']);
  table(['trace', 'CLI/reference', 'script/CLI', 'CLI MiB/s', 'CLI peak/file']);
  table(['trace', 'CPU: script', 'CPU: reference', 'CPU: CLI', 'CPU: CLI/reference', 'CPU: script/CLI']);
  for (const r of results) console.log(`${r.trace.name}: ${r.trace.what}`);
  console.log('targets: CLI/reference at most 1.5x; script/CLI at least 7x on write_folio-heavy traces of 200 MB or more, 10x on the samples; Chromium at least 0.8x the CLI, memory at most 0.5x the file\n');

  if (browser) {
    const browserRows = inBrowser.flatMap((t) => {
      const r = browser.results.get(t.name)!;
      const cli = results.find((x) => x.trace.name === t.name);
      const cliS = cli ? spread(cli.cli.map((x) => x.seconds)).best : NaN;
      return ([
        [r.one, 'one worker'],
        [r.split, '2 workers'],
      ] as const).flatMap(([runs, mode]) => {
        if (!runs.length) return [];
        const b = bestOf(runs);
        if (!b) {
          notes.push(`Chromium, ${t.name}, ${mode}: ${runs[0].error}`);
          return [];
        }
        return [{
          trace: t.name,
          mode,
          MiB: (t.bytes / MIB).toFixed(1),
          's': fmtSpread(runs.map((x) => x.seconds)),
          'MiB/s': (t.bytes / MIB / b.seconds).toFixed(0),
          'vs CLI throughput': ratio(cliS, b.seconds, 2),
          'renderer grew MiB': (b.peakBytes / MIB).toFixed(1),
          'grew/file': (b.peakBytes / t.bytes).toFixed(2),
          'read alone s': b.readSeconds?.toFixed(2) ?? '-',
        }];
      });
    });
    console.log('Chromium, the app\'s worker pool, a File through a file input (renderer: page and workers, the largest growth of all runs)');
    printTable(browserRows, ['trace', 'mode', 'MiB', 's', 'MiB/s', 'vs CLI throughput', 'renderer grew MiB', 'grew/file', 'read alone s']);
    const zoom = browser.zoom;
    if (zoom) {
      const all = zoom.inWorker.slice(1);
      console.log(
        `zoom on ${(zoom.events / 1e6).toFixed(1)} M events in the worker: whole trace ${zoom.inWorker[0].toFixed(1)} ms, ${all.length} random ranges p50 ${quantile(all, 50).toFixed(1)} ms, max ${Math.max(...all).toFixed(1)} ms; ` +
          `round trip p50 ${quantile(zoom.roundTrip, 50).toFixed(1)} ms, max ${Math.max(...zoom.roundTrip).toFixed(1)} ms`,
      );
    }
  }
  if (firstChart) {
    const ok = firstChart.runs.filter((r) => !r.error);
    if (!ok.length) notes.push(`app, first chart: ${firstChart.runs[0]?.error ?? 'no run'}`);
    else {
      const best = ok.reduce((a, b) => (b.chart < a.chart ? b : a));
      console.log(
        `app on ${firstChart.trace.name} (${(firstChart.trace.bytes / MIB).toFixed(0)} MiB), best of ${ok.length}: card read ${best.parse.toFixed(2)} s after choosing the file, first chart drawn ${best.chart.toFixed(2)} s, ${(best.chart / best.parse).toFixed(2)}x the read (target at most 1.2x); all runs: ${ok.map((r) => `${r.parse.toFixed(2)}/${r.chart.toFixed(2)}`).join(', ')}`,
      );
    }
  }
  for (const n of notes) console.log(`note: ${n}`);
}

main().catch((e) => {
  console.error(`bench: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
