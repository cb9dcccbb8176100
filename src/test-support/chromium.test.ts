// The end-to-end tests' choice of Chromium (e2e/chromium.ts): Debian's first,
// then CHROMIUM_PATH, then Playwright's own, else one sentence and no tests.

import { describe, expect, it } from 'vitest';
import { findChromium, NO_CHROMIUM } from '../../e2e/chromium.ts';

const where = (have: string[], env?: string) => ({
  debian: '/usr/bin/chromium',
  env,
  playwright: () => '/home/u/.cache/ms-playwright/chromium-1200/chrome-linux/chrome',
  exists: (p: string) => have.includes(p),
});

describe('the Chromium the end-to-end tests launch', () => {
  it('is /usr/bin/chromium where it exists, CHROMIUM_PATH or not', () => {
    expect(findChromium(where(['/usr/bin/chromium', '/opt/c'], '/opt/c'))?.executablePath).toBe('/usr/bin/chromium');
  });

  it('is CHROMIUM_PATH next, when that file exists', () => {
    expect(findChromium(where(['/opt/c'], '/opt/c'))).toEqual({ executablePath: '/opt/c', source: 'CHROMIUM_PATH (/opt/c)' });
    expect(findChromium(where([], '/opt/c'))).toBeNull();
  });

  it("is Playwright's own installed Chromium next, which Playwright finds itself", () => {
    const own = '/home/u/.cache/ms-playwright/chromium-1200/chrome-linux/chrome';
    expect(findChromium(where([own], '/missing'))).toEqual({ executablePath: null, source: `Playwright's Chromium (${own})` });
  });

  it('is none otherwise, and the sentence says how to get one on Debian, Ubuntu, Fedora and macOS', () => {
    expect(findChromium(where([]))).toBeNull();
    for (const s of ['apt-get install chromium', 'Ubuntu', 'Fedora', 'dnf install chromium', 'macOS', 'npx playwright install --with-deps chromium']) expect(NO_CHROMIUM).toContain(s);
    expect(NO_CHROMIUM.match(/\. /g)).toBeNull(); // one sentence
  });
});
