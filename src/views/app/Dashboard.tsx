// Everything below the comparison table: the charts over time, the stall
// periods, direct-reclaim latency, the per-process and kswapd tables and the
// event list. The sections below the charts follow one scope (the visible
// range, or the whole trace), asked of the workers once here.
// The panels mount one per task, so that their first render (Recharts is not
// cheap) does not block the page in one long task.

import { useEffect, useState } from 'react';
import { flushSync } from 'react-dom';
import { useSelection } from '../../state/selection.ts';
import { schedule } from '../stagger.ts';
import { Charts } from '../charts/Charts.tsx';
import { EventList } from '../events/EventList.tsx';
import { useRangeViews, useScope } from '../explore/scope.ts';
import { Latency } from '../latency/Latency.tsx';
import { ProcessTables } from '../processes/ProcessTables.tsx';
import { StallPeriods } from '../stalls/StallPeriods.tsx';
import '../explore/explore.css';

export function Dashboard() {
  // Mount the panels one per task (see stagger.ts).
  const [mounted, setMounted] = useState(0);
  useEffect(() => {
    if (mounted < 5) return schedule(() => flushSync(() => setMounted((m) => m + 1)));
  }, [mounted]);
  const scope = useScope();
  const groupBy = useSelection((s) => (s.groupByCommand ? 'comm' : 'task'));
  const views = useRangeViews(scope, groupBy);
  return (
    <>
      {mounted > 0 ? <Charts /> : <p className="muted">Drawing charts…</p>}
      {mounted > 1 ? <StallPeriods scope={scope} views={views} /> : null}
      {mounted > 2 ? <Latency scope={scope} views={views} /> : null}
      {mounted > 3 ? <ProcessTables scope={scope} views={views} /> : null}
      {mounted > 4 ? <EventList /> : null}
    </>
  );
}
