// `reclaimscope record`: capture a reclaim trace in one command, through
// tracefs directly (no trace-cmd or perf). It enables the events the analysis
// reads, sizes the buffer, streams trace_pipe to FILE while COMMAND runs (or
// for --duration, or until Ctrl-C), and writes the run's settings and outcome
// as `# reclaimscope-record` header lines (model/recorded.ts) that the parser
// reads back. Every tracefs setting it changed is put back on exit, error or
// signal, and a tracefs it mounted is unmounted.

import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { closeSync, constants, openSync, readFileSync, readSync, writeFileSync } from 'node:fs';
import { constants as osConstants } from 'node:os';
import { join } from 'node:path';
import { emptyRecorded, formatRecordClosing, formatRecordOpening, RECORDED_SYSCTLS, shellQuote, type Recorded } from '../model/recorded.ts';
import { ANALYSIS_TRACEPOINTS, EVENT_SETS, missingEffect } from '../model/tracepoints.ts';
import { openSink, type Sink } from './record-sink.ts';
import { bufferUsers, eventExists, findTracefs, lostByCpu, RecordError, Session, systemEvents, unmountTracefs, type TracefsLocation } from './tracefs.ts';

const RECORD_USAGE = `usage: reclaimscope record [-o FILE] [--events SET[,SET...]] [--buffer-kb N] [--duration S] [-- COMMAND ARGS...]

Records a page-reclaim trace through tracefs (run it as root on the machine
under test): enables the vmscan and compaction events the analysis reads,
sets the per-CPU buffer, runs COMMAND (or waits --duration seconds, or for
Ctrl-C), and streams trace_pipe to FILE as it goes. FILE starts and ends with
'# reclaimscope-record' lines (kernel, vm sysctls, CPUs, memory, the command,
its CPU time and exit status, lost events) that 'reclaimscope report' and the
app read back. Every tracefs setting it changes is restored when it ends.

  -o FILE          where to write (default reclaimscope-DATE-TIME.txt.gz);
                   .gz is gzip, .zst zstd, anything else plain text; - is stdout
  --events SET     add events to the default set: ${Object.keys(EVENT_SETS).join(', ')},
                   or SYSTEM:EVENT names (comma-separated, repeatable)
  --buffer-kb N    ring buffer per CPU in KiB (default ${16384})
  --duration S     record for S seconds (with COMMAND: stop it after S seconds)

Exit status: COMMAND's exit status when one ran, else 0; 1 on an error, 2 on
a usage error.
`;

const DEFAULT_BUFFER_KB = 16384;
/** The largest per-CPU buffer accepted (4 GiB): a typo must not take the machine's memory. */
const MAX_BUFFER_KB = 4 * 1024 * 1024;

interface RecordArgs {
  output: string;
  sets: string[];
  bufferKb: number;
  durationS: number | null;
  command: string[];
}

function parseRecordArgs(argv: string[]): RecordArgs | string {
  const args: RecordArgs = { output: '', sets: [], bufferKb: DEFAULT_BUFFER_KB, durationS: null, command: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = (): string | null => (i + 1 < argv.length ? argv[++i] : null);
    if (a === '--') {
      args.command = argv.slice(i + 1);
      break;
    } else if (a === '-h' || a === '--help') return RECORD_USAGE;
    else if (a === '-o' || a === '--output') {
      const v = value();
      if (!v) return `reclaimscope record: ${a} needs a file name\n`;
      args.output = v;
    } else if (a === '--events') {
      const v = value();
      if (!v) return `reclaimscope record: --events needs a set name (${Object.keys(EVENT_SETS).join(', ')}) or SYSTEM:EVENT\n`;
      args.sets.push(...v.split(',').filter(Boolean));
    } else if (a === '--buffer-kb') {
      const n = Number(value());
      if (!Number.isInteger(n) || n < 4 || n > MAX_BUFFER_KB) return `reclaimscope record: --buffer-kb needs a whole number of KiB per CPU from 4 to ${MAX_BUFFER_KB}\n`;
      args.bufferKb = n;
    } else if (a === '--duration') {
      const n = Number(value());
      if (!(n > 0) || !Number.isFinite(n)) return 'reclaimscope record: --duration needs a number of seconds above 0\n';
      args.durationS = n;
    } else if (a.startsWith('-')) return `reclaimscope record: unknown option '${a}'\n${RECORD_USAGE}`;
    else {
      args.command = argv.slice(i);
      break;
    }
  }
  if (!args.output) args.output = `reclaimscope-${new Date().toISOString().slice(0, 19).replace(/[-:]/g, '').replace('T', '-')}.txt.gz`;
  return args;
}

/** The `system:event` names to enable, and the ones this kernel lacks (with what that leaves empty). */
function resolveEvents(dir: string, sets: string[]): { events: string[]; missing: { name: string; why: string }[] } {
  const events: string[] = [];
  const missing: { name: string; why: string }[] = [];
  const add = (n: string): void => {
    if (!events.includes(n)) events.push(n);
  };
  for (const t of ANALYSIS_TRACEPOINTS) {
    if (eventExists(dir, t.name)) add(t.name);
    else if (t.alias && eventExists(dir, t.alias)) add(t.alias);
    else missing.push({ name: t.name, why: missingEffect(t.name) });
  }
  for (const s of sets) {
    const name = s.replace('/', ':');
    if (name.includes(':')) {
      if (eventExists(dir, name)) add(name);
      else missing.push({ name, why: missingEffect(name) });
      continue;
    }
    const all = systemEvents(dir, name);
    if (all) all.forEach(add);
    else if (name in EVENT_SETS) missing.push({ name: `${name} (every event)`, why: 'it only adds detail; no number is left empty' });
    else throw new RecordError(`--events ${s}: no such event set; use ${Object.keys(EVENT_SETS).join(', ')}, another events/ system of this kernel, or SYSTEM:EVENT`);
  }
  return { events, missing };
}

function readTrim(file: string): string | null {
  try {
    return readFileSync(file, 'utf8').trim();
  } catch {
    return null;
  }
}

/** What the header records about the machine before anything runs. */
function machineFacts(rec: Recorded): void {
  rec.kernel = readTrim('/proc/sys/kernel/osrelease');
  rec.kernelCommandLine = readTrim('/proc/cmdline');
  const mem = /^MemTotal:\s+(\d+) kB/m.exec(readTrim('/proc/meminfo') ?? '');
  rec.memTotalBytes = mem ? Number(mem[1]) * 1024 : null;
  const online = readTrim('/sys/devices/system/cpu/online');
  rec.cpus = online ? online.split(',').reduce((n, r) => n + (r.includes('-') ? Number(r.split('-')[1]) - Number(r.split('-')[0]) + 1 : 1), 0) : null;
  for (const k of RECORDED_SYSCTLS) {
    const v = readTrim(`/proc/sys/${k.replace(/\./g, '/')}`);
    if (v !== null) rec.sysctl[k] = v.replace(/\s+/g, ' ');
  }
}

/** Children's CPU time of this process so far (cutime, cstime of /proc/self/stat), in seconds. */
function childrenCpu(tick: number): { user: number; sys: number } {
  const stat = readTrim('/proc/self/stat') ?? '';
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // fields after `(comm)`: state is field 3, so cutime (16) and cstime (17) are at 13 and 14
  return { user: Number(f[13]) / tick, sys: Number(f[14]) / tick };
}

function clockTick(): number {
  const r = spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' });
  const n = Number(r.stdout);
  return n > 0 ? n : 100; // USER_HZ is 100 on every common architecture
}

interface CgroupMounts {
  v1Memory: string | null;
  v2: string | null;
}

function cgroupMounts(): CgroupMounts {
  const out: CgroupMounts = { v1Memory: null, v2: null };
  for (const l of (readTrim('/proc/self/mounts') ?? '').split('\n')) {
    const f = l.split(' ');
    if (f[2] === 'cgroup2' && !out.v2) out.v2 = f[1];
    if (f[2] === 'cgroup' && f[3]?.split(',').includes('memory')) out.v1Memory = f[1];
  }
  return out;
}

/** The tightest memory limit on a process's cgroup or its ancestors (v1 or v2), or null. */
function memoryLimitOf(pid: number, mounts: CgroupMounts): { cgroup: string; bytes: number } | null {
  const text = readTrim(`/proc/${pid}/cgroup`);
  if (!text) return null;
  let best: { cgroup: string; bytes: number } | null = null;
  for (const line of text.split('\n')) {
    const [, controllers, path] = line.split(':');
    let base: string | null = null;
    let file = '';
    if (controllers === '' && mounts.v2) [base, file] = [mounts.v2, 'memory.max'];
    else if (controllers?.split(',').includes('memory') && mounts.v1Memory) [base, file] = [mounts.v1Memory, 'memory.limit_in_bytes'];
    if (!base || !path) continue;
    for (let p = path; p !== '/' && p !== ''; p = p.slice(0, p.lastIndexOf('/')) || '/') {
      const v = readTrim(join(base, p, file));
      const bytes = v === null || v === 'max' ? Infinity : Number(v);
      // cgroup v1 prints "no limit" as a page-rounded 2^63
      if (Number.isFinite(bytes) && bytes < 2 ** 60 && (!best || bytes < best.bytes)) best = { cgroup: p, bytes };
    }
  }
  return best;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Streams trace_pipe (opened non-blocking, so a stop never waits on a read) into the sink. */
class PipeReader {
  private readonly fd: number;
  private readonly buf = Buffer.allocUnsafe(1 << 20);
  bytes = 0;

  constructor(dir: string) {
    this.fd = openSync(join(dir, 'trace_pipe'), constants.O_RDONLY | constants.O_NONBLOCK);
  }

  /** Reads what is there (up to one buffer); 0 when the pipe is empty. */
  private fill(): number {
    let n = 0;
    while (n < this.buf.length - 65536) {
      const got = this.readSome(n);
      if (got === 0) break;
      n += got;
    }
    return n;
  }

  /** One read at `at`; 0 when the pipe is empty now (EAGAIN) or for good. */
  private readSome(at: number): number {
    try {
      return readSync(this.fd, this.buf, at, this.buf.length - at, null);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EAGAIN') return 0;
      throw e;
    }
  }

  /** Copies to the sink until `stopped()` and the pipe is empty. */
  async run(sink: Sink, stopped: () => boolean): Promise<void> {
    for (;;) {
      const stop = stopped();
      const n = this.fill();
      if (n > 0) {
        this.bytes += n;
        await sink.write(Buffer.from(this.buf.subarray(0, n)));
        continue;
      }
      if (stop) return; // tracing was off before this read found the pipe empty: all is read
      await sleep(100);
    }
  }

  close(): void {
    closeSync(this.fd);
  }
}

function signalNumber(sig: NodeJS.Signals): number {
  return osConstants.signals[sig] ?? 0;
}

export async function record(argv: string[], out: NodeJS.WritableStream = process.stdout, err: NodeJS.WritableStream = process.stderr): Promise<number> {
  const say = (s: string): void => void err.write(`reclaimscope record: ${s}\n`);
  const args = parseRecordArgs(argv);
  if (typeof args === 'string') {
    (args === RECORD_USAGE ? out : err).write(args);
    return args === RECORD_USAGE ? 0 : 2;
  }
  if (process.platform !== 'linux') {
    say('recording needs Linux (tracefs); copy the trace from the machine under test instead.');
    return 1;
  }
  if (process.geteuid?.() !== 0) {
    say(`must run as root: it writes tracefs settings. Run it as root on the machine under test, e.g. sudo npx reclaimscope record ${argv.map((a) => shellQuote([a])).join(' ')}`);
    return 1;
  }

  let location: TracefsLocation | null = null;
  let session: Session | null = null;
  let sink: Sink | null = null;
  let reader: PipeReader | null = null;
  let child: ChildProcess | null = null;
  const finish = (): void => {
    if (session) {
      try {
        writeFileSync(join(session.dir, 'tracing_on'), '0\n');
      } catch {
        // restore() below reports what it cannot write
      }
      const failed = session.restore();
      if (failed.length) say(`could not restore ${failed.join(', ')}: set them back by hand`);
    }
    if (location?.mounted) {
      const problem = unmountTracefs(location.dir);
      location = null;
      if (problem) say(`could not unmount tracefs: ${problem}`);
    }
  };
  // The last resort: whatever ends this process restores tracefs.
  const onExit = (): void => finish();
  process.on('exit', onExit);

  let stopRequested = false;
  let wake: () => void = () => {};
  let interrupts = 0;
  const onSignal = (sig: NodeJS.Signals): void => {
    interrupts++;
    stopRequested = true;
    if (child && child.exitCode === null && child.signalCode === null) {
      if (interrupts === 1) {
        say(`${sig}: stopping; waiting for the command to end (again to kill it)`);
        // From a terminal the command got the same signal; from `kill` it did not.
        const c = child;
        setTimeout(() => {
          if (c.exitCode === null && c.signalCode === null) c.kill(sig);
        }, 1000).unref();
      } else child.kill('SIGKILL');
    } else if (interrupts === 1) say(`${sig}: stopping`);
    wake();
  };
  const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
  for (const s of signals) process.on(s, onSignal);

  try {
    const opened = openSink(args.output);
    sink = opened.sink;
    location = findTracefs(say);
    const dir = location.dir;
    const busy = bufferUsers(dir);
    if (busy)
      throw new RecordError(
        `another tracer is using the ftrace buffer (${busy}). Stop it first (trace-cmd reset, end that perf or cat), then run again; recording now would mix or steal its events.`,
      );
    const { events, missing } = resolveEvents(dir, args.sets);
    for (const m of missing) say(`this kernel has no ${m.name}; going on without it (${m.why})`);
    if (!events.some((e) => e.startsWith('vmscan:')))
      throw new RecordError(`this kernel has no vmscan tracepoints in ${dir}/events: it was built without CONFIG_TRACEPOINTS or predates 2.6.36, so there is nothing to record.`);

    const rec = emptyRecorded();
    machineFacts(rec);
    rec.recordCommandLine = shellQuote(['reclaimscope', 'record', ...argv]);
    rec.events = events;
    rec.missingEvents = missing.map((m) => m.name);
    rec.bufferKbPerCpu = args.bufferKb;
    rec.traceClock = 'global';
    rec.command = args.command.length ? shellQuote(args.command) : null;

    session = new Session(dir);
    session.set('tracing_on', '0');
    session.clear();
    session.set('buffer_size_kb', String(args.bufferKb));
    // One clock across CPUs, so that a begin and its end on another CPU pair in order.
    session.set('trace_clock', 'global');
    for (const e of events) session.set(`events/${e.replace(':', '/')}/enable`, '1');
    const lostBefore = lostByCpu(dir);

    reader = new PipeReader(dir);
    rec.startedAt = new Date().toISOString();
    await sink.write(Buffer.from(formatRecordOpening(rec)));
    session.set('tracing_on', '1');
    const t0 = performance.now();
    say(`recording ${events.length} events, ${args.bufferKb} KiB buffer per CPU, to ${args.output}${rec.command ? ` while ${rec.command} runs` : args.durationS ? ` for ${args.durationS} s` : ''}${rec.command ? '' : ' (Ctrl-C stops)'}`);

    let tracingOff = false;
    // A write that fails (disk full) ends the run: the command is stopped, the error reported.
    const pumping = reader.run(sink, () => tracingOff).then(
      () => null,
      (e: unknown) => {
        if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
        wake();
        return e instanceof Error ? e : new Error(String(e));
      },
    );

    const tick = clockTick();
    const cpuBefore = childrenCpu(tick);
    let exit: { code: number | null; signal: NodeJS.Signals | null } | null = null;
    let cpuAfter = cpuBefore;
    const mounts = cgroupMounts();
    let limit: { cgroup: string; bytes: number } | null = null;
    if (stopRequested) throw new RecordError('interrupted before the recording started; nothing was recorded.');
    if (args.command.length) {
      // With `-o -` the trace owns standard output: the command's goes to standard error.
      const c = spawn(args.command[0], args.command.slice(1), { stdio: args.output === '-' ? ['inherit', 2, 'inherit'] : 'inherit' });
      child = c;
      const spawnError = new Promise<Error>((resolve) => c.once('error', resolve));
      const ended = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
        c.once('exit', (code, signal) => {
          // this process has waited for it: its CPU time is in cutime/cstime now
          cpuAfter = childrenCpu(tick);
          resolve({ code, signal });
        }),
      );
      // The command may move itself into a cgroup: look while it runs.
      const watch = setInterval(() => {
        if (c.pid) limit = memoryLimitOf(c.pid, mounts) ?? limit;
      }, 50);
      if (c.pid) limit = memoryLimitOf(c.pid, mounts);
      let timer: NodeJS.Timeout | null = null;
      if (args.durationS !== null)
        timer = setTimeout(() => {
          say(`${args.durationS} s are up: stopping the command`);
          c.kill('SIGTERM');
        }, args.durationS * 1000);
      const first = await Promise.race([ended, spawnError]);
      clearInterval(watch);
      if (timer) clearTimeout(timer);
      if (first instanceof Error) throw new RecordError(`cannot run ${args.command[0]}: ${(first as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such command' : first.message}`);
      exit = first;
    } else {
      await new Promise<void>((resolve) => {
        wake = resolve;
        if (stopRequested) resolve();
        if (args.durationS !== null) setTimeout(resolve, args.durationS * 1000).unref();
      });
    }
    session.set('tracing_on', '0');
    tracingOff = true;
    rec.durationSeconds = Math.round(performance.now() - t0) / 1000;
    const failed = await pumping;
    if (failed) throw failed;
    const textBytes = reader.bytes;
    reader.close();
    reader = null;
    const lostAfter = lostByCpu(dir);
    for (const [cpu, n] of Object.entries(lostAfter)) rec.lostEventsByCpu[cpu] = Math.max(0, n - (lostBefore[cpu] ?? 0));
    if (exit) {
      rec.userSeconds = Math.round((cpuAfter.user - cpuBefore.user) * 1000) / 1000;
      rec.systemSeconds = Math.round((cpuAfter.sys - cpuBefore.sys) * 1000) / 1000;
      rec.exitStatus = exit.code ?? 128 + signalNumber(exit.signal ?? 'SIGKILL');
      rec.signal = exit.signal;
    }
    if (limit) {
      const l = limit as { cgroup: string; bytes: number };
      rec.cgroup = l.cgroup;
      rec.cgroupMemoryLimitBytes = l.bytes;
    }
    await sink.write(Buffer.from(formatRecordClosing(rec)));
    await sink.end();
    sink = null;
    finish();

    const lost = Object.values(rec.lostEventsByCpu).reduce((a, b) => a + b, 0);
    say(`wrote ${args.output}: ${formatMiB(textBytes)}${exit ? `; the command exited ${rec.signal ? `on ${rec.signal}` : `with status ${rec.exitStatus}`}, ${rec.userSeconds} s user + ${rec.systemSeconds} s sys` : ''}`);
    if (lost > 0)
      say(
        `${lost} events were lost (${Object.entries(rec.lostEventsByCpu)
          .filter(([, n]) => n > 0)
          .map(([c, n]) => `cpu${c}: ${n}`)
          .join(', ')}): the buffer filled faster than it was read. Record again with --buffer-kb ${Math.min(MAX_BUFFER_KB, args.bufferKb * 4)}${args.output.endsWith('.gz') ? ' (or a plain or .zst file, which costs less CPU to write)' : ''}.`,
      );
    return exit ? rec.exitStatus! : 0;
  } catch (e) {
    if (!(e instanceof RecordError)) say(`internal error: ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
    else say(e.message);
    return 1;
  } finally {
    if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    reader?.close();
    sink?.abort();
    finish();
    process.off('exit', onExit);
    for (const s of signals) process.off(s, onSignal);
  }
}

function formatMiB(bytes: number): string {
  return `${(bytes / 2 ** 20).toFixed(1)} MiB of trace text`;
}
