// Everything below the comparison table: the charts over time, the stall
// periods, direct-reclaim latency, and the per-process and kswapd tables.
// The panels mount one per task, so that their first render (Recharts is not
// cheap) does not block the page in one long task.

import { useEffect, useState } from 'react';
import { flushSync } from 'react-dom';
import { schedule } from '../stagger.ts';
import { Charts } from '../charts/Charts.tsx';
import { Latency } from '../latency/Latency.tsx';
import { ProcessTables } from '../processes/ProcessTables.tsx';
import { StallPeriods } from '../stalls/StallPeriods.tsx';

export function Dashboard() {
  // Mount the panels one per task (see stagger.ts).
  const [mounted, setMounted] = useState(0);
  useEffect(() => {
    if (mounted < 4) return schedule(() => flushSync(() => setMounted((m) => m + 1)));
  }, [mounted]);
  return (
    <>
      {mounted > 0 ? <Charts /> : <p className="muted">Drawing charts…</p>}
      {mounted > 1 ? <StallPeriods /> : null}
      {mounted > 2 ? <Latency /> : null}
      {mounted > 3 ? <ProcessTables /> : null}
    </>
  );
}
