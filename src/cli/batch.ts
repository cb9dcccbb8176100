// `reclaimscope report --format ndjson [--jobs N] FILE|DIR|GLOB|- ...`: one
// line per trace, the `--json` object unchanged, written as each trace
// finishes (not in argument order), N traces read at a time. A trace that
// cannot be read gets `{"file":…,"error":{"code":…,"message":…}}` on its
// line and the rest go on; the exit status is 1 if any failed. Here `-` is a
// list of paths on standard input (plain `report` reads a trace from it).

import { availableParallelism } from 'node:os';
import type { GroupBy } from '../analysis/summary.ts';
import { expandInputs } from './inputs.ts';
import { runJobs } from './job-pool.ts';

interface BatchArgs {
  jobs: number;
  groupBy: GroupBy;
  kernelCompat: boolean;
  ns: boolean;
  inputs: string[];
}

/** Parses the options the batch commands share; `extra` takes a command's own flags (true if it used one). */
export function parseBatchArgs(argv: string[], extra: (a: string, next: () => string | undefined) => boolean = () => false): BatchArgs | string {
  const args: BatchArgs = { jobs: availableParallelism(), groupBy: 'task', kernelCompat: false, ns: false, inputs: [] };
  let ignorePid = false;
  let onlyFiles = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = (): string | undefined => argv[++i];
    if (onlyFiles || a === '-' || !a.startsWith('-')) args.inputs.push(a);
    else if (a === '--') onlyFiles = true;
    else if (a === '--ignore-pid') ignorePid = true;
    else if (a === '--kernel-compat') args.kernelCompat = true;
    else if (a === '--ns') args.ns = true;
    else if (a === '--json') continue; // ndjson is JSON already
    else if (a === '--jobs' || a === '-j' || a.startsWith('--jobs=')) {
      const v = a.startsWith('--jobs=') ? a.slice(7) : next();
      const n = Number(v);
      if (!Number.isInteger(n) || n < 1) return `reclaimscope: --jobs takes a whole number of 1 or more, not '${v ?? ''}'`;
      args.jobs = Math.min(n, 64);
    } else if (!extra(a, next)) return `reclaimscope: unknown option '${a}'`;
  }
  args.groupBy = ignorePid ? 'comm' : args.kernelCompat ? 'script' : 'task';
  if (args.inputs.length === 0) return 'reclaimscope: no trace files given';
  return args;
}

/** Writes `text`, waiting while the stream's buffer is full (a slow pipe must not fill memory). */
function writeWithBackpressure(out: NodeJS.WritableStream, text: string): Promise<void> | void {
  if (out.write(text)) return;
  return new Promise((resolve) => out.once('drain', () => resolve()));
}

export async function* stdinChunks(): AsyncGenerator<Uint8Array> {
  for await (const chunk of process.stdin) yield chunk as Uint8Array;
}

export async function reportNdjson(argv: string[], out: NodeJS.WritableStream, err: NodeJS.WritableStream): Promise<number> {
  let format: string | undefined;
  const args = parseBatchArgs(argv, (a, next) => {
    if (a === '--format') format = next();
    else if (a.startsWith('--format=')) format = a.slice(9);
    else return false;
    return true;
  });
  if (typeof args === 'string') {
    err.write(`${args}\n`);
    return 2;
  }
  if (format !== 'ndjson') {
    err.write(`reclaimscope: --format takes ndjson (one JSON object per line per trace), not '${format ?? ''}'; --json prints one array\n`);
    return 2;
  }
  let failed = 0;
  await runJobs(expandInputs(args.inputs, stdinChunks), args.jobs, { mode: 'ndjson', groupBy: args.groupBy, kernelCompat: args.kernelCompat, ns: args.ns, events: false }, (r) => {
    if (!r.ok) {
      failed++;
      err.write(`reclaimscope: ${r.file}: ${r.error.message}\n`);
    }
    return writeWithBackpressure(out, ('line' in r ? r.line : '') + '\n');
  });
  return failed > 0 ? 1 : 0;
}
