// The command line: the second door into the same parser and analysis the app
// uses (src/parser, src/analysis), never a second engine.
//
//   reclaimscope report [--ignore-pid] [--json] [--kernel-compat] FILE...
//
// Text mode prints the kernel script's report for each file; --json prints an
// array with one object per file. A file that cannot be read or is not a trace
// gets a one-line `reclaimscope: FILE: message` on stderr and exit status 1;
// the other files are still reported.

import { analyzeParsed, buildFileReport } from '../analysis/report.ts';
import { renderScriptReport } from '../analysis/script-text.ts';
import type { GroupBy } from '../analysis/summary.ts';
import { isTraceError, TraceError } from '../parser/errors.ts';
import { parseTrace, type ParseOptions, type ParsedTrace } from '../parser/parse.ts';
import { openFileSource } from './node-source.ts';

const USAGE = `usage: reclaimscope report [--ignore-pid] [--json] [--kernel-compat] [--ns] FILE...

Reads Linux page-reclaim traces (ftrace trace/trace_pipe, trace-cmd report,
perf script text; plain, gzip, zstd or xz) and prints what the kernel's
trace-vmscan-postprocess.pl prints, with its known miscounts fixed.

  --json           one JSON object per file: summary, processes, kswapd, extra, parseReport
  --ignore-pid     aggregate processes of the same name (the script's --ignore-pid)
  --kernel-compat  the kernel script's own numbers: none of the four fixes, its process keys
  --ns             trace.dat: keep nanosecond timestamps (default: rounded to µs as
                   trace-cmd report prints them, so a .dat reports exactly as its text)
`;

interface Args {
  json: boolean;
  ignorePid: boolean;
  kernelCompat: boolean;
  ns: boolean;
  files: string[];
}

function parseArgs(argv: string[]): Args | string {
  const [cmd, ...rest] = argv;
  if (cmd === undefined || cmd === '--help' || cmd === '-h' || cmd === 'help') return USAGE;
  if (cmd !== 'report') return `reclaimscope: unknown command '${cmd}'\n${USAGE}`;
  const args: Args = { json: false, ignorePid: false, kernelCompat: false, ns: false, files: [] };
  let onlyFiles = false;
  for (const a of rest) {
    if (!onlyFiles && a === '--') onlyFiles = true;
    else if (!onlyFiles && a === '--json') args.json = true;
    else if (!onlyFiles && a === '--ignore-pid') args.ignorePid = true;
    else if (!onlyFiles && a === '--kernel-compat') args.kernelCompat = true;
    else if (!onlyFiles && a === '--ns') args.ns = true;
    else if (!onlyFiles && (a === '--help' || a === '-h')) return USAGE;
    else if (!onlyFiles && a.startsWith('-') && a !== '-') return `reclaimscope: unknown option '${a}'\n${USAGE}`;
    else args.files.push(a);
  }
  if (args.files.length === 0) return `reclaimscope: no trace files given\n${USAGE}`;
  return args;
}

async function* stdinChunks(): AsyncGenerator<Uint8Array> {
  for await (const chunk of process.stdin) yield chunk as Uint8Array;
}

async function parseFile(file: string, opts: ParseOptions): Promise<ParsedTrace> {
  if (file === '-') return parseTrace(stdinChunks(), opts);
  const src = await openFileSource(file).catch((e) => {
    throw new TraceError('unreadable', fsMessage(e));
  });
  try {
    return await parseTrace(src, opts);
  } catch (e) {
    if (!(e instanceof TraceError) && (e as NodeJS.ErrnoException)?.code) throw new TraceError('unreadable', fsMessage(e));
    throw e;
  } finally {
    await src.close();
  }
}

function fsMessage(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  switch (err?.code) {
    case 'ENOENT':
      return 'no such file';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'is a directory, not a trace file';
    default:
      return err?.message ?? String(e);
  }
}

export async function main(argv: string[], out: NodeJS.WritableStream = process.stdout, err: NodeJS.WritableStream = process.stderr): Promise<number> {
  const args = parseArgs(argv);
  if (typeof args === 'string') {
    (args === USAGE ? out : err).write(args);
    return args === USAGE ? 0 : 2;
  }
  const groupBy: GroupBy = args.kernelCompat ? 'script' : 'task';
  const opts = { groupBy: args.ignorePid ? ('comm' as const) : groupBy, kernelCompat: args.kernelCompat };
  let failed = 0;
  const json: unknown[] = [];
  for (const file of args.files) {
    try {
      const parsed = await parseFile(file, { timeResolution: args.ns ? 'ns' : 'us' });
      const analysis = analyzeParsed(parsed.table, parsed.report);
      if (args.json) json.push(buildFileReport(file, parsed.table, parsed.report, analysis, opts));
      else {
        if (args.files.length > 1) out.write(`# ${file} (${parsed.report.capture ?? parsed.report.format})\n`);
        out.write(renderScriptReport(parsed.table, analysis, opts));
        if (args.files.length > 1) out.write('\n');
      }
    } catch (e) {
      failed++;
      const message = isTraceError(e) ? e.message : `internal error: ${e instanceof Error ? e.stack ?? e.message : String(e)}`;
      err.write(`reclaimscope: ${file}: ${message}\n`);
      if (args.json) json.push({ file, error: { code: isTraceError(e) ? e.code : 'internal', message } });
    }
  }
  if (args.json) out.write(JSON.stringify(json, null, 1) + '\n');
  return failed > 0 ? 1 : 0;
}
