// The URL is an API: the `#` fragment holds the whole view state, versioned
// (`v=3`), defaults left out. Each schema change bumps the version and adds an
// upgrader from the previous one (UPGRADERS), with a test per version.
// Version 2 added variants made of several runs (`g`, `gn`). Version 3: every
// section follows the visible range by default (`ts=whole` asks for
// whole-trace figures), and a selected process (`sp`, `gc`). Version 4:
// per-variant time offsets (`vo`, ms) and time as % of each run (`al=percent`).
// The fragment is untrusted input: every field is validated and bounded, and a
// field that does not fit is refused with a message naming it.

import { ns, nsToUs, usToNs, type Ns } from '../model/units.ts';
import { DEFAULT_VIEW, METRICS, type Alignment, type Metric, type Range } from './view-model.ts';

export const URL_VERSION = 4;

export interface UrlVariant {
  name: string;
  /** Content hash of the trace file (parser/content-hash.ts), so dropping the same file restores it. */
  hash: string;
  /** User + system CPU seconds, when entered. */
  cpu?: number;
  /** The variant this trace is a run of (version 2); absent: a variant of its own, named `name`. */
  group?: string;
}

export interface UrlState {
  variants: UrlVariant[];
  baseline: number; // index into variants
  range: Range | null; // ns, aligned
  bucketNs: Ns; // per bucket, 0 = auto (URL key bk)
  align: Alignment;
  /** Shift of each variant's time zero, ms, by index into variants (missing or 0: none; version 4). */
  offsets: number[];
  metrics: Metric[];
  rates: boolean;
  tableScope: 'whole' | 'view';
  processFilter: string;
  /** The selected process or kswapd row: variant index and row name (`comm-pid`, or `comm` when grouped by command). */
  selected: { variant: number; name: string } | null;
  /** Process tables grouped by command (the script's --ignore-pid). */
  groupByCommand: boolean;
  /** Open panels: parse report of variant i. */
  report: number | null;
  /** A snapshot rides along (a "Share" link): base64url of its deflated JSON. */
  snapshot: string | null;
}

export const DEFAULT_URL_STATE: UrlState = {
  variants: [],
  baseline: 0,
  range: null,
  bucketNs: DEFAULT_VIEW.bucketNs,
  align: DEFAULT_VIEW.align,
  offsets: [],
  metrics: [...METRICS],
  rates: false,
  tableScope: 'view',
  processFilter: '',
  selected: null,
  groupByCommand: false,
  report: null,
  snapshot: null,
};

export class UrlStateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UrlStateError';
  }
}

const MAX_VARIANTS = 16;
const MAX_NAME = 120;
const MAX_FRAGMENT = 2_000_000;

/** Raw fragment parameters: key -> value still percent-encoded. */
export type Params = Map<string, string>;

/** Upgraders from version N to N+1, applied to the raw parameters. Version 1 is the first. */
export const UPGRADERS: Record<number, (p: Params) => Params> = {
  // 1 -> 2: version 1 had one trace per variant, named in `vs`. Version 2 reads
  // a link without `g`/`gn` exactly so (each trace a variant of its own under
  // its `vs` name), so the parameters carry over unchanged.
  1: (p) => new Map(p),
  // 2 -> 3: versions 1 and 2 showed whole-trace figures unless `ts=view`; version 3 follows the range unless `ts=whole`.
  2: (p) => {
    const q = new Map(p);
    if (q.get('ts') === 'view') q.delete('ts');
    else q.set('ts', 'whole');
    return q;
  },
  // 3 -> 4: version 4 adds per-variant offsets (`vo`) and `al=percent`; a version 3 link has neither and means the same.
  3: (p) => new Map(p),
};

function enc(s: string): string {
  return encodeURIComponent(s);
}

export function parseParams(fragment: string): Params {
  const p: Params = new Map();
  for (const part of fragment.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const key = eq < 0 ? part : part.slice(0, eq);
    if (p.has(key)) throw new UrlStateError(`field ${JSON.stringify(key.slice(0, 20))} appears twice in the link`);
    p.set(key, eq < 0 ? '' : part.slice(eq + 1));
  }
  return p;
}

export function encodeUrlState(s: UrlState): string {
  const parts: string[] = [`v=${URL_VERSION}`];
  if (s.variants.length)
    parts.push(
      `vs=${s.variants.map((v) => `${enc(v.name)}~${v.hash}${v.cpu !== undefined ? `~${+v.cpu.toFixed(3)}` : ''}`).join(',')}`,
    );
  if (s.variants.some((v) => v.group !== undefined && v.group !== v.name)) {
    const names: string[] = [];
    const index = s.variants.map((v) => {
      const g = v.group ?? v.name;
      if (!names.includes(g)) names.push(g);
      return names.indexOf(g);
    });
    parts.push(`g=${index.join('.')}`, `gn=${names.map(enc).join(',')}`);
  }
  if (s.baseline !== 0) parts.push(`b=${s.baseline}`);
  if (s.range) parts.push(`r=${nsToUs(s.range[0])},${nsToUs(s.range[1])}`);
  if (s.bucketNs !== DEFAULT_URL_STATE.bucketNs) parts.push(`bk=${s.bucketNs}`);
  if (s.align !== DEFAULT_URL_STATE.align) parts.push(`al=${s.align}`);
  const vo = s.offsets.flatMap((ms, i) => (ms && i < s.variants.length ? [`${i}~${+ms.toFixed(6)}`] : []));
  if (vo.length) parts.push(`vo=${vo.join(',')}`);
  if (s.metrics.join() !== DEFAULT_URL_STATE.metrics.join()) parts.push(`m=${s.metrics.join(',')}`);
  if (s.rates) parts.push('rt=1');
  if (s.tableScope !== DEFAULT_URL_STATE.tableScope) parts.push(`ts=${s.tableScope}`);
  if (s.processFilter) parts.push(`f=${enc(s.processFilter)}`);
  if (s.selected) parts.push(`sp=${s.selected.variant}~${enc(s.selected.name)}`);
  if (s.groupByCommand) parts.push('gc=1');
  if (s.report !== null) parts.push(`pr=${s.report}`);
  if (s.snapshot) parts.push(`s=${s.snapshot}`);
  return parts.join('&');
}

function int(text: string, what: string, min: number, max: number): number {
  if (!/^-?\d{1,16}$/.test(text)) throw new UrlStateError(`${what} is not a whole number: ${JSON.stringify(text.slice(0, 40))}`);
  const n = Number(text);
  if (n < min || n > max) throw new UrlStateError(`${what} is out of range: ${n}`);
  return n;
}

function num(text: string, what: string, min: number, max: number): number {
  if (!/^-?\d{1,16}(\.\d{1,9})?$/.test(text)) throw new UrlStateError(`${what} is not a number: ${JSON.stringify(text.slice(0, 40))}`);
  const n = Number(text);
  if (n < min || n > max) throw new UrlStateError(`${what} is out of range: ${n}`);
  return n;
}

function dec(text: string, what: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    throw new UrlStateError(`${what} is not valid percent-encoding`);
  }
}

/** Parses a fragment (with or without `#`). Empty → null. Throws UrlStateError on anything that does not fit. */
export function decodeUrlState(fragment: string): UrlState | null {
  const f = fragment.startsWith('#') ? fragment.slice(1) : fragment;
  if (f === '') return null;
  if (f.length > MAX_FRAGMENT) throw new UrlStateError('the link is too long to be a reclaimscope view');
  let p = parseParams(f);
  const vText = p.get('v');
  if (vText === undefined) throw new UrlStateError('the link has no version (v=): it is not a reclaimscope view');
  let version = int(vText, 'the version (v)', 1, 1_000_000);
  if (version > URL_VERSION)
    throw new UrlStateError(`the link was made by a newer reclaimscope (view version ${version}; this one reads up to ${URL_VERSION})`);
  while (version < URL_VERSION) {
    const up = UPGRADERS[version];
    if (!up) throw new UrlStateError(`view version ${version} cannot be upgraded`);
    p = up(p);
    version++;
  }
  const known = new Set(['v', 'vs', 'g', 'gn', 'b', 'r', 'bk', 'al', 'vo', 'm', 'rt', 'ts', 'f', 'sp', 'gc', 'pr', 's']);
  for (const k of p.keys()) if (!known.has(k)) throw new UrlStateError(`unknown field ${JSON.stringify(k.slice(0, 20))} in the link`);
  const s: UrlState = { ...DEFAULT_URL_STATE, metrics: [...DEFAULT_URL_STATE.metrics] };
  const vs = p.get('vs');
  if (vs !== undefined && vs !== '') {
    const items = vs.split(',');
    if (items.length > MAX_VARIANTS) throw new UrlStateError(`too many variants (${items.length}, at most ${MAX_VARIANTS})`);
    s.variants = items.map((item, i) => {
      const [name, hash, cpu, ...rest] = item.split('~');
      if (rest.length || hash === undefined) throw new UrlStateError(`variant ${i + 1} is not name~hash`);
      const n = dec(name, `the name of variant ${i + 1}`);
      if (n.length > MAX_NAME) throw new UrlStateError(`the name of variant ${i + 1} is too long`);
      if (!/^[0-9a-f]{8,64}$/.test(hash)) throw new UrlStateError(`the hash of variant ${i + 1} is not a content hash`);
      const v: UrlVariant = { name: n, hash };
      if (cpu !== undefined) v.cpu = num(cpu, `the CPU time of variant ${i + 1}`, 0, 1e9);
      return v;
    });
  }
  const g = p.get('g');
  const gn = p.get('gn');
  if ((g === undefined) !== (gn === undefined)) throw new UrlStateError('the variants of the runs (g) and their names (gn) come together');
  if (g !== undefined && gn !== undefined) {
    const names = gn.split(',').map((n, i) => {
      const t = dec(n, `the name of variant group ${i + 1}`);
      if (t.length > MAX_NAME) throw new UrlStateError(`the name of variant group ${i + 1} is too long`);
      return t;
    });
    const index = g.split('.');
    if (index.length !== s.variants.length) throw new UrlStateError(`the variants of the runs (g) list ${index.length} runs, not ${s.variants.length}`);
    index.forEach((x, i) => {
      s.variants[i].group = names[int(x, `the variant of run ${i + 1} (g)`, 0, names.length - 1)];
    });
  }
  const b = p.get('b');
  if (b !== undefined) s.baseline = int(b, 'the baseline (b)', 0, Math.max(0, s.variants.length - 1));
  const r = p.get('r');
  if (r !== undefined) {
    const [a, z, ...more] = r.split(',');
    if (z === undefined || more.length) throw new UrlStateError('the range (r) is not start,end');
    const lo = usToNs(int(a, 'the range start', -1e15, 1e15));
    const hi = usToNs(int(z, 'the range end', -1e15, 1e15));
    if (!(hi > lo)) throw new UrlStateError('the range (r) ends before it starts');
    s.range = [lo, hi];
  }
  const bk = p.get('bk');
  if (bk !== undefined) s.bucketNs = ns(int(bk, 'the bucket size (bk)', 0, 1e13));
  const al = p.get('al');
  if (al !== undefined) {
    if (al !== 'start' && al !== 'pressure' && al !== 'percent') throw new UrlStateError(`unknown alignment ${JSON.stringify(al.slice(0, 20))}`);
    s.align = al;
  }
  const vo = p.get('vo');
  if (vo !== undefined && vo !== '') {
    const offsets = s.variants.map(() => 0);
    for (const item of vo.split(',')) {
      const [i, ms, ...more] = item.split('~');
      if (ms === undefined || more.length) throw new UrlStateError('a variant offset (vo) is not variant~ms');
      const at = int(i, 'the variant of an offset (vo)', 0, Math.max(0, s.variants.length - 1));
      if (at >= s.variants.length) throw new UrlStateError('an offset (vo) names no variant');
      offsets[at] = num(ms, `the offset of variant ${at + 1} (vo)`, -1e12, 1e12);
    }
    s.offsets = offsets;
  }
  const m = p.get('m');
  if (m !== undefined) {
    const list = m === '' ? [] : m.split(',');
    for (const x of list) if (!(METRICS as readonly string[]).includes(x)) throw new UrlStateError(`unknown chart ${JSON.stringify(x.slice(0, 20))}`);
    s.metrics = METRICS.filter((x) => list.includes(x));
  }
  const rt = p.get('rt');
  if (rt !== undefined) {
    if (rt !== '1' && rt !== '0') throw new UrlStateError('rates (rt) must be 0 or 1');
    s.rates = rt === '1';
  }
  const ts = p.get('ts');
  if (ts !== undefined) {
    if (ts !== 'view' && ts !== 'whole') throw new UrlStateError('table scope (ts) must be view or whole');
    s.tableScope = ts;
  }
  const fl = p.get('f');
  if (fl !== undefined) {
    const text = dec(fl, 'the process filter (f)');
    if (text.length > 200) throw new UrlStateError('the process filter (f) is too long');
    s.processFilter = text;
  }
  const sp = p.get('sp');
  if (sp !== undefined) {
    const cut = sp.indexOf('~');
    if (cut < 0) throw new UrlStateError('the selected process (sp) is not variant~name');
    const variant = int(sp.slice(0, cut), 'the variant of the selected process (sp)', 0, Math.max(0, s.variants.length - 1));
    const name = dec(sp.slice(cut + 1), 'the name of the selected process (sp)');
    if (name.length === 0 || name.length > MAX_NAME) throw new UrlStateError('the name of the selected process (sp) is empty or too long');
    s.selected = { variant, name };
  }
  const gc = p.get('gc');
  if (gc !== undefined) {
    if (gc !== '1' && gc !== '0') throw new UrlStateError('group by command (gc) must be 0 or 1');
    s.groupByCommand = gc === '1';
  }
  const pr = p.get('pr');
  if (pr !== undefined) s.report = int(pr, 'the open parse report (pr)', 0, Math.max(0, s.variants.length - 1));
  const snap = p.get('s');
  if (snap !== undefined) {
    if (!/^[A-Za-z0-9_-]*$/.test(snap)) throw new UrlStateError('the snapshot (s) is not base64url');
    s.snapshot = snap;
  }
  return s;
}
