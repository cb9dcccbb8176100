// What the numbers mean, where they differ from the kernel script, and
// which tracepoint feeds which number (model/tracepoints.ts).

import { ANALYSIS_TRACEPOINTS } from '../../model/tracepoints.ts';

export function Help() {
  return (
    <details className="help panel">
      <summary>Help: what the numbers mean, and where they differ from the kernel script</summary>
      <p>
        The comparison table has the rows of the Summary printed by the kernel&apos;s{' '}
        <code>Documentation/trace/postprocess/trace-vmscan-postprocess.pl</code>, with the same meaning: direct-reclaim rows sum over
        processes that entered direct reclaim at least once, kswapd rows over kswapd instances; pages scanned count{' '}
        <code>mm_vmscan_lru_isolate</code> on inactive lists; stall time is the time from <code>mm_vmscan_direct_reclaim_begin</code> to
        its end, kswapd awake time from <code>mm_vmscan_kswapd_wake</code> to <code>mm_vmscan_kswapd_sleep</code>.
      </p>
      <p>Four things the script gets wrong, and we do not:</p>
      <ol>
        <li>
          <code>mm_vmscan_write_folio</code> (the name of <code>mm_vmscan_writepage</code> since Linux 5.18) is reclaim writeback; the script
          does not know the name and reports 0 writeback on current kernels.
        </li>
        <li>A direct-reclaim end with no begin before it is skipped on its own; the script hides every later stall of that process.</li>
        <li>
          A kswapd sleep with no wake before it (kswapd was awake when the trace started) counts from the trace&apos;s first timestamp; the
          script counts from time zero, adding the machine&apos;s uptime.
        </li>
        <li>A begin is consumed by its end: a second end never reuses an old begin.</li>
      </ol>
      <p>Intervals still open when the trace ends are listed in each trace&apos;s parse report and kept out of the totals.</p>
      <h3 id="help-selection">The selection filters everything</h3>
      <p>
        Once you zoom, the Summary and its Time block, latency, the stall list and the process and kswapd tables show the visible range; untick
        “only the visible range” (above the Summary) for whole-trace figures. Each section says which it shows. The rules:
      </p>
      <ul>
        <li>
          an episode (a direct reclaim, a kswapd awake interval) belongs to a range when it overlaps it: it begins before the range ends and ends
          at or after the range starts. Latency percentiles use whole episodes; time totals (stall ms, awake ms, the Time block) count only
          the part of each episode inside the range;
        </li>
        <li>events (reclaims begun, pages scanned, reclaimed and written, wakeups) count by their timestamps: those in [from, to);</li>
        <li>a process row is listed when it began a direct reclaim in the range or has an episode overlapping it.</li>
      </ul>
      <p>
        Click a process or kswapd row to draw it (dotted) against the whole in the charts, in every variant that has it when grouped by
        command; the link keeps it. Click an episode bar, a stall period or a row to list its events below the charts, with a one-line account
        (pages scanned, reclaimed, written, why the reclaim ended: it reached its target of 32 pages, SWAP_CLUSTER_MAX, or ran out of priority).
        The list holds every stored vmscan and compaction event with the fields reclaimscope keeps for it.
      </p>
      <h3>What each tracepoint feeds</h3>
      <p>
        A trace without one of these still loads; the numbers it feeds are then empty or zero. <code>reclaimscope record</code> enables all of
        them (where the kernel has them) and names any it could not.
      </p>
      <table className="grid tracepoints" data-testid="tracepoint-table">
        <thead>
          <tr>
            <th scope="col">Tracepoint</th>
            <th scope="col">Feeds</th>
          </tr>
        </thead>
        <tbody>
          {ANALYSIS_TRACEPOINTS.map((t) => (
            <tr key={t.name}>
              <td>
                <code>{t.name}</code>
                {t.alias ? (
                  <>
                    {' '}
                    (before 5.18: <code>{t.alias}</code>)
                  </>
                ) : null}
              </td>
              <td className="feeds">{t.numbers === false ? `No number yet (stored for event details): ${t.feeds}` : t.feeds}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p>
        A trace made by <code>reclaimscope record</code> starts and ends with <code># reclaimscope-record</code> lines: the kernel release,
        its command line, CPUs and memory, the <code>vm.*</code> sysctls that shape reclaim, the events and buffer size, the command, its
        cgroup memory limit, user and system CPU time and exit status, and the events lost per CPU. The card shows them, the CPU time fills
        the &ldquo;of User+Sys&rdquo; rows (edit it to override), and the copied text table names them above the numbers.
      </p>
    </details>
  );
}
