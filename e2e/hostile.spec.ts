// Issue 15 in Chromium: the Content-Security-Policy keeps everything on the
// app's origin (a fetch elsewhere fails), the app still works under it (xz and
// zstd use WebAssembly), decompression bombs stay under 300 MiB of renderer
// memory and a cancel stops one at once, a reversed trace's card warns, and a
// share link pasted into a tab where the app is open opens.

import { expect, test, type Browser, type Page } from '@playwright/test';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { readSummaryTable, ROOT, waitIdle } from './helpers.ts';

const MiB = 1 << 20;
const dir = mkdtempSync(join(tmpdir(), 'reclaimscope-e2e15-'));

/** A zstd frame of `total` copies of `byte` in 128 KiB RLE blocks (4 bytes of file per block). */
function zstdRle(byte: number, total: number): Buffer {
  const block = 128 << 10;
  const n = Math.ceil(total / block);
  const out = Buffer.alloc(6 + n * 4);
  out.set([0x28, 0xb5, 0x2f, 0xfd, 0x00, 0x38]);
  for (let i = 0; i < n; i++) {
    const size = Math.min(block, total - i * block);
    const h = (i === n - 1 ? 1 : 0) | (1 << 1) | (size << 3);
    out.set([h & 0xff, (h >> 8) & 0xff, (h >> 16) & 0xff, byte], 6 + i * 4);
  }
  return out;
}

/** Peak resident size (VmHWM) of the largest Chromium renderer, in MiB. */
async function rendererPeakMiB(browser: Browser): Promise<number> {
  const cdp = await browser.newBrowserCDPSession();
  const info = (await cdp.send('SystemInfo.getProcessInfo')) as { processInfo: { type: string; id: number }[] };
  let peak = 0;
  for (const p of info.processInfo.filter((x) => x.type === 'renderer')) {
    try {
      const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${p.id}/status`, 'utf8'));
      if (m) peak = Math.max(peak, Number(m[1]) / 1024);
    } catch {
      // a renderer that has gone
    }
  }
  await cdp.detach();
  return peak;
}

test('the page may not fetch from another origin (Content-Security-Policy)', async ({ page, baseURL }) => {
  const response = await page.goto('/');
  expect(response!.headers()['content-security-policy']).toContain("connect-src 'self'");
  await expect(page.locator('meta[http-equiv="Content-Security-Policy"]')).toHaveAttribute('content', /connect-src 'self'/);
  // Another origin that would answer: the same server under another host name.
  const other = baseURL!.replace('127.0.0.1', 'localhost');
  const outcome = await page.evaluate(async (url) => {
    const violations: string[] = [];
    document.addEventListener('securitypolicyviolation', (e) => violations.push(e.effectiveDirective));
    let fetched: string;
    try {
      await fetch(url, { mode: 'no-cors' });
      fetched = 'fetched';
    } catch (e) {
      fetched = `refused: ${(e as Error).name}`;
    }
    await new Promise((r) => setTimeout(r, 100));
    return { fetched, violations };
  }, `${other}/index.html`);
  // refused by the policy (reported once per policy: the header and the meta tag)
  expect(outcome.fetched).toBe('refused: TypeError');
  expect(outcome.violations.length).toBeGreaterThan(0);
  expect(new Set(outcome.violations)).toEqual(new Set(['connect-src']));
  // the same request to the app's own origin works
  expect(await page.evaluate(async () => (await fetch('./index.html')).status)).toBe(200);
});

test('xz and zstd files (WebAssembly) read under the policy, and a damaged .zst is refused', async ({ page }) => {
  const violations: string[] = [];
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
  });
  await page.goto('/');
  const zst = readFileSync(`${ROOT}fixtures/compressed/linux-6.x.txt.zst`);
  const bad = Buffer.from(zst);
  bad[bad.length - 1] ^= 0xff;
  await page.getByTestId('file-input').setInputFiles([
    { name: 'linux-6.x.txt.xz', mimeType: 'application/x-xz', buffer: readFileSync(`${ROOT}fixtures/compressed/linux-6.x.txt.xz`) },
    { name: 'linux-6.x.txt.zst', mimeType: 'application/zstd', buffer: zst },
    { name: 'damaged.txt.zst', mimeType: 'application/zstd', buffer: bad },
  ]);
  await waitIdle(page);
  await expect(page.locator('[data-testid=variant-card][data-status=ready]')).toHaveCount(2);
  await expect(page.getByTestId('variant-error')).toContainText('damaged.txt.zst: the zstd data is corrupt or truncated');
  await expect(page.getByTestId('variant-error')).toContainText('fails its content checksum');
  expect(violations).toEqual([]);
});

test('decompression bombs stay under 300 MiB of renderer memory, each with its message', async ({ browser }) => {
  test.setTimeout(300_000);
  const zst = join(dir, 'one-byte-1GiB.txt.zst');
  writeFileSync(zst, zstdRle(0x61, 1024 * MiB));
  const gz = join(dir, 'one-byte-512MiB.txt.gz');
  writeFileSync(gz, gzipSync(Buffer.alloc(512 * MiB, 0x61), { level: 1 }));
  // one bomb per fresh context (a fresh renderer), so that each peak is that input's
  for (const file of [zst, gz]) {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto('/');
    await page.getByTestId('file-input').setInputFiles(file);
    await expect(page.getByTestId('variant-error')).toContainText('no trace events found: a line is too long', { timeout: 240_000 });
    const peak = await rendererPeakMiB(browser);
    console.log(`renderer peak resident size (${file.replace(/^.*\//, '')}): ${peak.toFixed(0)} MiB`);
    expect(peak).toBeGreaterThan(10);
    expect(peak).toBeLessThan(300);
    await context.close();
  }
});

test('Cancel stops a zstd bomb at once', async ({ page }) => {
  await page.goto('/');
  const zst = join(dir, 'one-byte-16GiB.txt.zst');
  writeFileSync(zst, zstdRle(0x61, 16384 * MiB));
  await page.getByTestId('file-input').setInputFiles(zst);
  const card = page.getByTestId('variant-card');
  await expect(card).toHaveAttribute('data-status', 'parsing');
  await page.waitForTimeout(500);
  const t0 = Date.now();
  await card.getByRole('button', { name: 'Cancel' }).click();
  await expect(card).toHaveAttribute('data-status', 'cancelled', { timeout: 5_000 });
  expect(Date.now() - t0).toBeLessThan(3_000);
});

test('a reversed trace warns on its card, and the warning opens the parse report', async ({ page }) => {
  await page.goto('/');
  const lines = readFileSync(`${ROOT}fixtures/real-6.18/pressure-baseline.txt`, 'utf8').split('\n').filter((l) => l && !l.startsWith('#'));
  await page.getByTestId('file-input').setInputFiles({ name: 'reversed.txt', mimeType: 'text/plain', buffer: Buffer.from(lines.reverse().join('\n') + '\n') });
  await waitIdle(page);
  const badge = page.getByTestId('numbers-warning');
  await expect(badge).toContainText('a warning about the numbers');
  await badge.click();
  await expect(page.getByTestId('parse-report').getByTestId('numbers-warning-text')).toContainText('The numbers may be wrong: time runs backwards');
});

async function shareOf(page: Page): Promise<string> {
  await page.getByRole('button', { name: 'Share', exact: true }).click();
  const field = page.getByTestId('share-link');
  await expect(field).toHaveValue(/#v=4&.*s=/);
  return field.inputValue();
}

test('a share link pasted into a tab where the app is open opens, as on a fresh load', async ({ page, browser }) => {
  // the link: one trace, shared from another browser
  const fresh = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const other = await fresh.newPage();
  await other.goto('/');
  await other.getByTestId('file-input').setInputFiles(`${ROOT}fixtures/real-6.18/highalloc-baseline.txt.gz`);
  await waitIdle(other);
  const table = await readSummaryTable(other);
  const url = await shareOf(other);
  await fresh.close();

  // this tab: the app open with two other traces
  await page.goto('/');
  await page.getByTestId('file-input').setInputFiles(['public/samples/mixed-baseline.txt.gz', 'public/samples/mixed-dirty40.txt.gz'].map((f) => `${ROOT}${f}`));
  await waitIdle(page);
  await page.evaluate(() => ((window as unknown as { sameDocument: boolean }).sameDocument = true));
  await page.goto(url); // a new fragment on the same page: what pasting into the address bar does
  await expect(page.getByTestId('read-only')).toContainText('Read-only snapshot');
  await waitIdle(page);
  expect(await page.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument)).toBe(true);
  expect(await readSummaryTable(page)).toEqual(table);
  await expect(page.getByTestId('variant-card')).toHaveCount(1);
  expect(page.url()).toContain('&s=');
});
