#!/usr/bin/env node
// `npx reclaimscope ...`: runs the command line bundled by `npm ci`
// (the `prepare` script builds src/cli/main.ts into dist/cli).
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

const bundle = fileURLToPath(new URL('../../dist/cli/reclaimscope.mjs', import.meta.url));
if (!existsSync(bundle)) {
  process.stderr.write('reclaimscope: the command line is not built yet; run `npm run build:cli` (npm ci does it)\n');
  process.exit(2);
}
const { main } = await import(pathToFileURL(bundle).href);
process.exitCode = await main(process.argv.slice(2));
