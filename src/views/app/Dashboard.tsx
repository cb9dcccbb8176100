// Everything below the comparison table: the charts over time, the stall
// periods, direct-reclaim latency, and the per-process and kswapd tables.

import { Charts } from '../charts/Charts.tsx';
import { Latency } from '../latency/Latency.tsx';
import { ProcessTables } from '../processes/ProcessTables.tsx';
import { StallPeriods } from '../stalls/StallPeriods.tsx';

export function Dashboard() {
  return (
    <>
      <Charts />
      <StallPeriods />
      <Latency />
      <ProcessTables />
    </>
  );
}
