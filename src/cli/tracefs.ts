// tracefs for `reclaimscope record`: find it (mounting it if needed), say
// whether another tracer holds the buffer, resolve event names to what this
// kernel has, and change settings only through a Session that remembers each
// old value and puts it back (synchronously, so it can run from an exit
// handler). Linux only; see Documentation/trace/ftrace.rst for the files.

import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, readlinkSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export class RecordError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RecordError';
  }
}

const CANDIDATES = ['/sys/kernel/tracing', '/sys/kernel/debug/tracing'];

function isTracefs(dir: string): boolean {
  return existsSync(join(dir, 'trace_pipe')) && existsSync(join(dir, 'events'));
}

/** Mount points of tracefs, from /proc/self/mounts. */
function tracefsMounts(): string[] {
  try {
    return readFileSync('/proc/self/mounts', 'utf8')
      .split('\n')
      .map((l) => l.split(' '))
      .filter((f) => f[2] === 'tracefs')
      .map((f) => f[1].replace(/\\040/g, ' '));
  } catch {
    return [];
  }
}

export interface TracefsLocation {
  dir: string;
  /** True when this run mounted it (and so unmounts it at the end). */
  mounted: boolean;
}

/**
 * Where tracefs is: /sys/kernel/tracing, /sys/kernel/debug/tracing or any
 * other mount, else mounted at /sys/kernel/tracing. `say` reports a mount.
 */
export function findTracefs(say: (s: string) => void): TracefsLocation {
  for (const d of [...CANDIDATES, ...tracefsMounts()]) if (isTracefs(d)) return { dir: d, mounted: false };
  const target = CANDIDATES[0];
  const r = existsSync(target) ? spawnSync('mount', ['-t', 'tracefs', 'nodev', target], { encoding: 'utf8' }) : null;
  if (r && r.status === 0 && isTracefs(target)) {
    say(`mounted tracefs at ${target} (it is unmounted again at the end)`);
    return { dir: target, mounted: true };
  }
  let filesystems = '';
  try {
    filesystems = readFileSync('/proc/filesystems', 'utf8');
  } catch {
    // not Linux, or /proc not mounted: the message below covers it
  }
  if (!/\ttracefs\n/.test(filesystems))
    throw new RecordError(
      'tracefs is not available: this kernel was built without tracing (it needs CONFIG_FTRACE=y and CONFIG_TRACEPOINTS=y; most distribution kernels have both). Boot such a kernel, or capture with perf if only perf events are available.',
    );
  throw new RecordError(
    `tracefs is not mounted and mounting it failed${r?.stderr ? ` (${r.stderr.trim()})` : ''}: mount it yourself with \`mount -t tracefs nodev /sys/kernel/tracing\` and run again.`,
  );
}

export function unmountTracefs(dir: string): string | null {
  const r = spawnSync('umount', [dir], { encoding: 'utf8' });
  return r.status === 0 ? null : (r.stderr || `umount exited ${r.status}`).trim();
}

function read(dir: string, file: string): string {
  return readFileSync(join(dir, file), 'utf8').trim();
}

/**
 * Who else is using the buffer: a tracer other than nop, events being traced
 * right now, or a process that holds trace_pipe open. Null when nobody is.
 */
export function bufferUsers(dir: string): string | null {
  const found: string[] = [];
  const tracer = read(dir, 'current_tracer');
  if (tracer !== 'nop') found.push(`current_tracer is ${tracer}`);
  const on = read(dir, 'tracing_on') === '1';
  const enabled = read(dir, 'events/enable');
  if (on && enabled !== '0') found.push(enabled === '1' ? 'every event is enabled and tracing is on' : 'some events are enabled and tracing is on');
  const pipe = join(dir, 'trace_pipe');
  for (const p of readdirSafe('/proc')) {
    if (!/^\d+$/.test(p) || Number(p) === process.pid) continue;
    for (const fd of readdirSafe(`/proc/${p}/fd`)) {
      const target = linkOf(`/proc/${p}/fd/${fd}`);
      if (target === pipe || (target.endsWith('/trace_pipe') && target.includes('tracing'))) {
        found.push(`process ${p} (${commOf(p)}) is reading trace_pipe`);
        break;
      }
    }
  }
  return found.length ? found.join('; ') : null;
}

function linkOf(path: string): string {
  try {
    return readlinkSync(path);
  } catch {
    return '';
  }
}

function readdirSafe(d: string): string[] {
  try {
    return readdirSync(d);
  } catch {
    return [];
  }
}

function commOf(pid: string): string {
  try {
    return readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
  } catch {
    return '?';
  }
}

export function eventExists(dir: string, name: string): boolean {
  const [sys, ev] = name.split(':');
  return existsSync(join(dir, 'events', sys, ev, 'enable'));
}

/** The events of one system (events/SYS/*), or null when this kernel has no such system. */
export function systemEvents(dir: string, sys: string): string[] | null {
  const d = join(dir, 'events', sys);
  if (!existsSync(d)) return null;
  return readdirSync(d)
    .filter((e) => {
      try {
        return statSync(join(d, e)).isDirectory();
      } catch {
        return false;
      }
    })
    .map((e) => `${sys}:${e}`);
}

function writeError(dir: string, file: string, value: string, e: NodeJS.ErrnoException): RecordError {
  const what = `cannot write ${value} to ${join(dir, file)}`;
  if (e.code === 'ENOMEM' && file.endsWith('buffer_size_kb')) return new RecordError(`${what}: not enough memory for a ${value} KiB buffer on every CPU; try a smaller --buffer-kb.`);
  if (e.code === 'EACCES' || e.code === 'EPERM')
    return new RecordError(`${what}: permission denied even as root (a container without CAP_SYS_ADMIN, or a lockdown kernel?); record on the host instead.`);
  if (e.code === 'EBUSY') return new RecordError(`${what}: tracefs is busy (another tracer?); stop it and run again.`);
  return new RecordError(`${what}: ${e.message}`);
}

/** Per-CPU ring-buffer losses so far: overrun + commit overrun + dropped events of per_cpu/cpuN/stats. */
export function lostByCpu(dir: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const c of readdirSafe(join(dir, 'per_cpu'))) {
    const m = /^cpu(\d+)$/.exec(c);
    if (!m) continue;
    let text: string;
    try {
      text = readFileSync(join(dir, 'per_cpu', c, 'stats'), 'utf8');
    } catch {
      continue;
    }
    let n = 0;
    for (const key of ['overrun', 'commit overrun', 'dropped events']) {
      const v = new RegExp(`^${key}: (\\d+)`, 'm').exec(text);
      if (v) n += Number(v[1]);
    }
    out[m[1]] = n;
  }
  return out;
}

/** The setting a tracefs file holds, in the form that writes it back. */
function settingOf(file: string, raw: string): string {
  if (file === 'trace_clock') return /\[(\S+)\]/.exec(raw)?.[1] ?? raw;
  // `7 (expanded: 1408)`: the buffer was never used; 1408 is what it becomes.
  if (file.endsWith('buffer_size_kb')) return /\(expanded: (\d+)\)/.exec(raw)?.[1] ?? raw;
  return raw;
}

/** Reads a setting in the form that writes it back. */
function readSetting(dir: string, file: string): string {
  return settingOf(file, read(dir, file));
}

/**
 * The files a run changes, each old value kept before the first write.
 * restore() writes them back in reverse order (tracing_on last of all, as
 * it was first) and is safe to call twice.
 */
export class Session {
  private readonly saved: { file: string; value: string }[] = [];
  private readonly seen = new Set<string>();
  restored = false;

  constructor(readonly dir: string) {}

  set(file: string, value: string): void {
    if (!this.seen.has(file)) {
      const old = readSetting(this.dir, file);
      if (old === 'X' && file === 'buffer_size_kb') {
        // Per-CPU sizes differ: keep each one.
        for (const c of readdirSafe(join(this.dir, 'per_cpu'))) {
          const f = `per_cpu/${c}/buffer_size_kb`;
          if (!this.seen.has(f)) {
            this.saved.push({ file: f, value: readSetting(this.dir, f) });
            this.seen.add(f);
          }
        }
      } else this.saved.push({ file, value: old });
      this.seen.add(file);
    }
    try {
      writeFileSync(join(this.dir, file), value + '\n');
    } catch (e) {
      throw writeError(this.dir, file, value, e as NodeJS.ErrnoException);
    }
  }

  /** Empties the ring buffer (not a setting: nothing to restore). */
  clear(): void {
    writeFileSync(join(this.dir, 'trace'), '');
  }

  /** Puts every changed file back; returns the ones that could not be. */
  restore(): string[] {
    if (this.restored) return [];
    this.restored = true;
    const failed: string[] = [];
    for (const { file, value } of [...this.saved].reverse()) {
      try {
        writeFileSync(join(this.dir, file), value + '\n');
      } catch (e) {
        failed.push(`${file} (${(e as Error).message})`);
      }
    }
    return failed;
  }
}
