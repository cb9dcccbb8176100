// Which Chromium the end-to-end tests launch: Debian's /usr/bin/chromium
// where it exists (as CI installs it), else CHROMIUM_PATH, else a Chromium
// installed by `npx playwright install chromium`. With none, `npm test`
// stops before the end-to-end tests with one sentence on how to get one
// (run as a script: `tsx e2e/chromium.ts`); nothing is ever downloaded here.

import { existsSync } from 'node:fs';
import { chromium } from '@playwright/test';

interface ChromiumChoice {
  /** null: Playwright's own installed Chromium, which it finds itself. */
  executablePath: string | null;
  source: string;
}

export const NO_CHROMIUM =
  'No Chromium for the end-to-end tests (looked for /usr/bin/chromium, CHROMIUM_PATH and a Playwright-installed one): on Debian run `sudo apt-get install chromium`, on Ubuntu or macOS run `npx playwright install --with-deps chromium`, on Fedora run `sudo dnf install chromium` and set CHROMIUM_PATH=/usr/bin/chromium-browser, then run npm test again.';

interface Where {
  debian: string;
  env: string | undefined;
  /** Where `npx playwright install chromium` puts it (whether or not it is there). */
  playwright: () => string;
  exists: (path: string) => boolean;
}

const HERE: Where = {
  debian: '/usr/bin/chromium',
  env: process.env.CHROMIUM_PATH,
  playwright: () => chromium.executablePath(),
  exists: existsSync,
};

export function findChromium(where: Where = HERE): ChromiumChoice | null {
  if (where.exists(where.debian)) return { executablePath: where.debian, source: where.debian };
  if (where.env && where.exists(where.env)) return { executablePath: where.env, source: `CHROMIUM_PATH (${where.env})` };
  let own = '';
  try {
    own = where.playwright();
  } catch {
    // this Playwright has no Chromium build for the platform
  }
  if (own && where.exists(own)) return { executablePath: null, source: `Playwright's Chromium (${own})` };
  return null;
}

// As a script: the check `npm run test:e2e` makes before building and testing.
if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop()!)) {
  const found = findChromium();
  if (!found) {
    process.stderr.write(`${NO_CHROMIUM}\n`);
    process.exit(1);
  }
  process.stdout.write(`end-to-end tests run in ${found.source}\n`);
}
