// Shared steps for the end-to-end tests: wait for the app to be idle, read the
// comparison table (as numbers or as the text a user reads), the independent
// reference numbers of a real trace.

import { execFileSync } from 'node:child_process';
import { expect, type Page } from '@playwright/test';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../', import.meta.url));

/** Waits until no parse, no worker query and no staggered chart render is pending. */
export async function waitIdle(page: Page): Promise<void> {
  const state = () =>
    page.evaluate(() => {
      const d = document.documentElement.dataset;
      return `${d.busy ?? '0'}/${d.queries ?? '0'}/${d.pendingRenders ?? '0'}`;
    });
  await expect.poll(state, { timeout: 60_000 }).toBe('0/0/0');
  // a finished query may schedule renders in the same turn: check once more after a frame
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0))));
  await expect.poll(state, { timeout: 60_000 }).toBe('0/0/0');
}

/** Reads the summary table: { [variant name]: { [row label]: number } }. */
export async function readSummaryTable(page: Page): Promise<Record<string, Record<string, number>>> {
  return page.evaluate(() => {
    const table = document.querySelector('[data-testid="summary-table"]')!;
    const names = [...table.querySelectorAll('thead th')].slice(1).map((th) => th.textContent!.trim());
    const out: Record<string, Record<string, number>> = {};
    for (const n of names) out[n] = {};
    for (const tr of table.querySelectorAll('tbody tr')) {
      const label = tr.querySelector('th')!.textContent!.trim();
      [...tr.querySelectorAll('td')].forEach((td, i) => {
        out[names[i]][label] = Number((td as HTMLElement).dataset.value);
      });
    }
    return out;
  });
}

/** Reads the summary table as a user sees it: { [variant name]: { [row label]: cell text } }. */
export async function readSummaryText(page: Page): Promise<Record<string, Record<string, string>>> {
  return page.evaluate(() => {
    const table = document.querySelector('[data-testid="summary-table"]')!;
    const names = [...table.querySelectorAll('thead th')].slice(1).map((th) => th.textContent!.trim());
    const out: Record<string, Record<string, string>> = {};
    for (const n of names) out[n] = {};
    for (const tr of table.querySelectorAll('tbody tr[data-key]')) {
      const label = tr.querySelector('th')!.textContent!.trim();
      [...tr.querySelectorAll('td')].forEach((td, i) => {
        out[names[i]][label] = (td as HTMLElement).innerText.trim();
      });
    }
    return out;
  });
}

/**
 * The independently computed Summary of a stored real trace
 * (fixtures/real-6.18/oracle/NAME.expected.json; not our engine's output).
 */
export function expectedSummary(file: string): Record<string, number> {
  const base = file.replace(/^.*\//, '').replace(/\.gz$/, '').replace(/\.txt$/, '');
  return JSON.parse(readFileSync(`${ROOT}fixtures/real-6.18/oracle/${base}.expected.json`, 'utf8'))[0].summary;
}

/** The command line's JSON report for files (paths relative to the repo): for comparing the app with the other door into the engine. */
export function cliJson(files: string[]): { file: string; summary: Record<string, number>; extra: Record<string, unknown> }[] {
  const out = execFileSync('node', ['src/cli/bin.mjs', 'report', '--json', ...files], { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 28 });
  return JSON.parse(out);
}

/**
 * A large trace for load tests (progress, stages, responsiveness): the mixed
 * baseline sample copied end to end to at least `mb` MB under `dir`. Not for
 * speed figures (its lines repeat); the benchmark uses recorded traces.
 */
export function tiledTrace(mb: number, dir = `${ROOT}test-results/tmp`): string {
  mkdirSync(dir, { recursive: true });
  const path = `${dir}/big-${mb}.txt`;
  const text = gunzipSync(readFileSync(`${ROOT}public/samples/mixed-baseline.txt.gz`));
  const copies = Math.ceil((mb * 1e6) / text.length);
  writeFileSync(path, Buffer.concat(Array.from({ length: copies }, () => text)));
  return path;
}
