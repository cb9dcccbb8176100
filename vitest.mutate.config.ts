// Vitest for `npm run mutate` (stryker.config.json): the engine's own tests,
// the ones that can catch a bug planted in src/analysis or src/parser. The
// command-line and share tests need the built bundle or cover other floors.
import type { UserConfig } from 'vite';
import base from './vite.config.ts';

const config = base({ mode: 'test', command: 'serve' }) as UserConfig;
export default { ...config, test: { ...config.test, include: ['src/analysis/**/*.test.ts', 'src/parser/**/*.test.ts'] } };
