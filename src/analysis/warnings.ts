// Warnings about the numbers themselves: disorder in the file that changes
// what pairs with what (time running backwards within a CPU, a begin replaced
// before its end, episodes that end before they begin, layouts mixed in one
// file). The command line prints them on stderr and atop the text report, the
// app as a badge on the trace's card and a note in the copied table. Empty
// when the numbers are as good as the file; no real trace in fixtures/ has any.

import type { ParseReport } from '../model/parse-report.ts';
import type { Anomalies } from './analyze.ts';

const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

export function numbersWarnings(pr: Pick<ParseReport, 'backwardSteps' | 'cpuBackwardSteps' | 'mixedFormatLines'>, anomalies: Anomalies): string[] {
  const out: string[] = [];
  const cpuBack = pr.cpuBackwardSteps ?? 0;
  if (cpuBack > 0)
    out.push(
      `time runs backwards ${plural(pr.backwardSteps, 'time')}, ${cpuBack} of them between events of one CPU, an order no capture prints (a reversed, shuffled or concatenated file?): begins were paired with ends as printed, so stall and awake times may be wrong`,
    );
  if (anomalies.directBeginReplaced > 0)
    out.push(
      `${plural(anomalies.directBeginReplaced, 'direct-reclaim begin was', 'direct-reclaim begins were')} followed by another begin of the same task before any end (lines duplicated or lost?): direct reclaims and stall times may be wrong`,
    );
  if (anomalies.negativeDurations > 0)
    out.push(`${plural(anomalies.negativeDurations, 'episode ends', 'episodes end')} before it begins; counted as 0 ms`);
  if (anomalies.kswapdSleepWithoutWake > 0)
    out.push(`kswapd went to sleep ${plural(anomalies.kswapdSleepWithoutWake, 'time')} while asleep (lines lost or out of order?): kswapd awake time may be wrong`);
  const mixed = pr.mixedFormatLines ?? 0;
  if (mixed > 0) out.push(`${plural(mixed, 'event line is', 'event lines are')} in another layout than the first (ftrace and perf script text mixed in one file?)`);
  return out;
}
