// The lint gate (`npm run lint`, part of `npm test` and so of CI).
// Its main job is the floors of src/README.md: imports only go down
//   model < parser < analysis < share | worker | cli < state < views
// and the pure floors never import a UI or worker library. A change that
// breaks a floor fails here with a message that says where the code belongs.
// React hooks are checked with the React team's own rules (exhaustive deps
// is an error, as are ref writes and state copies the compiler rules catch).

import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

/** Each floor and the folders above it that it must never import. */
const FLOORS = {
  model: ['parser', 'analysis', 'share', 'worker', 'cli', 'state', 'views', 'bench'],
  parser: ['analysis', 'share', 'worker', 'cli', 'state', 'views', 'bench'],
  analysis: ['share', 'worker', 'cli', 'state', 'views', 'bench'],
  // share, worker and cli stand side by side; only the command line may use share (its text exports)
  share: ['worker', 'cli', 'state', 'views', 'bench'],
  worker: ['share', 'cli', 'state', 'views', 'bench'],
  cli: ['worker', 'state', 'views', 'bench'],
  state: ['views', 'bench', 'cli'],
  views: ['bench', 'cli'],
  // tools beside the app: the benchmark drives the worker; test helpers read fixtures
  bench: ['state', 'views', 'cli'],
  'test-support': ['analysis', 'share', 'worker', 'cli', 'state', 'views', 'bench'],
};

/** Libraries that only the worker shell, the store and the views may use. */
const UI_LIBS = ['react', 'react-dom', 'zustand', 'recharts', 'comlink'];
const LIBS_ALLOWED = {
  worker: ['comlink'],
  state: ['zustand', 'react', 'comlink'],
  views: UI_LIBS,
  bench: ['comlink'],
};

/**
 * Tests may use test-support, and the parser's tests may run the analysis on
 * what they parsed (their cases check whole Summaries): tests ship nowhere.
 */
function floorRule(floor, { isTest }) {
  const banned = isTest ? FLOORS[floor].filter((f) => !(floor === 'parser' && f === 'analysis')) : [...FLOORS[floor], 'test-support'];
  const libs = UI_LIBS.filter((l) => !(LIBS_ALLOWED[floor] ?? []).includes(l));
  const patterns = [
    {
      regex: `(^|/)(${banned.join('|')})/`,
      message: `src/${floor} sits below the folder imported here: imports only go down (src/README.md). Move what both need to the lower floor.`,
    },
  ];
  if (libs.length) {
    patterns.push({
      regex: `^(${libs.join('|')})(/|$)`,
      message: `src/${floor} stays free of ${libs.join(', ')} (src/README.md): keep it pure so the worker, the tests and the CLI share it.`,
    });
  }
  return { 'no-restricted-imports': ['error', { patterns }] };
}

const TESTS = ['src/**/*.test.ts', 'src/**/*.test.tsx'];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', '.cache/**', '.stryker-tmp/**'] },
  { linterOptions: { reportUnusedDisableDirectives: 'error' } },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      // The parser reads bytes with bit operations and loops that test their own exits.
      'no-constant-condition': ['error', { checkLoops: false }],
      'no-control-regex': 'off',
    },
  },
  {
    files: ['src/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs['recommended-latest'].rules,
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
    },
  },
  {
    // One concern per file: a file over 600 lines says why at its top, in the directive that lets it be
    files: ['src/**/*.{ts,tsx,mjs}', 'e2e/**/*.ts'],
    rules: { 'max-lines': ['error', { max: 600 }] },
  },
  ...Object.keys(FLOORS).flatMap((floor) => [
    { files: [`src/${floor}/**/*.{ts,tsx}`], ignores: TESTS, rules: floorRule(floor, { isTest: false }) },
    { files: TESTS.map((t) => t.replace('src/**', `src/${floor}/**`)), rules: floorRule(floor, { isTest: true }) },
  ]),
);
