// Everything below the comparison table: charts, stall periods, latency,
// process and kswapd tables. (Filled in by the dashboard work.)

export function Dashboard() {
  return null;
}
