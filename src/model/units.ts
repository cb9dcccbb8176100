// Time units, converted in this one module. The event table keeps integer
// nanoseconds; reports speak milliseconds (as the kernel script's Summary does,
// once its seconds are multiplied out) and charts speak seconds from trace start.

export const NS_PER_MS = 1e6;
export const NS_PER_S = 1e9;

export function nsToMs(ns: number): number {
  return ns / NS_PER_MS;
}
export function nsToS(ns: number): number {
  return ns / NS_PER_S;
}
export function msToNs(ms: number): number {
  return Math.round(ms * NS_PER_MS);
}
export function sToNs(s: number): number {
  return Math.round(s * NS_PER_S);
}
/** Milliseconds rounded to the microsecond, the resolution of text traces. */
export function roundMs(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}
