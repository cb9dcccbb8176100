// `npm run bench`: how fast reclaimscope reads a big trace, against the
// kernel's own Documentation/trace/postprocess/trace-vmscan-postprocess.pl,
// in one run and on one file:
//   1. builds the trace from the real traces in the repo (concat-trace.ts:
//      copies one after the other, timestamps shifted) into the cache folder
//      node_modules/.cache/reclaimscope/, default 256 MiB;
//   2. times the kernel script on it (`perl script < file`); the script is
//      never stored in the repo: it is taken at run time from Debian's
//      linux-source-6.12 package (apt-get download), cached, or skipped with
//      a message where that cannot be done;
//   3. times our command line (`node src/cli/bin.mjs report --json FILE`,
//      the bundle in dist/cli, rebuilt first), on two threads and on one;
//   4. times our parser in headless Chromium (Debian's /usr/bin/chromium):
//      a File picked in a page goes to the app's worker pool (worker/client.ts)
//      with and without idle workers helping, and the renderer's memory is
//      sampled from /proc;
//   5. times zooming in the worker on a table of ten million events.
// It prints seconds, MiB/s, events/s and peak memory for each, and the ratios.
//
//   npm run bench -- [--size MIB] [--runs N] [--no-perl] [--no-cli] [--no-browser]
//                    [--no-zoom] [--zoom-events N] [--perl-script FILE]
//
// Each timing is the best of --runs (default 3) runs: the machine is shared
// and its speed drifts; memory is the largest peak seen. Timings are wall
// clock, process start to exit (perl, CLI) or File to analysed trace (Chromium).

import { spawn, spawnSync } from 'node:child_process';
import { closeSync, createReadStream, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { availableParallelism, cpus, tmpdir, totalmem } from 'node:os';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { indexSource, planCopies, shiftedCopy, GAP_NS } from './concat-trace.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CACHE = join(ROOT, 'node_modules/.cache/reclaimscope');
const MIB = 1 << 20;
/** The two real traces the big one is made of (fixtures/README.md): the most representative ones, 10 MB each. */
const SOURCES = ['public/samples/mixed-baseline.txt.gz', 'public/samples/mixed-dirty40.txt.gz'];
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SCRIPT_IN_PACKAGE = 'linux-source-6.12/Documentation/trace/postprocess/trace-vmscan-postprocess.pl';

interface Options {
  sizeMiB: number;
  runs: number;
  perl: boolean;
  cli: boolean;
  browser: boolean;
  zoom: boolean;
  zoomEvents: number;
  perlScript: string | null;
}

function parseArgs(argv: string[]): Options {
  const o: Options = { sizeMiB: 256, runs: 3, perl: true, cli: true, browser: true, zoom: true, zoomEvents: 10_000_000, perlScript: null };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a === '--size') o.sizeMiB = Number(value());
    else if (a === '--runs') o.runs = Math.max(1, Number(value()));
    else if (a === '--no-perl') o.perl = false;
    else if (a === '--no-cli') o.cli = false;
    else if (a === '--no-browser') o.browser = false;
    else if (a === '--no-zoom') o.zoom = false;
    else if (a === '--zoom-events') o.zoomEvents = Number(value());
    else if (a === '--perl-script') o.perlScript = value();
    else if (a === '--help' || a === '-h') {
      console.log(readFileSync(fileURLToPath(import.meta.url), 'utf8').split('\n').filter((l) => l.startsWith('//')).map((l) => l.slice(3)).join('\n'));
      process.exit(0);
    } else throw new Error(`unknown option ${a}`);
  }
  if (!(o.sizeMiB > 0)) throw new Error('--size must be a positive number of MiB');
  return o;
}

const log = (s: string): void => void process.stderr.write(`${s}\n`);

// ---------------------------------------------------------------- the trace

/** The big trace in the cache folder, built unless an identical one is there. */
function buildTrace(sizeMiB: number): { path: string; bytes: number; copies: number } {
  const path = join(CACHE, `bench-${sizeMiB}MiB.txt`);
  const manifestPath = `${path}.json`;
  const sources = SOURCES.map((p) => ({ p, bytes: statSync(join(ROOT, p)).size }));
  const want = JSON.stringify({ sources, sizeMiB, gapNs: GAP_NS, version: 1 });
  if (existsSync(path) && existsSync(manifestPath)) {
    const m = JSON.parse(readFileSync(manifestPath, 'utf8')) as { key: string; copies: number };
    if (m.key === want) return { path, bytes: statSync(path).size, copies: m.copies };
  }
  log(`building a ${sizeMiB} MiB trace from ${SOURCES.join(', ')} ...`);
  const srcs = SOURCES.map((p) => indexSource(p, new Uint8Array(gunzipSync(readFileSync(join(ROOT, p))))));
  const plan = planCopies(srcs, sizeMiB * MIB);
  const fd = openSync(path, 'w');
  for (const c of plan) writeSync(fd, shiftedCopy(srcs[c.source], c.offsetNs));
  closeSync(fd);
  writeFileSync(manifestPath, JSON.stringify({ key: want, copies: plan.length }));
  return { path, bytes: statSync(path).size, copies: plan.length };
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
    const dl = spawnSync('apt-get', ['download', 'linux-source-6.12'], { cwd: dir, encoding: 'utf8' });
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
    const t0 = performance.now();
    const child = spawn(cmd, args, { cwd: ROOT, env: opts.env ?? process.env, stdio: [stdin, 'pipe', 'pipe'] });
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
      if (code !== 0) reject(new Error(`${cmd} ${args.join(' ')} exited with ${code}: ${err.trim().slice(0, 500)}`));
      else resolve({ seconds, peakBytes: mem.peak, stdout: opts.keepStdout ? Buffer.concat(out).toString('utf8') : undefined });
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
  return { seconds: run.seconds, peakBytes: Math.max(run.peakBytes, m.vmHWM), detail: m, events: report[0].parseReport.events };
}

// ---------------------------------------------------------------- Chromium

const MIME: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.map': 'application/json' };

/** Serves the built bench page; cross-origin isolated, so that the page could measure its own memory too. */
function serve(dir: string): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    const path = join(dir, decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname).replace(/^\/+/, '') || 'bench.html');
    if (!path.startsWith(dir) || !existsSync(path) || statSync(path).isDirectory()) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, {
      'content-type': MIME[extname(path)] ?? 'application/octet-stream',
      'cross-origin-opener-policy': 'same-origin',
      'cross-origin-embedder-policy': 'require-corp',
    });
    createReadStream(path).pipe(res);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, url: `http://127.0.0.1:${(server.address() as { port: number }).port}/bench.html` })));
}

async function buildPage(): Promise<string> {
  const { build } = await import('vite');
  const out = join(CACHE, 'bench-page');
  await build({
    configFile: false,
    root: join(ROOT, 'src/bench'),
    base: './',
    logLevel: 'warn',
    worker: { format: 'es' },
    build: { outDir: out, emptyOutDir: true, target: 'es2022', rollupOptions: { input: join(ROOT, 'src/bench/bench.html') } },
  });
  return out;
}

function rssOf(pid: number): { rss: number; hwm: number } {
  try {
    const s = readFileSync(`/proc/${pid}/status`, 'utf8');
    return { rss: Number(/VmRSS:\s+(\d+)/.exec(s)![1]) * 1024, hwm: Number(/VmHWM:\s+(\d+)/.exec(s)![1]) * 1024 };
  } catch {
    return { rss: 0, hwm: 0 };
  }
}

interface BrowserRun extends Run {
  events: number;
  baseRss: number;
  peakRss: number;
  heap: { usedJSHeapSize: number; totalJSHeapSize: number } | null;
  zoom?: { events: number; tileMs: number; inWorker: number[]; roundTrip: number[] };
  error?: string;
}

/**
 * Loads the trace in Chromium `runs` times per mode (with idle workers
 * helping, and with one worker), the modes taking turns so that a drift in
 * the machine's speed touches both alike; then once more to time zooming.
 */
async function timeBrowser(trace: string, runs: number, zoomEvents: number): Promise<{ split: BrowserRun; one: BrowserRun; zoom?: BrowserRun['zoom'] }> {
  const { chromium } = await import('@playwright/test');
  const dir = await buildPage();
  const { server, url } = await serve(dir);
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--enable-precise-memory-info'],
  });
  try {
    const cdp = await browser.newBrowserCDPSession();
    const renderers = async (): Promise<number[]> => {
      const info = (await cdp.send('SystemInfo.getProcessInfo')) as { processInfo: { type: string; id: number }[] };
      return info.processInfo.filter((p) => p.type === 'renderer').map((p) => p.id);
    };
    const once = async (split: boolean, zoom: number): Promise<BrowserRun> => {
      // a fresh context per run: a fresh renderer process, so that its peak is this load's
      const context = await browser.newContext();
      try {
        const page = await context.newPage();
        let crashed = false;
        page.on('crash', () => (crashed = true));
        await page.goto(url);
        await page.waitForSelector('body[data-ready="1"]');
        await page.setInputFiles('#file', trace);
        const pids = await renderers();
        const base = new Map(pids.map((p) => [p, rssOf(p).rss]));
        const sampled = new Map<number, number>();
        const timer = setInterval(() => {
          for (const p of pids) sampled.set(p, Math.max(sampled.get(p) ?? 0, rssOf(p).rss));
        }, 25);
        let result: { ms: number; events: number; ok: boolean; message?: string; id: string };
        try {
          result = await page.evaluate((s) => (window as unknown as { bench: { load(s: boolean): Promise<typeof result> } }).bench.load(s), split);
        } catch (e) {
          return { seconds: NaN, peakBytes: 0, events: 0, baseRss: 0, peakRss: 0, heap: null, error: crashed ? 'the tab crashed (out of memory?)' : String(e) };
        } finally {
          clearInterval(timer);
        }
        // the page's renderer is the one that grew most; VmHWM is its exact peak
        let pid = pids[0];
        for (const p of pids) if ((sampled.get(p) ?? 0) - (base.get(p) ?? 0) > (sampled.get(pid) ?? 0) - (base.get(pid) ?? 0)) pid = p;
        const peakRss = Math.max(sampled.get(pid) ?? 0, rssOf(pid).hwm);
        const baseRss = base.get(pid) ?? 0;
        if (!result.ok) return { seconds: NaN, peakBytes: 0, events: 0, baseRss, peakRss, heap: null, error: result.message };
        const heap = await page.evaluate((id) => (window as unknown as { bench: { workerMemory(id: string): Promise<BrowserRun['heap']> } }).bench.workerMemory(id), result.id);
        const run: BrowserRun = { seconds: result.ms / 1000, peakBytes: peakRss - baseRss, events: result.events, baseRss, peakRss, heap };
        if (zoom > 0) {
          log(`  zoom: copying the table in the worker to ${zoom} events ...`);
          run.zoom = await page.evaluate(
            ([id, n]) => (window as unknown as { bench: { zoom(id: string, n: number, c: number): Promise<BrowserRun['zoom']> } }).bench.zoom(id, n, 200),
            [result.id, zoom] as [string, number],
          );
        }
        return run;
      } finally {
        await context.close();
      }
    };
    const all: Record<'split' | 'one', BrowserRun[]> = { split: [], one: [] };
    for (let i = 0; i < runs; i++)
      for (const mode of ['split', 'one'] as const) {
        const r = await once(mode === 'split', 0);
        log(`  Chromium, ${mode === 'split' ? 'file split over idle workers' : 'one worker'}, run ${i + 1}: ${r.error ?? `${r.seconds.toFixed(2)} s, renderer grew ${(r.peakBytes / MIB).toFixed(0)} MiB`}`);
        all[mode].push(r);
      }
    const pick = (rs: BrowserRun[]): BrowserRun => {
      const ok = rs.filter((r) => !r.error);
      if (!ok.length) return rs[0];
      return { ...ok.reduce((a, b) => (b.seconds < a.seconds ? b : a)), peakBytes: Math.max(...ok.map((r) => r.peakBytes)) };
    };
    // zooming does not depend on how the file was read: the table is copied in one worker
    const zoom = zoomEvents > 0 ? (await once(false, zoomEvents)).zoom : undefined;
    return { split: pick(all.split), one: pick(all.one), zoom };
  } finally {
    await browser.close();
    server.close();
  }
}

// ---------------------------------------------------------------- report

const fmtS = (s: number): string => (Number.isFinite(s) ? s.toFixed(2) : '-');
const fmtMiB = (b: number): string => (b > 0 ? `${(b / MIB).toFixed(0)} MiB` : '-');

function quantile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.max(0, Math.ceil((p / 100) * s.length) - 1)] : NaN;
}

async function main(): Promise<void> {
  const o = parseArgs(process.argv.slice(2));
  mkdirSync(CACHE, { recursive: true });
  const trace = buildTrace(o.sizeMiB);
  log(`trace: ${trace.path} (${(trace.bytes / MIB).toFixed(1)} MiB, ${trace.copies} copies)`);

  const rows: { name: string; seconds: number; events: number; peak: number; note: string }[] = [];
  let events = 0;
  let perlSeconds = NaN;
  let cliSeconds = NaN;
  const notes: string[] = [];

  if (o.cli) {
    const { build } = await import('vite');
    log('building the command line (vite build --mode cli) ...');
    await build({ configFile: join(ROOT, 'vite.config.ts'), root: ROOT, mode: 'cli', logLevel: 'warn' });
  }
  // perl and the command line take turns, run after run, so that a drift in
  // the machine's speed (it is shared) touches both alike
  let script: string | null = null;
  if (o.perl) {
    const s = kernelScript(o.perlScript);
    if ('skip' in s) notes.push(`kernel script skipped: ${s.skip}`);
    else script = s.path;
  }
  const threads = Math.min(availableParallelism(), 8);
  const perlRuns: Run[] = [];
  const readRuns: Run[] = [];
  const cliRuns = new Map<number, (Run & { events: number })[]>();
  for (let i = 0; i < o.runs; i++) {
    if (o.cli) readRuns.push(await timeProcess(process.execPath, [join(ROOT, 'src/bench/read-only.mjs'), trace.path], {}));
    if (script) {
      const r = await timeProcess('perl', [script], { stdinFile: trace.path });
      log(`  perl run ${i + 1}: ${r.seconds.toFixed(2)} s`);
      perlRuns.push(r);
    }
    if (o.cli)
      for (const t of threads > 1 ? [threads, 1] : [1]) {
        const r = await timeCli(trace.path, t);
        log(`  command line, ${t} thread${t > 1 ? 's' : ''}, run ${i + 1}: ${r.seconds.toFixed(2)} s`);
        cliRuns.set(t, [...(cliRuns.get(t) ?? []), r]);
      }
  }
  const bestOf = <R extends Run>(rs: R[]): R => ({ ...rs.reduce((a, b) => (b.seconds < a.seconds ? b : a)), peakBytes: Math.max(...rs.map((r) => r.peakBytes)) });
  if (perlRuns.length) {
    const r = bestOf(perlRuns);
    perlSeconds = r.seconds;
    rows.push({ name: 'trace-vmscan-postprocess.pl', seconds: r.seconds, events: 0, peak: r.peakBytes, note: 'peak RSS' });
  }
  if (readRuns.length) {
    const r = bestOf(readRuns);
    rows.push({ name: 'node reading the file, no parsing', seconds: r.seconds, events: -1, peak: r.peakBytes, note: 'peak RSS (the floor under the command line)' });
  }
  for (const [t, rs] of cliRuns) {
    const r = bestOf(rs);
    events = r.events;
    cliSeconds = Math.min(Number.isFinite(cliSeconds) ? cliSeconds : Infinity, r.seconds);
    rows.push({
      name: `command line, ${t} thread${t > 1 ? 's' : ''}`,
      seconds: r.seconds,
      events: r.events,
      peak: r.peakBytes,
      note: `peak RSS; heap ${fmtMiB(r.detail!.heapUsed)}, array buffers ${fmtMiB(r.detail!.arrayBuffers)}`,
    });
  }
  let browserSeconds = NaN;
  let zoom: BrowserRun['zoom'];
  if (o.browser) {
    if (!existsSync(CHROMIUM)) notes.push(`Chromium skipped: ${CHROMIUM} does not exist (apt-get install chromium)`);
    else {
      const b = await timeBrowser(trace.path, o.runs, o.zoom ? o.zoomEvents : 0);
      const { split, one: single } = b;
      zoom = b.zoom;
      for (const [r, name] of [
        [split, 'Chromium, file split over idle workers'],
        [single, 'Chromium, one worker'],
      ] as const) {
        if (r.error) notes.push(`${name}: ${r.error}`);
        else {
          if (!events) events = r.events;
          browserSeconds = Math.min(Number.isFinite(browserSeconds) ? browserSeconds : Infinity, r.seconds);
          const heap = r.heap ? `; worker JS heap ${fmtMiB(r.heap.usedJSHeapSize)}` : '';
          rows.push({ name, seconds: r.seconds, events: r.events, peak: r.peakBytes, note: `renderer growth (${fmtMiB(r.baseRss)} -> ${fmtMiB(r.peakRss)})${heap}` });
        }
      }
    }
  }

  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  console.log(`\nreclaimscope benchmark: ${(trace.bytes / MIB).toFixed(1)} MiB trace (${events || '?'} events, ${trace.copies} copies of ${SOURCES.map((s) => s.split('/').pop()).join(' + ')})`);
  console.log(`machine: ${availableParallelism()} cores (${cpu}), ${(totalmem() / 2 ** 30).toFixed(0)} GiB, node ${process.versions.node}; best of ${o.runs} runs\n`);
  const w = Math.max(...rows.map((r) => r.name.length), 10);
  console.log(`${'reader'.padEnd(w)}  ${'seconds'.padStart(8)}  ${'MiB/s'.padStart(7)}  ${'events/s'.padStart(10)}  ${'peak memory'.padStart(11)}  (what the memory is)`);
  for (const r of rows) {
    const ev = r.events || events;
    const evs = ev > 0 ? `${(ev / r.seconds / 1e6).toFixed(2)} M` : '-';
    console.log(
      `${r.name.padEnd(w)}  ${fmtS(r.seconds).padStart(8)}  ${(trace.bytes / MIB / r.seconds).toFixed(1).padStart(7)}  ${evs.padStart(10)}  ${fmtMiB(r.peak).padStart(11)}  ${r.note}`,
    );
  }
  console.log('');
  if (Number.isFinite(perlSeconds) && Number.isFinite(cliSeconds)) console.log(`command line / kernel script throughput: ${(perlSeconds / cliSeconds).toFixed(1)}x (target 15x)`);
  if (Number.isFinite(browserSeconds) && Number.isFinite(cliSeconds)) console.log(`Chromium worker / command line throughput: ${(cliSeconds / browserSeconds).toFixed(2)}x (target 0.7x)`);
  for (const r of rows.filter((x) => x.name.startsWith('Chromium')))
    console.log(`${r.name}: peak memory / file size ${(r.peak / trace.bytes).toFixed(2)} (target under 0.5)`);
  if (zoom) {
    const all = zoom.inWorker.slice(1);
    console.log(
      `zoom on ${(zoom.events / 1e6).toFixed(1)} M events in the worker (table copied in ${(zoom.tileMs / 1000).toFixed(1)} s): ` +
        `whole trace ${zoom.inWorker[0].toFixed(1)} ms, ${all.length} random ranges p50 ${quantile(all, 50).toFixed(1)} ms, max ${Math.max(...all).toFixed(1)} ms; ` +
        `round trip with the answer p50 ${quantile(zoom.roundTrip, 50).toFixed(1)} ms, max ${Math.max(...zoom.roundTrip).toFixed(1)} ms (target 50 ms)`,
    );
  }
  for (const n of notes) console.log(`note: ${n}`);
}

main().catch((e) => {
  console.error(`bench: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
