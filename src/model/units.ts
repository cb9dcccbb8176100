// Time units, converted in this one module. The event table keeps integer
// nanoseconds; reports speak milliseconds (as the kernel script's Summary does,
// once its seconds are multiplied out) and charts speak seconds from trace start.

export const NS_PER_MS = 1e6;

export function nsToMs(ns: number): number {
  return ns / NS_PER_MS;
}
