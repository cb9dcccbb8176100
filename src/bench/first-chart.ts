// The benchmark's "first chart" figure: the app itself (its production build,
// served here) is handed one trace through its file input in headless
// Chromium, and the page notes, on its own clock, when the file was chosen,
// when the trace's card said it was read (the worker's parse and analysis) and
// when the first chart's plot reached the page. Issue 13's floor: the first
// chart within 1.2x of the parse, nothing between parse and picture that costs
// as much again.

import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { extname, join } from 'node:path';

export interface FirstChart {
  /** Seconds from choosing the file to its card showing it read. */
  parse: number;
  /** Seconds from choosing the file to the first chart's plot on the page. */
  chart: number;
  error?: string;
}

const MIME: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml', '.json': 'application/json' };

function serve(dir: string): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    const path = join(dir, decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname).replace(/^\/+/, '') || 'index.html');
    if (!path.startsWith(dir) || !existsSync(path) || statSync(path).isDirectory()) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': MIME[extname(path)] ?? 'application/octet-stream' });
    createReadStream(path).pipe(res);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, url: `http://127.0.0.1:${(server.address() as { port: number }).port}/` })));
}

/** Run in the page before the file is chosen: notes the three moments in window.firstChart. */
const WATCH = `(() => {
  const f = (window.firstChart = {});
  document.addEventListener('change', () => { if (f.chosen === undefined) f.chosen = performance.now(); }, true);
  new MutationObserver(() => {
    if (f.read === undefined && document.querySelector('[data-testid=variant-card][data-status=ready]')) f.read = performance.now();
    if (f.chart === undefined && document.querySelector('[data-testid^=chart-] svg.recharts-surface .recharts-line')) f.chart = performance.now();
  }).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-status'] });
})()`;

/** Builds the app (vite build into outDir) and times `runs` loads of `trace`, each in a fresh tab. */
export async function timeFirstChart(root: string, outDir: string, trace: string, chromiumPath: string, runs: number, log: (s: string) => void): Promise<FirstChart[]> {
  const { build } = await import('vite');
  await build({ configFile: join(root, 'vite.config.ts'), root, logLevel: 'warn', build: { outDir, emptyOutDir: true } });
  const { chromium } = await import('@playwright/test');
  const { server, url } = await serve(outDir);
  const browser = await chromium.launch({ executablePath: chromiumPath, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking'] });
  const out: FirstChart[] = [];
  try {
    for (let i = 0; i < runs; i++) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      try {
        const page = await context.newPage();
        await page.goto(url);
        await page.locator('html[data-warm="1"]').waitFor({ state: 'attached', timeout: 60_000 });
        // a string, not a function: tsx would wrap the inner functions in a helper the page does not have
        await page.evaluate(WATCH);
        await page.getByTestId('file-input').setInputFiles(trace);
        try {
          await page.waitForFunction(() => (window as unknown as { firstChart: { chart?: number } }).firstChart.chart !== undefined, null, { timeout: 300_000 });
          const f = await page.evaluate(() => (window as unknown as { firstChart: Record<string, number> }).firstChart);
          out.push({ parse: (f.read - f.chosen) / 1000, chart: (f.chart - f.chosen) / 1000 });
        } catch (e) {
          out.push({ parse: NaN, chart: NaN, error: String(e) });
        }
        const r = out[out.length - 1];
        log(`  app, first chart, run ${i + 1}: ${r.error ?? `read ${r.parse.toFixed(2)} s, first chart ${r.chart.toFixed(2)} s (${(r.chart / r.parse).toFixed(2)}x)`}`);
      } finally {
        await context.close();
      }
    }
  } finally {
    await browser.close();
    server.close();
  }
  return out;
}
