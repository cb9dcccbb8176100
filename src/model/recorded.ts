// The header `reclaimscope record` writes into a trace: the run's settings
// (kernel, sysctls, CPUs, memory, events, buffer) before the events and its
// outcome (command, CPU time, exit status, lost events) after them, one
// `# reclaimscope-record KEY = JSON` line each. Formatting and reading live
// here so the recorder (cli/record.ts) and the parser (text-parser.ts) agree;
// the parser counts the lines as header lines. Pure: no I/O.

/** What `report --json` gives as `recorded` (a contract: extend, never rename). */
export interface Recorded {
  /** `uname -r` of the machine the trace was recorded on. */
  kernel: string | null;
  /** The vm.* sysctls that shape reclaim, as /proc/sys printed them. */
  sysctl: Record<string, string>;
  /** The command that ran under the recording, shell-quoted; null when it waited (--duration, Ctrl-C). */
  command: string | null;
  userSeconds: number | null;
  systemSeconds: number | null;
  /** The command's exit status (128 + N when signal N ended it). */
  exitStatus: number | null;
  /** Events the ring buffer lost, per CPU (overrun and dropped counts of per_cpu/cpuN/stats). */
  lostEventsByCpu: Record<string, number>;
  /** The signal that ended the command, when one did (`SIGKILL`). */
  signal: string | null;
  /** /proc/cmdline: the kernel command line. */
  kernelCommandLine: string | null;
  /** How reclaimscope record itself was called. */
  recordCommandLine: string | null;
  cpus: number | null;
  memTotalBytes: number | null;
  /** The memory cgroup the command ran in, when it had a limit, and that limit. */
  cgroup: string | null;
  cgroupMemoryLimitBytes: number | null;
  /** `system:event` names enabled, and asked-for events this kernel does not have. */
  events: string[];
  missingEvents: string[];
  bufferKbPerCpu: number | null;
  traceClock: string | null;
  startedAt: string | null;
  durationSeconds: number | null;
  /** Whether the closing lines (CPU time, exit status, lost events) were read: false for a cut-off recording. */
  complete: boolean;
  /** The header format's version. */
  version: number;
}

const RECORD_HEADER_VERSION = 1;
const RECORD_PREFIX = '# reclaimscope-record ';

/** The vm.* sysctls the header records (the ones that shape reclaim and writeback). */
export const RECORDED_SYSCTLS = [
  'vm.watermark_scale_factor',
  'vm.dirty_ratio',
  'vm.dirty_background_ratio',
  'vm.swappiness',
  'vm.min_free_kbytes',
  'vm.zone_reclaim_mode',
  'vm.compaction_proactiveness',
] as const;

export function emptyRecorded(): Recorded {
  return {
    kernel: null,
    sysctl: {},
    command: null,
    userSeconds: null,
    systemSeconds: null,
    exitStatus: null,
    lostEventsByCpu: {},
    signal: null,
    kernelCommandLine: null,
    recordCommandLine: null,
    cpus: null,
    memTotalBytes: null,
    cgroup: null,
    cgroupMemoryLimitBytes: null,
    events: [],
    missingEvents: [],
    bufferKbPerCpu: null,
    traceClock: null,
    startedAt: null,
    durationSeconds: null,
    complete: false,
    version: RECORD_HEADER_VERSION,
  };
}

type Kind = 'str' | 'num' | 'strs' | 'counts' | 'bool';
const KEYS: Record<string, Kind> = {
  version: 'num',
  kernel: 'str',
  kernelCommandLine: 'str',
  recordCommandLine: 'str',
  cpus: 'num',
  memTotalBytes: 'num',
  events: 'strs',
  missingEvents: 'strs',
  bufferKbPerCpu: 'num',
  traceClock: 'str',
  startedAt: 'str',
  command: 'str',
  cgroup: 'str',
  cgroupMemoryLimitBytes: 'num',
  durationSeconds: 'num',
  userSeconds: 'num',
  systemSeconds: 'num',
  exitStatus: 'num',
  signal: 'str',
  lostEventsByCpu: 'counts',
  complete: 'bool',
};
/** Keys written before the events (settings) and after them (outcome). */
const OPENING = ['version', 'kernel', 'kernelCommandLine', 'recordCommandLine', 'cpus', 'memTotalBytes', 'sysctl', 'events', 'missingEvents', 'bufferKbPerCpu', 'traceClock', 'startedAt', 'command'] as const;
const CLOSING = ['cgroup', 'cgroupMemoryLimitBytes', 'durationSeconds', 'userSeconds', 'systemSeconds', 'exitStatus', 'signal', 'lostEventsByCpu', 'complete'] as const;

function lines(r: Recorded, keys: readonly string[]): string {
  let out = '';
  for (const k of keys) {
    if (k === 'sysctl') {
      for (const [name, v] of Object.entries(r.sysctl)) out += `${RECORD_PREFIX}sysctl.${name} = ${JSON.stringify(v)}\n`;
      continue;
    }
    const v = (r as unknown as Record<string, unknown>)[k];
    if (v === null || v === undefined) continue;
    out += `${RECORD_PREFIX}${k} = ${JSON.stringify(v)}\n`;
  }
  return out;
}

/** The lines written before the first event. */
export function formatRecordOpening(r: Recorded): string {
  return lines(r, OPENING);
}

/** The lines written after the last event (what is known only when the run ends). */
export function formatRecordClosing(r: Recorded): string {
  return lines({ ...r, complete: true }, CLOSING);
}

export function isRecordLine(text: string): boolean {
  return text.startsWith(RECORD_PREFIX);
}

const LINE = /^# reclaimscope-record ([A-Za-z][\w.]*) = (.*)$/;

/**
 * Reads one `# reclaimscope-record KEY = JSON` line into `r`. Returns null
 * when it was read, else what is wrong with it (the caller warns with the
 * line number). Unknown keys are left alone, for headers of later versions.
 */
export function readRecordLine(r: Recorded, text: string): string | null {
  const m = LINE.exec(text.replace(/\r$/, ''));
  if (!m) return 'not a KEY = VALUE line';
  const [, key, json] = m;
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return `${key}: the value is not JSON`;
  }
  if (key.startsWith('sysctl.')) {
    if (typeof value !== 'string') return `${key}: not a string`;
    r.sysctl[key.slice('sysctl.'.length)] = value;
    return null;
  }
  const kind = KEYS[key];
  if (kind === undefined) return null;
  const rec = r as unknown as Record<string, unknown>;
  switch (kind) {
    case 'str':
      if (typeof value !== 'string') return `${key}: not a string`;
      break;
    case 'num':
      if (typeof value !== 'number' || !Number.isFinite(value)) return `${key}: not a number`;
      break;
    case 'bool':
      if (typeof value !== 'boolean') return `${key}: not true or false`;
      break;
    case 'strs':
      if (!Array.isArray(value) || !value.every((x) => typeof x === 'string')) return `${key}: not a list of strings`;
      break;
    case 'counts':
      if (typeof value !== 'object' || value === null || Array.isArray(value) || !Object.values(value).every((x) => typeof x === 'number' && x >= 0))
        return `${key}: not counts by CPU`;
      break;
    default: {
      const never: never = kind;
      return never;
    }
  }
  rec[key] = value;
  return null;
}

/** Joins what two parts of one file read (text-part.ts): later non-empty values win. */
export function mergeRecorded(a: Recorded | null, b: Recorded | null): Recorded | null {
  if (!a || !b) return a ?? b;
  const empty = emptyRecorded() as unknown as Record<string, unknown>;
  const out = { ...a, sysctl: { ...a.sysctl, ...b.sysctl } } as unknown as Record<string, unknown>;
  for (const [k, v] of Object.entries(b)) {
    if (k === 'sysctl') continue;
    if (JSON.stringify(v) !== JSON.stringify(empty[k])) out[k] = v;
  }
  return out as unknown as Recorded;
}

/** User + system CPU seconds of the recorded command, when both are known. */
export function recordedCpuSeconds(r: Recorded | null | undefined): number | null {
  if (!r || r.userSeconds === null || r.systemSeconds === null) return null;
  return Math.round((r.userSeconds + r.systemSeconds) * 1000) / 1000;
}

/** Shell-quotes arguments so that the command line reads as typed. */
export function shellQuote(args: readonly string[]): string {
  return args.map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`)).join(' ');
}

/**
 * The recorded settings as short `name: value` lines for a text header (the
 * text export) or a card. Only what is known.
 */
export function describeRecorded(r: Recorded): [string, string][] {
  const out: [string, string][] = [];
  if (r.kernel) out.push(['kernel', r.kernel]);
  if (r.cpus !== null || r.memTotalBytes !== null)
    out.push(['machine', [r.cpus !== null ? `${r.cpus} CPUs` : '', r.memTotalBytes !== null ? `${(r.memTotalBytes / 2 ** 30).toFixed(1)} GiB` : ''].filter(Boolean).join(', ')]);
  const sysctl = Object.entries(r.sysctl);
  if (sysctl.length) out.push(['sysctl', sysctl.map(([k, v]) => `${k.replace(/^vm\./, '')}=${v}`).join(' ')]);
  if (r.cgroup !== null) out.push(['cgroup', r.cgroupMemoryLimitBytes !== null ? `${r.cgroup} (limit ${(r.cgroupMemoryLimitBytes / 2 ** 20).toFixed(0)} MiB)` : r.cgroup]);
  if (r.command !== null) out.push(['command', r.command]);
  if (r.userSeconds !== null && r.systemSeconds !== null) out.push(['cpu time', `${r.userSeconds.toFixed(2)} s user + ${r.systemSeconds.toFixed(2)} s sys`]);
  if (r.exitStatus !== null) out.push(['exit status', r.signal ? `${r.exitStatus} (${r.signal})` : String(r.exitStatus)]);
  const lost = Object.values(r.lostEventsByCpu).reduce((a, b) => a + b, 0);
  if (r.complete) out.push(['lost events', lost === 0 ? '0' : `${lost} (${Object.entries(r.lostEventsByCpu).filter(([, n]) => n > 0).map(([c, n]) => `cpu${c}: ${n}`).join(', ')})`]);
  else out.push(['recording', 'cut off before its closing lines (no CPU time, exit status or lost-event counts)']);
  return out;
}
