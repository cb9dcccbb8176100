// Time units, as Perfetto UI's base/time.ts has them: a number branded with
// its unit, so that a range in ns cannot be handed where ms are meant, and the
// only conversions between units. The event table keeps integer nanoseconds;
// reports speak milliseconds (as the kernel script's Summary does, once its
// seconds are multiplied out); the charts' axis speaks seconds. Columns stay
// plain typed arrays: the brand is for values that cross module boundaries.

declare const unit: unique symbol;
/** Nanoseconds: timestamps, ranges, episodes and bucket widths. */
export type Ns = number & { readonly [unit]: 'ns' };
/** Milliseconds: stall and awake times in reports and summaries. */
export type Ms = number & { readonly [unit]: 'ms' };
/** Seconds: the charts' time axis. */
export type Sec = number & { readonly [unit]: 'sec' };

export const NS_PER_MS = 1e6;
const NS_PER_SEC = 1e9;

/** A number already in ns (a column value, a difference of two Ns, a validated field). */
export function ns(x: number): Ns {
  return x as Ns;
}

/** A number already in seconds (typed by the user, read off the charts' axis). */
export function sec(x: number): Sec {
  return x as Sec;
}

export function nsToMs(t: Ns): Ms {
  return (t / NS_PER_MS) as Ms;
}

export function nsToSec(t: Ns): Sec {
  return (t / NS_PER_SEC) as Sec;
}

export function secToNs(t: Sec): Ns {
  return (t * NS_PER_SEC) as Ns;
}

/** The URL keeps a range in whole microseconds (share/url-state.ts). */
export function nsToUs(t: Ns): number {
  return Math.round(t / 1000);
}

export function usToNs(us: number): Ns {
  return (us * 1000) as Ns;
}
