// `npm run bench:batch`: how fast the batch commands read many traces.
//   1. generates, in a fresh folder under the system's temporary directory,
//      a directory of at least --small (default 1,000) small traces, the real
//      text traces of the repo cut into pieces at line ends (in subfolders,
//      so the walk is recursive), and --large (default 3) big traces of
//      --large-mib (default 64) MiB each, real traces joined end to end with
//      their timestamps shifted (concat-trace.ts);
//   2. times `node src/cli/bin.mjs report --format ndjson --jobs J DIR` on each
//      set, for J = 1 and J = the cores, best of --runs (default 2), and
//      `export --parquet` of the small set with J = the cores;
//   3. prints traces/s, MiB/s, CPU seconds (user + system, all threads) and
//      peak memory (the process's VmHWM: job workers are threads of it) as a
//      Markdown table, then deletes the folder (--keep keeps it). On a shared
//      machine wall clock follows the load; traces per CPU second do not.
//
//   npm run bench:batch -- [--small N] [--large N] [--large-mib MIB] [--runs N] [--keep]

import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { indexSource, planCopies, shiftedCopy } from './concat-trace.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const MIB = 1 << 20;
/** The real text traces of the repo (fixtures/README.md), cut into the small ones. */
const SMALL_SOURCES = [
  'fixtures/real-6.18/highalloc-baseline.txt.gz',
  'fixtures/real-6.18/highalloc-dirty40.txt.gz',
  'fixtures/real-6.18/memcg-256m.trace.txt.gz',
  'fixtures/real-6.18/perf-pressure.perf-script.txt',
  'fixtures/real-6.18/pressure-baseline.txt',
  'fixtures/real-6.18/pressure-dirty40.txt.gz',
  'fixtures/real-6.18/tracecmd-writeback.report.txt',
  'fixtures/real-6.18/writeback-baseline.txt.gz',
  'fixtures/real-6.18/writeback-dirty40.txt.gz',
  'public/samples/mixed-baseline.txt.gz',
  'public/samples/mixed-dirty40.txt.gz',
];
const LARGE_SOURCES = ['public/samples/mixed-baseline.txt.gz', 'public/samples/mixed-dirty40.txt.gz'];

const log = (s: string): void => void process.stderr.write(`${s}\n`);

interface Options {
  small: number;
  large: number;
  largeMiB: number;
  runs: number;
  keep: boolean;
}

function parseArgs(argv: string[]): Options {
  const o: Options = { small: 1000, large: 3, largeMiB: 64, runs: 2, keep: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const num = (): number => {
      const v = Number(argv[++i]);
      if (!(v > 0)) throw new Error(`${a} needs a positive number`);
      return v;
    };
    if (a === '--small') o.small = num();
    else if (a === '--large') o.large = num();
    else if (a === '--large-mib') o.largeMiB = num();
    else if (a === '--runs') o.runs = num();
    else if (a === '--keep') o.keep = true;
    else if (a === '--help' || a === '-h') {
      console.log(readFileSync(fileURLToPath(import.meta.url), 'utf8').split('\n').filter((l) => l.startsWith('//')).map((l) => l.slice(3)).join('\n'));
      process.exit(0);
    } else throw new Error(`unknown option ${a}`);
  }
  return o;
}

function textOf(path: string): Uint8Array {
  const raw = readFileSync(join(ROOT, path));
  return new Uint8Array(path.endsWith('.gz') ? gunzipSync(raw) : raw);
}

/** Cuts the sources into at least `count` pieces at line ends, one subfolder per source. */
function writeSmall(dir: string, count: number): { files: number; bytes: number } {
  const texts = SMALL_SOURCES.map((p) => ({ name: p.replace(/^.*\//, '').replace(/\.(txt|gz)(\.gz)?$/, ''), text: textOf(p) }));
  const total = texts.reduce((n, t) => n + t.text.length, 0);
  const piece = Math.floor(total / (count * 1.02));
  let files = 0;
  let bytes = 0;
  for (const { name, text } of texts) {
    const sub = join(dir, name);
    mkdirSync(sub, { recursive: true });
    let start = 0;
    for (let i = 0; start < text.length; i++) {
      let end = Math.min(text.length, start + piece);
      while (end < text.length && text[end - 1] !== 0x0a) end++;
      writeFileSync(join(sub, `${String(i).padStart(4, '0')}.txt`), text.subarray(start, end));
      files++;
      bytes += end - start;
      start = end;
    }
  }
  return { files, bytes };
}

function writeLarge(dir: string, count: number, mib: number): { files: number; bytes: number } {
  mkdirSync(dir, { recursive: true });
  const srcs = LARGE_SOURCES.map((p) => indexSource(p, textOf(p)));
  let bytes = 0;
  for (let i = 0; i < count; i++) {
    // each big trace starts with a different source, so they are not byte-identical
    const order = i % 2 ? [srcs[1], srcs[0]] : srcs;
    const path = join(dir, `large-${i + 1}.txt`);
    const parts = planCopies(order, mib * MIB).map((c) => shiftedCopy(order[c.source], c.offsetNs));
    writeFileSync(path, Buffer.concat(parts));
    bytes += statSync(path).size;
  }
  return { files: count, bytes };
}

interface Run {
  seconds: number;
  /** user + system CPU seconds of the process and its threads (from /proc, polled: at most 20 ms short) */
  cpu: number;
  peak: number;
  lines: number;
}

function timeCli(args: string[]): Promise<Run> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, [join(ROOT, 'src/cli/bin.mjs'), ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let peak = 0;
    let cpu = 0;
    const poll = (): void => {
      try {
        const m = /VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
        if (m) peak = Math.max(peak, Number(m[1]) * 1024);
        // fields 14 and 15 of /proc/PID/stat (after the command in brackets): utime, stime in clock ticks (100 per second)
        const f = readFileSync(`/proc/${child.pid}/stat`, 'utf8').replace(/^.*\) /, '').split(' ');
        cpu = Math.max(cpu, (Number(f[11]) + Number(f[12])) / 100);
      } catch {
        // gone
      }
    };
    const timer = setInterval(poll, 20);
    let lines = 0;
    let err = '';
    child.stdout.on('data', (d: Buffer) => {
      for (const c of d) if (c === 0x0a) lines++;
    });
    child.stderr.on('data', (d: Buffer) => void (err.length < 2000 && (err += d.toString())));
    child.on('error', reject);
    child.on('exit', (code) => {
      const seconds = (performance.now() - t0) / 1000;
      clearInterval(timer);
      if (code !== 0) reject(new Error(`reclaimscope ${args.join(' ')} exited with ${code}: ${err.trim()}`));
      else resolve({ seconds, cpu, peak, lines });
    });
  });
}

function row(name: string, set: { files: number; bytes: number }, r: Run, peak: number, note: string): string {
  const cells = [
    name,
    `${set.files} files, ${(set.bytes / MIB).toFixed(0)} MiB`,
    r.seconds.toFixed(2),
    (set.files / r.seconds).toFixed(1),
    (set.bytes / MIB / r.seconds).toFixed(1),
    r.cpu.toFixed(2),
    (set.files / r.cpu).toFixed(1),
    `${(peak / MIB).toFixed(0)} MiB${note}`,
  ];
  return `| ${cells.join(' | ')} |`;
}

async function main(): Promise<void> {
  const o = parseArgs(process.argv.slice(2));
  const { build } = await import('vite');
  log('building the command line (vite build --mode cli) ...');
  await build({ configFile: join(ROOT, 'vite.config.ts'), root: ROOT, mode: 'cli', logLevel: 'warn' });
  const dir = mkdtempSync(join(tmpdir(), 'reclaimscope-bench-batch-'));
  const loadBefore = loadavg()[0];
  try {
    log(`generating traces in ${dir} ...`);
    const sets = [
      { name: `${o.small}+ small traces`, dir: join(dir, 'small'), ...writeSmall(join(dir, 'small'), o.small) },
      { name: `${o.large} large traces`, dir: join(dir, 'large'), ...writeLarge(join(dir, 'large'), o.large, o.largeMiB) },
    ];
    const cores = availableParallelism();
    const rows: string[] = [];
    for (const set of sets) {
      log(`${set.name}: ${set.files} files, ${(set.bytes / MIB).toFixed(1)} MiB`);
      for (const jobs of cores > 1 ? [1, cores] : [1]) {
        const runs: Run[] = [];
        for (let i = 0; i < o.runs; i++) {
          const r = await timeCli(['report', '--format', 'ndjson', '--jobs', String(jobs), set.dir]);
          if (r.lines !== set.files) throw new Error(`expected ${set.files} lines, got ${r.lines}`);
          log(`  ndjson, --jobs ${jobs}, run ${i + 1}: ${r.seconds.toFixed(2)} s, ${r.cpu.toFixed(2)} s CPU`);
          runs.push(r);
        }
        const best = runs.reduce((a, b) => (b.seconds < a.seconds ? b : a));
        const peak = Math.max(...runs.map((r) => r.peak));
        rows.push(row(`report --format ndjson --jobs ${jobs}`, set, best, peak, ''));
      }
    }
    const small = sets[0];
    const out = join(dir, 'parquet');
    const ex = await timeCli(['export', '--parquet', out, '--jobs', String(cores), small.dir]);
    const size = ['summary', 'episodes'].reduce((n, f) => n + statSync(join(out, `${f}.parquet`)).size, 0);
    rows.push(row(`export --parquet --jobs ${cores}`, small, ex, ex.peak, ` (Parquet: ${(size / 1024).toFixed(0)} KiB)`));
    console.log(`\nMachine: ${cores} cores (${cpus()[0]?.model ?? '?'}), ${(totalmem() / 2 ** 30).toFixed(0)} GiB, node ${process.versions.node}; best of ${o.runs} runs; load average ${loadBefore.toFixed(1)} before, ${loadavg()[0].toFixed(1)} after\n`);
    console.log('| command | traces | seconds | traces/s | MiB/s | CPU s | traces per CPU s | peak RSS |');
    console.log('|---|---|---:|---:|---:|---:|---:|---:|');
    for (const r of rows) console.log(r);
  } finally {
    if (o.keep) log(`kept ${dir}`);
    else rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  log(e instanceof Error ? (e.stack ?? e.message) : String(e));
  process.exit(1);
});
