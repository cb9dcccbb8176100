// Axis ticks that say exactly what their gridline is: steps of 1, 2, 2.5 or
// 5 x 10^n, labels printed with as many decimals as the step needs (and a k,
// M or G prefix), so "22.5k" sits on 22,500 and never "23k". Count axes
// (processes, events) take whole-number steps only. Pure, no React.

/** The smallest step of 1, 2, 2.5 or 5 x 10^n at least `raw` (whole numbers only when `integer`). */
export function niceStep(raw: number, integer = false): number {
  if (!(raw > 0) || !Number.isFinite(raw)) return 1;
  const mag = 10 ** Math.floor(Math.log10(raw));
  for (const m of [1, 2, 2.5, 5, 10]) {
    const s = +(m * mag).toPrecision(12);
    if (integer && (s < 1 || !Number.isInteger(s))) continue;
    if (s >= raw * (1 - 1e-12)) return s;
  }
  return integer ? Math.max(1, 10 * mag) : 10 * mag;
}

/** Decimals that print every multiple of `step` (divided by `scale`) exactly. */
function decimalsFor(step: number, scale: number): number {
  const s = step / scale;
  for (let d = 0; d <= 12; d++) if (Math.abs(Math.round(s * 10 ** d) - s * 10 ** d) < 1e-6) return d;
  return 12;
}

export interface Ticks {
  values: number[];
  step: number;
  /** The label of a tick value: exact for every value in `values`. */
  format: (v: number) => string;
}

const PREFIXES: [number, string][] = [
  [1e9, 'G'],
  [1e6, 'M'],
  [1e3, 'k'],
];

function formatter(step: number, top: number, prefixes: boolean): (v: number) => string {
  const [scale, suffix] = (prefixes && PREFIXES.find(([p]) => top >= p)) || [1, ''];
  const d = decimalsFor(step, scale);
  return (v: number) => {
    if (Math.abs(v) < step * 1e-9) return '0';
    return `${(v / scale).toFixed(d)}${suffix}`;
  };
}

/**
 * Ticks for a value axis from 0 (or below, for negative data) to at least
 * `max`, about `count` of them. The axis domain should be [values[0], last].
 */
export function valueTicks(min: number, max: number, count: number, integer = false): Ticks {
  const lo = Math.min(0, min);
  let hi = Math.max(lo, max);
  if (hi - lo <= 0) hi = lo + (integer ? 1 : 1);
  const step = niceStep((hi - lo) / Math.max(1, count), integer);
  const first = Math.floor(lo / step + 1e-9) * step;
  const values: number[] = [];
  for (let i = 0; ; i++) {
    const t = +(first + i * step).toPrecision(12);
    values.push(t);
    if (t >= hi - step * 1e-9) break;
  }
  const top = Math.max(...values.map(Math.abs));
  return { values, step, format: formatter(step, top, true) };
}

/** Ticks inside [lo, hi] (a time axis, in seconds): no prefixes, decimals as the step needs. */
export function spanTicks(lo: number, hi: number, count: number): Ticks {
  const span = hi - lo;
  if (!(span > 0)) return { values: [lo], step: 1, format: (v) => String(v) };
  const step = niceStep(span / Math.max(1, count));
  const values: number[] = [];
  for (let i = Math.ceil(lo / step - 1e-9); ; i++) {
    const t = +(i * step).toPrecision(12);
    if (t > hi + step * 1e-9) break;
    values.push(t);
  }
  return { values, step, format: formatter(step, 0, false) };
}

/**
 * Ticks for a log axis over [lo, hi] (both > 0): powers of ten, with 2 and 5
 * between them when at most two decades are shown; each label exact (1, 2, 5,
 * 10, 20, 50, 100, 200, 500, 1k, ...). The axis domain is [values[0], last].
 */
export function logTicks(lo: number, hi: number): Ticks {
  if (!(hi > 0)) hi = 10;
  if (!(lo > 0) || lo > hi) lo = hi;
  const a = Math.floor(Math.log10(lo) + 1e-9);
  const b = Math.max(a + 1, Math.ceil(Math.log10(hi) - 1e-9));
  const steps = b - a <= 2 ? [1, 2, 5] : [1];
  const values: number[] = [];
  for (let e = a; e <= b; e++) for (const m of steps) if (e < b || m === 1) values.push(+(m * 10 ** e).toPrecision(12));
  const format = (v: number) => formatter(10 ** Math.floor(Math.log10(v) + 1e-9), v, true)(v);
  return { values, step: 10 ** a, format };
}
