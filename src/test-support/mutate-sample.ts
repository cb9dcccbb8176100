// `npm run mutate:sample`: the mutation score of whole folders, estimated
// from a seeded random sample of their lines, for when running every mutant
// is out of reach (all of src/parser and src/analysis are about 10,000
// mutants, some ten hours on two cores; README "Tests").
//
// Each source file (tests left out) is cut into windows of --window lines;
// each window is kept with probability --fraction, drawn from --seed, and
// StrykerJS mutates the kept windows only (`file:from-to`). The score is
// printed per folder with a 95% interval from resampling the windows (a
// window's mutants are not independent of each other), and every survivor
// with its line, so that each can be read and either tested or explained.
//
//   npm run mutate:sample -- [--folders src/parser,src/analysis] [--fraction 0.06]
//                            [--window 10] [--seed 1] [--report FILE] [-- stryker options]
//   --report FILE  only summarise an existing Stryker JSON report, mutate nothing

import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { seededRandom } from './seeded-random.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
// out of test-results/, which every Playwright run empties (a run mid-mutation once took Stryker's sandbox with it)
const REPORT = join(ROOT, 'node_modules/.cache/reclaimscope/mutation/mutation.json');

interface Options {
  folders: string[];
  fraction: number;
  window: number;
  seed: number;
  report: string | null;
  stryker: string[];
}

function parseArgs(argv: string[]): Options {
  const o: Options = { folders: ['src/parser', 'src/analysis'], fraction: 0.06, window: 10, seed: 1, report: null, stryker: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a === '--folders') o.folders = value().split(',');
    else if (a === '--fraction') o.fraction = Number(value());
    else if (a === '--window') o.window = Number(value());
    else if (a === '--seed') o.seed = Number(value());
    else if (a === '--report') o.report = value();
    else if (a === '--') {
      o.stryker = argv.slice(i + 1);
      break;
    } else throw new Error(`unknown option ${a}`);
  }
  return o;
}


function sourceFiles(folder: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(join(ROOT, folder), { withFileTypes: true })) {
    const p = join(folder, e.name);
    if (e.isDirectory()) out.push(...sourceFiles(p));
    else if (e.name.endsWith('.ts') && !e.name.endsWith('.test.ts')) out.push(p);
  }
  return out.sort();
}

/** The windows kept, as Stryker's `file:from-to` (1-based, inclusive). */
function sampleWindows(files: { path: string; lines: number }[], fraction: number, window: number, seed: number): string[] {
  const rnd = seededRandom(seed);
  const out: string[] = [];
  for (const f of files)
    for (let from = 1; from <= f.lines; from += window) if (rnd() < fraction) out.push(`${f.path}:${from}-${Math.min(f.lines, from + window - 1)}`);
  return out;
}

interface Mutant {
  mutatorName: string;
  replacement?: string;
  status: string;
  location: { start: { line: number } };
}
interface Report {
  files: Record<string, { mutants: Mutant[] }>;
}

const DETECTED = new Set(['Killed', 'Timeout']);
const COUNTED = new Set(['Killed', 'Timeout', 'Survived', 'NoCoverage']);

/** Detected / counted for a set of windows. */
function score(groups: Mutant[][]): number {
  let d = 0;
  let n = 0;
  for (const g of groups)
    for (const m of g) {
      if (!COUNTED.has(m.status)) continue;
      n++;
      if (DETECTED.has(m.status)) d++;
    }
  return n ? d / n : NaN;
}

/** The score, and a 95% interval from resampling whole windows (2000 draws). */
function scoreWithInterval(groups: Mutant[][], seed = 7): { score: number; lo: number; hi: number; mutants: number } {
  const rnd = seededRandom(seed);
  const draws: number[] = [];
  for (let b = 0; b < 2000; b++) {
    const pick: Mutant[][] = [];
    for (let i = 0; i < groups.length; i++) pick.push(groups[Math.floor(rnd() * groups.length)]);
    const s = score(pick);
    if (Number.isFinite(s)) draws.push(s);
  }
  draws.sort((a, b) => a - b);
  const at = (q: number): number => draws[Math.min(draws.length - 1, Math.floor(q * draws.length))];
  return { score: score(groups), lo: at(0.025), hi: at(0.975), mutants: groups.reduce((n, g) => n + g.filter((m) => COUNTED.has(m.status)).length, 0) };
}

function summarise(reportPath: string, window: number, folders: string[]): void {
  const report = JSON.parse(readFileSync(reportPath, 'utf8')) as Report;
  const pct = (x: number): string => `${(100 * x).toFixed(1)}%`;
  for (const folder of folders) {
    const groups = new Map<string, Mutant[]>();
    const survivors: string[] = [];
    for (const [file, { mutants }] of Object.entries(report.files)) {
      const rel = relative(ROOT, join(ROOT, file));
      if (!rel.startsWith(folder + '/')) continue;
      for (const m of mutants) {
        const line = m.location.start.line;
        const key = `${rel}:${Math.floor((line - 1) / window)}`;
        if (!groups.has(key)) groups.set(key, []);
        groups.get(key)!.push(m);
        if (m.status === 'Survived' || m.status === 'NoCoverage') survivors.push(`  ${rel}:${line} ${m.status} ${m.mutatorName} ${JSON.stringify((m.replacement ?? '').slice(0, 60))}`);
      }
    }
    if (!groups.size) continue;
    const s = scoreWithInterval([...groups.values()]);
    console.log(`${folder}: ${pct(s.score)} of ${s.mutants} mutants in ${groups.size} windows detected (95% interval ${pct(s.lo)}-${pct(s.hi)})`);
    for (const l of survivors.sort()) console.log(l);
  }
}

function main(): void {
  const o = parseArgs(process.argv.slice(2));
  if (o.report) return summarise(o.report, o.window, o.folders);
  const files = o.folders.flatMap(sourceFiles).map((path) => ({ path, lines: readFileSync(join(ROOT, path), 'utf8').split('\n').length }));
  const windows = sampleWindows(files, o.fraction, o.window, o.seed);
  const lines = files.reduce((n, f) => n + f.lines, 0);
  console.log(`${windows.length} windows of ${o.window} lines from ${files.length} files (${lines} lines), fraction ${o.fraction}, seed ${o.seed}`);
  const run = spawnSync('npx', ['stryker', 'run', '--mutate', windows.join(','), ...o.stryker], { cwd: ROOT, stdio: 'inherit' });
  if (run.status !== 0) process.exit(run.status ?? 1);
  summarise(REPORT, o.window, o.folders);
}

main();
