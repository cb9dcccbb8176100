// Everything of a loaded comparison below the cards: the share bar, the
// comparison table, the charts over time, the stall periods, direct-reclaim
// latency, and the per-process and kswapd tables. The panels mount one per
// task, so that their first render (the table's model, Recharts) does not
// block the page in one long task, nor lengthen the task that turns the
// first card ready.

import { useEffect, useState } from 'react';
import { flushSync } from 'react-dom';
import { schedule } from '../stagger.ts';
import { Charts } from '../charts/Charts.tsx';
import { Latency } from '../latency/Latency.tsx';
import { ProcessTables } from '../processes/ProcessTables.tsx';
import { ShareBar } from '../share/ShareBar.tsx';
import { StallPeriods } from '../stalls/StallPeriods.tsx';
import { SummaryTable } from '../summary/SummaryTable.tsx';

const PANELS = [ShareBar, SummaryTable, Charts, StallPeriods, Latency, ProcessTables];

export function Dashboard() {
  // Mount the panels one per task (see stagger.ts).
  const [mounted, setMounted] = useState(0);
  useEffect(() => {
    if (mounted < PANELS.length) return schedule(() => flushSync(() => setMounted((m) => m + 1)));
  }, [mounted]);
  return (
    <>
      {PANELS.slice(0, mounted).map((Panel, i) => (
        // the list only grows, in a fixed order: the index is the panel's identity
        <Panel key={i} />
      ))}
      {mounted < 3 ? <p className="muted">Drawing charts…</p> : null}
    </>
  );
}
