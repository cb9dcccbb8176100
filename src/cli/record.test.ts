// `reclaimscope record` on the real kernel: records a workload that reclaims
// inside a small memory cgroup, reads the file back, and checks that every
// tracefs setting (and the mount) is as it was before, also after Ctrl-C and
// after each error. Needs root and tracefs, as CI has; where they are missing
// the tests say why, loudly, instead of passing. Tests run one after another
// (tracefs is global); no other test touches tracefs.

import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmdirSync, rmSync, writeFileSync } from 'node:fs';
import { release, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyzeParsed, buildFileReport } from '../analysis/report.ts';
import { RECORDED_SYSCTLS } from '../model/recorded.ts';
import { ANALYSIS_TRACEPOINTS } from '../model/tracepoints.ts';
import { parseTrace } from '../parser/parse.ts';
import { ROOT } from '../test-support/parse-both.ts';
import { openFileSource } from './node-source.ts';
import { record } from './record.ts';

// The command line from its TypeScript sources, in a process of its own (signals, another user), without building dist/cli.
const FROM_SOURCE = `import(${JSON.stringify(pathToFileURL(join(ROOT, 'src/cli/main.ts')).href)}).then(async (m) => { process.exitCode = await m.main(process.argv.slice(1)); })`;
const TRACING = '/sys/kernel/tracing';

/** Why these tests cannot run here, or null. */
function cannotTrace(): string | null {
  if (process.platform !== 'linux') return 'not Linux';
  if (process.geteuid?.() !== 0) return 'not root (CI runs them as root)';
  if (!/\ttracefs\n/.test(readFileSync('/proc/filesystems', 'utf8'))) return 'this kernel has no tracefs';
  return null;
}
const why = cannotTrace();
if (why) console.warn(`\n*** reclaimscope record tests SKIPPED: ${why}. They need root and tracefs. ***\n`);

function mounted(): boolean {
  return readFileSync('/proc/self/mounts', 'utf8')
    .split('\n')
    .some((l) => l.split(' ')[2] === 'tracefs' && l.split(' ')[1] === TRACING);
}

/**
 * What a per-CPU ring buffer of `kb` KiB reads back as once allocated: whole
 * sub-buffers, each holding its size less a 16-byte header
 * (kernel/trace/ring_buffer.c, BUF_PAGE_HDR_SIZE): 1408 -> 1410 with 4 KiB ones.
 */
function allocatedKb(kb: number, subbufKb: number): number {
  const data = subbufKb * 1024 - 16;
  return Math.floor((Math.ceil((kb * 1024) / data) * data) / 1024);
}

/**
 * Every setting a recording may change, read straight from tracefs: the
 * switches, the clock, buffer sizes (all CPUs), and the enable file of every
 * event of the systems it touches. Mounting tracefs to read them counts too:
 * it is unmounted again before the snapshot returns.
 */
function tracefsState(): Record<string, string> {
  const wasMounted = mounted();
  if (!wasMounted) expect(spawnSync('mount', ['-t', 'tracefs', 'nodev', TRACING]).status).toBe(0);
  try {
    const state: Record<string, string> = { mounted: String(wasMounted) };
    const read = (f: string): string => readFileSync(join(TRACING, f), 'utf8').trim();
    for (const f of ['tracing_on', 'current_tracer', 'trace_clock', 'buffer_size_kb', 'events/enable']) state[f] = read(f);
    for (const c of readdirSync(join(TRACING, 'per_cpu'))) state[`per_cpu/${c}/buffer_size_kb`] = read(`per_cpu/${c}/buffer_size_kb`);
    // After a boot the ring buffer is not yet allocated: `7 (expanded: 1408)`
    // (every per-CPU file says 7). The first use of tracing allocates it, once
    // and for good, at 1408 KiB rounded up to whole sub-buffers: no recorder
    // can give the unallocated state back, so compare with what it becomes.
    const unallocated = /\(expanded: (\d+)\)/.exec(state.buffer_size_kb);
    if (unallocated) {
      const kb = allocatedKb(Number(unallocated[1]), existsSync(join(TRACING, 'buffer_subbuf_size_kb')) ? Number(read('buffer_subbuf_size_kb')) : 4);
      for (const k of Object.keys(state)) if (k.endsWith('buffer_size_kb')) state[k] = String(kb);
    }
    for (const sys of ['vmscan', 'compaction', 'writeback']) {
      state[`events/${sys}/enable`] = read(`events/${sys}/enable`);
      for (const ev of readdirSync(join(TRACING, 'events', sys))) {
        if (existsSync(join(TRACING, 'events', sys, ev, 'enable'))) state[`events/${sys}/${ev}/enable`] = read(`events/${sys}/${ev}/enable`);
      }
    }
    return state;
  } finally {
    if (!wasMounted) expect(spawnSync('umount', [TRACING]).status).toBe(0);
  }
}

interface Run {
  status: number | null;
  stderr: string;
}

/** Runs record in this process (for what needs neither another user nor a signal: faster). */
async function recordHere(args: string[]): Promise<Run> {
  let stderr = '';
  const err = new Writable({
    write(chunk, _enc, done) {
      stderr += chunk;
      done();
    },
  });
  const status = await record(args, new Writable({ write: (_c, _e, done) => done() }), err);
  return { status, stderr };
}

function recordArgs(args: string[]): string[] {
  return ['--import', 'tsx', '-e', FROM_SOURCE, 'record', ...args];
}

/** Runs the CLI to its end (as `user` when given). */
function runRecord(args: string[], user?: string): Promise<Run> {
  const cmd = user ? 'runuser' : process.execPath;
  const argv = user ? ['-u', user, '--', process.execPath, ...recordArgs(args)] : recordArgs(args);
  return new Promise((resolve) => {
    const c = spawn(cmd, argv, { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    c.stderr.on('data', (d) => (stderr += d));
    c.on('close', (status) => resolve({ status, stderr }));
  });
}

async function parseFile(file: string) {
  const src = await openFileSource(file);
  try {
    const p = await parseTrace(src);
    return { ...p, json: buildFileReport(file, p.table, p.report, analyzeParsed(p.table, p.report)) };
  } finally {
    await src.close();
  }
}

/** A memory cgroup with a small limit (cgroup v1 `memory` or v2), removed afterwards. */
interface Cgroup {
  /** Its path inside the hierarchy, as /proc/PID/cgroup shows it. */
  path: string;
  procs: string;
  limitBytes: number;
  remove(): void;
}

function makeCgroup(limitBytes: number): Cgroup {
  const mounts = readFileSync('/proc/self/mounts', 'utf8').split('\n').map((l) => l.split(' '));
  const v1 = mounts.find((f) => f[2] === 'cgroup' && f[3]?.split(',').includes('memory'))?.[1];
  const v2 = mounts.find((f) => f[2] === 'cgroup2')?.[1];
  const name = `reclaimscope-test-${process.pid}`;
  let dir: string;
  if (v1) {
    dir = join(v1, name);
    mkdirSync(dir);
    writeFileSync(join(dir, 'memory.limit_in_bytes'), String(limitBytes));
  } else if (v2 && readFileSync(join(v2, 'cgroup.controllers'), 'utf8').includes('memory')) {
    if (!readFileSync(join(v2, 'cgroup.subtree_control'), 'utf8').includes('memory')) writeFileSync(join(v2, 'cgroup.subtree_control'), '+memory');
    dir = join(v2, name);
    mkdirSync(dir);
    writeFileSync(join(dir, 'memory.max'), String(limitBytes));
  } else throw new Error('no memory cgroup controller (v1 or v2) to limit the workload with');
  return {
    path: `/${name}`,
    procs: join(dir, 'cgroup.procs'),
    limitBytes,
    remove: () => {
      for (let i = 0; i < 50 && existsSync(dir); i++) {
        try {
          rmdirSync(dir);
        } catch {
          spawnSync('sleep', ['0.1']);
        }
      }
    },
  };
}

describe.skipIf(why !== null)('reclaimscope record on this kernel (root, tracefs)', () => {
  let work = '';
  let cg: Cgroup;
  let before: Record<string, string>;

  beforeAll(() => {
    // on disk, not tmpfs: dirty page cache must be reclaimable without swap
    work = mkdtempSync(join(existsSync('/var/tmp') ? '/var/tmp' : tmpdir(), 'reclaimscope-record-'));
    cg = makeCgroup(24 << 20);
    before = tracefsState();
    expect(before.current_tracer, 'another tracer is using tracefs: these tests need it to themselves').toBe('nop');
  });

  afterAll(() => {
    cg?.remove();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  /** A workload that dirties 64 MiB of page cache in the 24 MiB cgroup (memcg reclaim), then burns a known CPU time, printed by `times`. */
  function workload(): string[] {
    const file = join(work, 'dirty');
    return [
      'sh',
      '-c',
      `echo $$ > ${cg.procs} && dd if=/dev/zero of=${file} bs=1M count=64 status=none && rm ${file} && i=0; while [ $i -lt 150000 ]; do i=$((i+1)); done; times > ${join(work, 'times')}`,
    ];
  }

  it('records a workload that reclaims, with the header the parser reads back, and leaves tracefs as it was', async () => {
    const out = join(work, 'memcg.txt.gz');
    const cmd = workload();
    const run = await runRecord(['-o', out, '--', ...cmd]);
    expect(run.stderr).toMatch(/recording \d+ events/);
    expect(run.status, run.stderr).toBe(0);
    expect(tracefsState()).toEqual(before);
    if (before.mounted === 'false') expect(run.stderr).toContain('mounted tracefs at /sys/kernel/tracing (it is unmounted again at the end)');

    const p = await parseFile(out);
    expect(p.report.compression).toBe('gzip');
    expect(p.report.eventsByName['mm_vmscan_memcg_reclaim_begin']).toBeGreaterThan(0);
    expect(p.json.extra.memcgReclaims).toBe(p.report.eventsByName['mm_vmscan_memcg_reclaim_begin']);
    const r = p.json.recorded!;
    expect(r.kernel).toBe(release());
    expect(r.sysctl).toEqual(Object.fromEntries(RECORDED_SYSCTLS.filter((k) => existsSync(`/proc/sys/${k.replace(/\./g, '/')}`)).map((k) => [k, readFileSync(`/proc/sys/${k.replace(/\./g, '/')}`, 'utf8').trim()])));
    expect(r.command).toBe(`sh -c '${cmd[2].replace(/'/g, `'\\''`)}'`);
    expect(r.exitStatus).toBe(0);
    expect(r.cgroup).toBe(cg.path);
    expect(r.cgroupMemoryLimitBytes).toBe(cg.limitBytes);
    expect(r.complete).toBe(true);
    const cpus = Object.keys(before).flatMap((k) => /^per_cpu\/cpu(\d+)\//.exec(k)?.[1] ?? []);
    expect(r.lostEventsByCpu).toEqual(Object.fromEntries(cpus.map((c) => [c, 0])));
    expect(p.report.lost.total).toBe(0);
    expect(r.events).toEqual(expect.arrayContaining(['vmscan:mm_vmscan_memcg_reclaim_begin', 'compaction:mm_compaction_begin']));
    expect(r.memTotalBytes).toBe(Number(/^MemTotal:\s+(\d+)/m.exec(readFileSync('/proc/meminfo', 'utf8'))![1]) * 1024);
    // The shell's own `times` (its first line: the shell's user and system time) is the command's CPU time.
    const [user, sys] = readFileSync(join(work, 'times'), 'utf8')
      .split('\n')[0]
      .split(' ')
      .map((t) => Number(/(\d+)m([\d.]+)s/.exec(t)![1]) * 60 + Number(/(\d+)m([\d.]+)s/.exec(t)![2]));
    expect(Math.abs(r.userSeconds! - user)).toBeLessThanOrEqual(0.03);
    // sys also holds dd's time (a child of the shell): at least the shell's own
    expect(r.systemSeconds! + 0.02).toBeGreaterThanOrEqual(sys);
    expect(r.userSeconds!).toBeGreaterThan(0);
    // the header lines are counted as header lines
    const text = spawnSync('gzip', ['-dc', out], { encoding: 'utf8', maxBuffer: 1 << 28 }).stdout;
    expect(p.report.skipped.header?.count).toBe(text.split('\n').filter((l) => l.startsWith('# reclaimscope-record ')).length);
    expect(p.report.skipped.header?.count).toBeGreaterThanOrEqual(20);
  });

  it('counts events lost per CPU as the trace\'s own LOST markers do, and names the buffer size to try next', async () => {
    const out = join(work, 'lost.txt');
    const file = join(work, 'dirty-lost');
    // one page per CPU, read every 100 ms: a writer reclaiming in the small cgroup overruns it
    const run = await recordHere(['-o', out, '--buffer-kb', '4', '--events', 'vmscan,writeback', '--', 'sh', '-c', `echo $$ > ${cg.procs} && dd if=/dev/zero of=${file} bs=1M count=128 status=none; rm -f ${file}`]);
    expect(run.status, run.stderr).toBe(0);
    expect(tracefsState()).toEqual(before);
    const p = await parseFile(out);
    const r = p.json.recorded!;
    const lost = Object.values(r.lostEventsByCpu).reduce((a, b) => a + b, 0);
    expect(lost).toBeGreaterThan(0);
    // per_cpu/cpuN/stats (the header) and the `CPU:N [LOST M EVENTS]` markers in the text (the parser) agree
    expect(Object.fromEntries(Object.entries(r.lostEventsByCpu).filter(([, n]) => n > 0))).toEqual(p.report.lost.byCpu);
    const perCpu = Object.entries(r.lostEventsByCpu)
      .filter(([, n]) => n > 0)
      .map(([c, n]) => `cpu${c}: ${n}`)
      .join(', ');
    expect(run.stderr).toContain(`${lost} events were lost (${perCpu}): the buffer filled faster than it was read. Record again with --buffer-kb 16.`);
  });

  it('stops on Ctrl-C (SIGINT) mid-run, ends the command, writes the closing lines and restores tracefs', async () => {
    const out = join(work, 'sigint.txt');
    const c = spawn(process.execPath, recordArgs(['-o', out, '--', 'sleep', '60']), { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    c.stderr.on('data', (d) => (stderr += d));
    const closed = new Promise<number | null>((resolve) => c.on('close', resolve));
    for (let i = 0; i < 200 && !/recording \d+ events/.test(stderr); i++) await new Promise((r) => setTimeout(r, 50));
    expect(stderr).toMatch(/recording \d+ events/);
    const t0 = Date.now();
    c.kill('SIGINT');
    const status = await closed;
    expect(Date.now() - t0).toBeLessThan(8000);
    expect(status, stderr).toBe(130);
    expect(stderr).toContain('SIGINT: stopping');
    expect(tracefsState()).toEqual(before);
    const r = (await parseFile(out).catch(() => null))?.json.recorded ?? null;
    // an idle machine may log no event at all in that second: then read the header by hand
    const lines = readFileSync(out, 'utf8').split('\n');
    expect(lines.filter((l) => l.startsWith('# reclaimscope-record signal'))).toEqual(['# reclaimscope-record signal = "SIGINT"']);
    expect(lines).toContain('# reclaimscope-record exitStatus = 130');
    if (r) expect([r.exitStatus, r.signal, r.complete]).toEqual([130, 'SIGINT', true]);
  });

  it('stops a recording without a command on SIGINT with status 0', async () => {
    const out = join(work, 'idle.txt');
    const c = spawn(process.execPath, recordArgs(['-o', out]), { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    c.stderr.on('data', (d) => (stderr += d));
    const closed = new Promise<number | null>((resolve) => c.on('close', resolve));
    for (let i = 0; i < 200 && !/recording \d+ events/.test(stderr); i++) await new Promise((r) => setTimeout(r, 50));
    c.kill('SIGINT');
    expect(await closed, stderr).toBe(0);
    expect(tracefsState()).toEqual(before);
    expect(readFileSync(out, 'utf8')).toContain('# reclaimscope-record complete = true');
  });

  it('refuses to run as another user than root, naming the fix, and changes nothing', async () => {
    const out = join(tmpdir(), `reclaimscope-nobody-${process.pid}.txt`);
    const run = await runRecord(['-o', out, '--duration', '1'], 'nobody');
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('must run as root');
    expect(run.stderr).toContain('sudo npx reclaimscope record');
    expect(existsSync(out)).toBe(false);
    expect(tracefsState()).toEqual(before);
  });

  it('names an event this kernel does not have, says what it leaves empty, and records the rest', async () => {
    const out = join(work, 'missing.txt');
    const run = await recordHere(['-o', out, '--duration', '0.5', '--events', 'vmscan:mm_vmscan_no_such_event,writeback']);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr).toContain('this kernel has no vmscan:mm_vmscan_no_such_event; going on without it (reclaimscope does not read it, so no number is left empty)');
    expect(tracefsState()).toEqual(before);
    const lines = readFileSync(out, 'utf8').split('\n');
    expect(lines).toContain('# reclaimscope-record missingEvents = ["vmscan:mm_vmscan_no_such_event"]');
    const events = JSON.parse(lines.find((l) => l.startsWith('# reclaimscope-record events = '))!.slice('# reclaimscope-record events = '.length));
    expect(events.filter((e: string) => e.startsWith('writeback:')).length).toBeGreaterThan(10);
    expect(events).toEqual(expect.arrayContaining(ANALYSIS_TRACEPOINTS.map((t) => t.name)));
  });

  it('refuses an event set it does not know before touching tracefs', async () => {
    const run = await recordHere(['-o', join(work, 'bogus.txt'), '--duration', '0.5', '--events', 'nosuchset']);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('--events nosuchset: no such event set; use vmscan, compaction, memcg, writeback');
    expect(tracefsState()).toEqual(before);
  });

  it('refuses a FILE it cannot write, before touching tracefs', async () => {
    for (const [out, reason] of [
      [join(work, 'no-such-dir', 'x.txt.gz'), 'its directory does not exist'],
      [work, 'it is a directory'],
    ]) {
      const run = await recordHere(['-o', out, '--duration', '0.5']);
      expect(run.status).toBe(1);
      expect(run.stderr).toContain(`cannot write ${out}: ${reason}. Give -o a file in a directory you can write`);
      expect(tracefsState()).toEqual(before);
    }
  });

  it('refuses while another reader holds trace_pipe, naming it', async () => {
    const wasMounted = mounted();
    if (!wasMounted) expect(spawnSync('mount', ['-t', 'tracefs', 'nodev', TRACING]).status).toBe(0);
    const cat = spawn('cat', [join(TRACING, 'trace_pipe')], { stdio: 'ignore' });
    try {
      await new Promise((r) => setTimeout(r, 300));
      const run = await recordHere(['-o', join(work, 'busy.txt'), '--duration', '0.5']);
      expect(run.status).toBe(1);
      expect(run.stderr).toContain(`another tracer is using the ftrace buffer (process ${cat.pid} (cat) is reading trace_pipe)`);
    } finally {
      cat.kill();
      await new Promise((r) => cat.on('close', r));
      if (!wasMounted) spawnSync('umount', [TRACING]);
    }
    expect(tracefsState()).toEqual(before);
  });
});

// Shown in the test list as skipped, with the reason.
if (why) it.skip(`reclaimscope record on this kernel: SKIPPED, ${why}`, () => {});
