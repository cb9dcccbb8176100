// `reclaimscope compare`: the comparison table of kernel variants, each one or
// more runs (trace files), as the app shows it: means over runs, changes
// against the baseline, Welch's t-test marks, the Time block and latency
// percentiles (share/comparison-table.ts builds it for both). Text, Markdown,
// CSV or JSON; `--fail-if` conditions on significant changes give exit 3.

import { analyzeParsed, buildFileReport } from '../analysis/report.ts';
import { directLatency } from '../analysis/latency.ts';
import { isTraceError, TraceError } from '../parser/errors.ts';
import { parseTrace } from '../parser/parse.ts';
import { buildComparison, runFromReport, type Comparison, type RunInput, type VariantInput } from '../share/comparison-table.ts';
import { comparisonCsv, comparisonJson, comparisonMarkdown, comparisonText } from '../share/comparison-export.ts';
import { groupByName, traceNameOf } from '../share/run-groups.ts';
import { existsSync } from 'node:fs';
import { openFileSource } from './node-source.ts';

export const COMPARE_USAGE = `usage: reclaimscope compare [--baseline NAME] [--json] [--format text|markdown|csv]
                           [--rates] [--fail-if 'ROW>+10%' ...] VARIANT=FILE[,FILE...] ... | FILE...

Compares kernel variants, each one or more runs of the same benchmark: per row
of the Summary (and the extra rows) the mean over runs, the signed change of
the mean against the baseline (+12.00% = 12% more, -12.00% = 12% less, whatever
the row's good direction) and a * where Welch's t-test on the run values says
the change is significant at the 5% level (two-sided). Bare FILEs are grouped
by name: base-1.txt, base-2.txt and base-run3.txt.gz are three runs of "base".

  --baseline NAME  the variant the others are compared with (default: the first)
  --json           {"baseline", "level", "variants": [{"name", "runs", "rows": {KEY:
                   {"mean", "sd", "n", "changePct", "p", "significant"}}}]};
                   changePct = 100 * (mean - baseline mean) / baseline mean
                   (null for the baseline and where the baseline mean is 0)
  --format F       text (default; the layout of the 2010 comparison mails), markdown, csv
  --rates          rows per second of each run's own traced time
  --fail-if COND   exit 3 if a variant's change of a row is significant and meets
                   COND: KEY then <, <=, > or >= then a signed percentage, e.g.
                   'directStallMs>+10%' (stall time grew by more than 10%),
                   'kswapdPagesReclaimed<-10%' (fell by more than 10%).
                   KEY is a key of --json's rows. May be given more than once.

Exit status: 0, 1 if a file cannot be read, 2 for a usage error, 3 if a
--fail-if condition holds.
`;

interface CompareArgs {
  baseline: string | null;
  json: boolean;
  format: 'text' | 'markdown' | 'csv';
  rates: boolean;
  failIf: FailIf[];
  variants: { name: string; files: string[] }[];
}

export interface FailIf {
  text: string;
  key: string;
  op: '<' | '<=' | '>' | '>=';
  pct: number;
}

export function parseFailIf(text: string): FailIf | string {
  const m = /^\s*([A-Za-z][A-Za-z0-9_]*)\s*(<=|>=|<|>)\s*([+-]?\d+(?:\.\d+)?)\s*%?\s*$/.exec(text);
  if (!m) return `--fail-if '${text}' is not KEY<N%, KEY<=N%, KEY>N% or KEY>=N% (for example 'directStallMs>+10%')`;
  return { text, key: m[1], op: m[2] as FailIf['op'], pct: Number(m[3]) };
}

function parseCompareArgs(argv: string[]): CompareArgs | string {
  const a: CompareArgs = { baseline: null, json: false, format: 'text', rates: false, failIf: [], variants: [] };
  const bare: string[] = [];
  const named: { name: string; files: string[] }[] = [];
  let onlyFiles = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const flag = !onlyFiles && arg.startsWith('--') ? (eq > 0 ? arg.slice(0, eq) : arg) : null;
    const inline = eq > 0 ? arg.slice(eq + 1) : null;
    const take = (): string | null => {
      if (inline !== null) return inline;
      if (i + 1 >= argv.length) return null;
      return argv[++i];
    };
    if (flag === '--') onlyFiles = true;
    else if (flag === '--json') a.json = true;
    else if (flag === '--rates') a.rates = true;
    else if (flag === '--help') return COMPARE_USAGE;
    else if (flag === '--baseline') {
      const v = take();
      if (v === null) return 'reclaimscope: --baseline needs a variant name';
      a.baseline = v;
    } else if (flag === '--format') {
      const v = take();
      if (v !== 'text' && v !== 'markdown' && v !== 'csv') return `reclaimscope: --format must be text, markdown or csv${v ? `, not '${v}'` : ''}`;
      a.format = v;
    } else if (flag === '--fail-if') {
      const v = take();
      if (v === null) return 'reclaimscope: --fail-if needs a condition';
      const c = parseFailIf(v);
      if (typeof c === 'string') return `reclaimscope: ${c}`;
      a.failIf.push(c);
    } else if (flag !== null || (!onlyFiles && arg.startsWith('-') && arg !== '-' && arg.length > 1)) return `reclaimscope: unknown option '${arg}'`;
    else {
      const m = /^([^=/\\]+)=(.+)$/.exec(arg);
      if (m && !existsSync(arg)) {
        const files = m[2].split(',').filter((f) => f !== '');
        const have = named.find((n) => n.name === m[1]);
        if (have) have.files.push(...files);
        else named.push({ name: m[1], files });
      } else bare.push(arg);
    }
  }
  const grouped = groupByName(bare.map(traceNameOf)).map((g) => ({ name: g.name, files: g.members.map((i) => bare[i]) }));
  for (const g of grouped) {
    const have = named.find((n) => n.name === g.name);
    if (have) have.files.push(...g.files);
    else named.push(g);
  }
  a.variants = named;
  if (a.variants.length === 0) return 'reclaimscope: no trace files given';
  if (a.baseline !== null && !a.variants.some((v) => v.name === a.baseline))
    return `reclaimscope: --baseline ${a.baseline} is not one of the variants (${a.variants.map((v) => v.name).join(', ')})`;
  return a;
}

async function readRun(file: string): Promise<RunInput> {
  const src = await openFileSource(file).catch((e: NodeJS.ErrnoException) => {
    throw new TraceError('unreadable', e.code === 'ENOENT' ? 'no such file' : e.code === 'EISDIR' ? 'is a directory, not a trace file' : e.message);
  });
  try {
    const parsed = await parseTrace(src, { timeResolution: 'us' });
    const analysis = analyzeParsed(parsed.table, parsed.report);
    const report = buildFileReport(file, parsed.table, parsed.report, analysis);
    return runFromReport(file, report, directLatency(analysis).durationsMs);
  } finally {
    await src.close();
  }
}

/**
 * The conditions that hold: a significant change of the row that meets the bound, in changePct's sign
 * (positive = the mean grew). A value over a zero baseline counts as an infinite change (+ when it grew).
 */
export function failedConditions(c: Comparison, conds: FailIf[]): string[] {
  const out: string[] = [];
  for (const f of conds) {
    const row = c.rows.find((r) => r.key === f.key) ?? c.jsonOnly.find((r) => r.key === f.key);
    if (!row) continue;
    row.cells.forEach((cell, i) => {
      if (i === c.baseline || !cell.significant) return;
      const base = row.cells[c.baseline].stats.mean;
      const ch = cell.changePct ?? (cell.stats.mean > base ? Infinity : cell.stats.mean < base ? -Infinity : 0);
      const holds = f.op === '<' ? ch < f.pct : f.op === '<=' ? ch <= f.pct : f.op === '>' ? ch > f.pct : ch >= f.pct;
      if (holds) out.push(`${f.text}: ${c.names[i]} ${cell.changeText || `${ch}%`} (p=${cell.p!.toPrecision(3)})`);
    });
  }
  return out;
}

export async function compareMain(argv: string[], out: NodeJS.WritableStream, err: NodeJS.WritableStream): Promise<number> {
  const args = parseCompareArgs(argv);
  if (typeof args === 'string') {
    if (args === COMPARE_USAGE) {
      out.write(args);
      return 0;
    }
    err.write(`${args}\n${COMPARE_USAGE}`);
    return 2;
  }
  let failed = 0;
  const variants: VariantInput[] = [];
  for (const v of args.variants) {
    const runs: RunInput[] = [];
    for (const f of v.files) {
      try {
        runs.push(await readRun(f));
      } catch (e) {
        failed++;
        err.write(`reclaimscope: ${f}: ${isTraceError(e) ? e.message : `internal error: ${e instanceof Error ? e.message : String(e)}`}\n`);
      }
    }
    variants.push({ name: v.name, runs });
  }
  if (failed > 0) return 1;
  const baseline = args.baseline === null ? 0 : variants.findIndex((v) => v.name === args.baseline);
  const c = buildComparison(variants, { baseline, rates: args.rates });
  const unknown = args.failIf.filter((f) => !c.rows.some((r) => r.key === f.key) && !c.jsonOnly.some((r) => r.key === f.key));
  if (unknown.length) {
    err.write(`reclaimscope: --fail-if: unknown row ${unknown.map((f) => f.key).join(', ')}; rows are: ${[...c.rows, ...c.jsonOnly].map((r) => r.key).join(', ')}\n`);
    return 2;
  }
  if (args.json) out.write(JSON.stringify(comparisonJson(c), null, 1) + '\n');
  else out.write(args.format === 'markdown' ? comparisonMarkdown(c) : args.format === 'csv' ? comparisonCsv(c) : comparisonText(c));
  if (args.failIf.length && c.untested) err.write(`reclaimscope: --fail-if: ${c.untested}\n`);
  const held = failedConditions(c, args.failIf);
  for (const h of held) err.write(`reclaimscope: fail-if holds: ${h}\n`);
  return held.length ? 3 : 0;
}
