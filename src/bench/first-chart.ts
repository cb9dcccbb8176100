// The benchmark's "first chart" figure: the app itself (its production build,
// served here) is handed one trace through its file input in headless
// Chromium, and the page notes, on its own clock, when the file was chosen,
// when the trace's card said it was read (the worker's parse and analysis) and
// when the first chart's plot reached the page. Issue 13's floor: the first
// chart within 1.2x of the parse, nothing between parse and picture that costs
// as much again.

import { join } from 'node:path';
import { serveDir } from './bench-browser.ts';

export interface FirstChart {
  /** Seconds from choosing the file to its card showing it read. */
  parse: number;
  /** Seconds from choosing the file to the first chart's plot on the page. */
  chart: number;
  error?: string;
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
  const { server, url } = await serveDir(outDir, 'index.html');
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
