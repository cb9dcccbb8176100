// The benchmark's browser part (driven by bench.ts): the app's worker pool in
// headless Chromium, fed each trace through a file input as a user drops it
// (bench-page.ts), timed from File to analysed trace, with the page's renderer
// memory sampled from /proc; and a static server for the pages the benchmark
// builds (this one and the app's own, first-chart.ts).

import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { extname, join } from 'node:path';

const MIME: Record<string, string> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
  '.map': 'application/json',
};

/** Serves the files of dir on a free local port; `index` answers `/`. */
export function serveDir(dir: string, index: string, headers: Record<string, string> = {}): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    const path = join(dir, decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname).replace(/^\/+/, '') || index);
    if (!path.startsWith(dir) || !existsSync(path) || statSync(path).isDirectory()) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': MIME[extname(path)] ?? 'application/octet-stream', ...headers });
    createReadStream(path).pipe(res);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, url: `http://127.0.0.1:${(server.address() as { port: number }).port}/` })));
}

async function buildPage(cacheDir: string): Promise<string> {
  const { build } = await import('vite');
  const root = new URL('.', import.meta.url).pathname;
  const out = join(cacheDir, 'bench-page');
  await build({
    configFile: false,
    root,
    base: './',
    logLevel: 'warn',
    worker: { format: 'es' },
    build: { outDir: out, emptyOutDir: true, target: 'es2022', rollupOptions: { input: join(root, 'bench.html') } },
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

export interface BrowserRun {
  /** File to analysed trace, seconds. */
  seconds: number;
  /** Seconds the worker took to read the file once more, parsing nothing (after the load). */
  readSeconds?: number;
  events: number;
  /** How much the page's renderer (page and workers) grew during the load, bytes. */
  peakBytes: number;
  baseRss: number;
  peakRss: number;
  zoom?: { events: number; tileMs: number; inWorker: number[]; roundTrip: number[] };
  error?: string;
}

export interface BrowserTrace {
  name: string;
  path: string;
  bytes: number;
  /** Also time the file split over idle workers (client.ts `splitting`). */
  split: boolean;
}

export interface BrowserResult {
  /** Every run, one worker (the app's default). */
  one: BrowserRun[];
  /** Every run with the file split over idle workers; empty unless asked. */
  split: BrowserRun[];
}

/** The best run's time with the largest growth seen over all runs: what a user could meet. */
export function bestOf(rs: BrowserRun[]): BrowserRun | null {
  const ok = rs.filter((r) => !r.error);
  if (!ok.length) return null;
  return { ...ok.reduce((a, b) => (b.seconds < a.seconds ? b : a)), peakBytes: Math.max(...ok.map((r) => r.peakBytes)) };
}

const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--enable-precise-memory-info'];

/**
 * Loads each trace in Chromium `runs` times (one worker, and split where
 * asked, the modes taking turns so that a drift in the machine's speed
 * touches both alike), each load in a fresh tab whose renderer's growth is
 * that load's; then, if zoom is given, once more to time zooming on a table
 * of zoom.events rows copied from that trace.
 */
export async function timeBrowser(
  chromiumPath: string,
  cacheDir: string,
  traces: BrowserTrace[],
  runs: number,
  zoom: { trace: string; events: number } | null,
  log: (s: string) => void,
): Promise<{ results: Map<string, BrowserResult>; zoom?: BrowserRun['zoom'] }> {
  const { chromium } = await import('@playwright/test');
  const dir = await buildPage(cacheDir);
  // cross-origin isolated, so that the page could measure its own memory too
  const { server, url } = await serveDir(dir, 'bench.html', { 'cross-origin-opener-policy': 'same-origin', 'cross-origin-embedder-policy': 'require-corp' });
  const browser = await chromium.launch({ executablePath: chromiumPath, args: CHROMIUM_ARGS });
  try {
    const cdp = await browser.newBrowserCDPSession();
    const renderers = async (): Promise<number[]> => {
      const info = (await cdp.send('SystemInfo.getProcessInfo')) as { processInfo: { type: string; id: number }[] };
      return info.processInfo.filter((p) => p.type === 'renderer').map((p) => p.id);
    };
    const once = async (trace: string, split: boolean, zoomEvents: number): Promise<BrowserRun> => {
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
          return { seconds: NaN, peakBytes: 0, events: 0, baseRss: 0, peakRss: 0, error: crashed ? 'the tab crashed (out of memory?)' : String(e) };
        } finally {
          clearInterval(timer);
        }
        // the page's renderer is the one that grew most; VmHWM is its exact peak
        let pid = pids[0];
        for (const p of pids) if ((sampled.get(p) ?? 0) - (base.get(p) ?? 0) > (sampled.get(pid) ?? 0) - (base.get(pid) ?? 0)) pid = p;
        const peakRss = Math.max(sampled.get(pid) ?? 0, rssOf(pid).hwm);
        const baseRss = base.get(pid) ?? 0;
        if (!result.ok) return { seconds: NaN, peakBytes: 0, events: 0, baseRss, peakRss, error: result.message };
        const readMs = await page.evaluate((id) => (window as unknown as { bench: { readOnly(id: string): Promise<number> } }).bench.readOnly(id), result.id);
        const run: BrowserRun = { seconds: result.ms / 1000, readSeconds: readMs / 1000, peakBytes: peakRss - baseRss, events: result.events, baseRss, peakRss };
        if (zoomEvents > 0) {
          log(`  zoom: copying the table in the worker to ${zoomEvents} events ...`);
          run.zoom = await page.evaluate(
            ([id, n]) => (window as unknown as { bench: { zoom(id: string, n: number, c: number): Promise<BrowserRun['zoom']> } }).bench.zoom(id, n, 200),
            [result.id, zoomEvents] as [string, number],
          );
        }
        return run;
      } finally {
        await context.close();
      }
    };
    const results = new Map<string, BrowserResult>();
    for (const t of traces) {
      const r: BrowserResult = { one: [], split: [] };
      for (let i = 0; i < runs; i++)
        for (const split of t.split ? [true, false] : [false]) {
          const run = await once(t.path, split, 0);
          log(
            `  Chromium, ${t.name}, ${split ? 'file split over idle workers' : 'one worker'}, run ${i + 1}: ${run.error ?? `${run.seconds.toFixed(2)} s, renderer grew ${(run.peakBytes / (1 << 20)).toFixed(1)} MiB; reading the file again in the worker, parsing nothing: ${run.readSeconds!.toFixed(2)} s`}`,
          );
          (split ? r.split : r.one).push(run);
        }
      results.set(t.name, r);
    }
    // zooming does not depend on how the file was read: the table is copied in one worker
    const zt = zoom ? traces.find((t) => t.name === zoom.trace) : undefined;
    const zoomed = zt && zoom ? (await once(zt.path, false, zoom.events)).zoom : undefined;
    return { results, zoom: zoomed };
  } finally {
    await browser.close();
    server.close();
  }
}
