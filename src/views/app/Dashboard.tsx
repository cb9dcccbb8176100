// Everything of a loaded comparison below the cards: the share bar, the
// comparison table, the charts over time, the stall periods, direct-reclaim
// latency, the per-process and kswapd tables and the event list. The sections
// below the charts follow one scope (the visible range, or the whole trace),
// asked of the workers once here. The panels mount one per task, so that
// their first render (the table's model, Recharts) does not block the page in
// one long task, nor lengthen the task that turns the first card ready; a new
// scope or answer then reaches the stall list, latency and the tables one
// section per task too. Below the Summary, the panels (charts, stall list,
// latency, process tables, events) wait until no trace is loading: drawn
// beside a large trace's parse they made tasks of 100-400 ms, and they would
// be drawn again for the new trace anyway. "Draw them now" does not wait.

import { memo, useEffect, useMemo, useState } from 'react';
import { flushSync } from 'react-dom';
import { useSelection } from '../../state/selection.ts';
import { useVariants } from '../../state/variants.ts';
import { schedule, useStaggered } from '../stagger.ts';
import { Charts } from '../charts/Charts.tsx';
import { EventList } from '../events/EventList.tsx';
import { useRangeViews, useScope, type Scope } from '../explore/scope.ts';
import { Latency as LatencyPanel } from '../latency/Latency.tsx';
import { ProcessTables as ProcessPanel } from '../processes/ProcessTables.tsx';
import { ShareBar } from '../share/ShareBar.tsx';
import { StallPeriods as StallPanel } from '../stalls/StallPeriods.tsx';
import { SummaryTable } from '../summary/SummaryTable.tsx';
import '../explore/explore.css';

// Rendered again only when their own (staggered) lens changes.
const StallPeriods = memo(StallPanel);
const Latency = memo(LatencyPanel);
const ProcessTables = memo(ProcessPanel);

type Lens = { scope: Scope; views: ReturnType<typeof useRangeViews> };

/** Panels in mounting order: share bar, table, charts, stall list, latency, processes, events. */
const PANEL_COUNT = 7;
/** Panels mounted before the rest waits for every trace to load: the share bar and the table. */
const WAIT_AFTER = 2;

export function Dashboard() {
  // Mount the panels one per task (see stagger.ts); those below the Summary only once no trace is
  // loading (or the user asks), and then they stay, whatever is loaded later.
  const [mounted, setMounted] = useState(0);
  const loading = useVariants((s) => s.variants.filter((v) => v.status === 'parsing').length);
  const [drawNow, setDrawNow] = useState(false);
  const go = mounted < WAIT_AFTER || loading === 0 || drawNow;
  useEffect(() => {
    if (mounted < PANEL_COUNT && go) return schedule(() => flushSync(() => setMounted((m) => m + 1)));
  }, [mounted, go]);
  const scope = useScope();
  const groupBy = useSelection((s) => (s.groupByCommand ? 'comm' : 'task'));
  const views = useRangeViews(scope, groupBy);
  const lens = useMemo<Lens>(() => ({ scope, views }), [scope, views]);
  // Each section takes a new lens in a task of its own: the three together (Recharts' histogram,
  // long tables) made one main-thread task of 300-600 ms when the first answer came in.
  const stalls = useStaggered(lens);
  const latency = useStaggered(lens);
  const processes = useStaggered(lens);
  return (
    <>
      {mounted > 0 ? <ShareBar /> : null}
      {mounted > 1 ? <SummaryTable /> : null}
      {mounted > 2 ? (
        <Charts />
      ) : mounted === WAIT_AFTER && !go ? (
        <section className="panel" aria-labelledby="charts-wait-title" data-testid="charts-wait">
          <h2 id="charts-wait-title">Over time</h2>
          <p className="note">
            The charts, stall periods, latency and process tables are drawn when every trace has loaded ({loading === 1 ? 'one is' : `${loading} are`} still
            loading): drawn now they would be drawn again for the new trace, and their drawing would slow the page while it reads.{' '}
            <button type="button" onClick={() => setDrawNow(true)}>
              Draw them now
            </button>
          </p>
        </section>
      ) : (
        <p className="muted">Drawing charts…</p>
      )}
      {mounted > 3 && stalls ? <StallPeriods scope={stalls.scope} views={stalls.views} /> : null}
      {mounted > 4 && latency ? <Latency scope={latency.scope} views={latency.views} /> : null}
      {mounted > 5 && processes ? <ProcessTables scope={processes.scope} views={processes.views} /> : null}
      {mounted > 6 ? <EventList /> : null}
    </>
  );
}
