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
        The list holds every stored vmscan and compaction event with every field it printed (lru_shrink_inactive&apos;s nr_writeback,
        nr_congested, nr_immediate, nr_activate, nr_ref_keep, nr_unmap_fail too); the field sorted or filtered on comes first in its row, and a
        click on a row shows all of them.
      </p>
      <h3 id="help-time">Time zero, offsets and % of each run</h3>
      <p>Every variant is drawn on one time axis; &ldquo;time zero at&rdquo; (in the range bar) says where each variant&apos;s zero is:</p>
      <ul>
        <li>each trace&apos;s first event (the default);</li>
        <li>its first direct reclaim or kswapd wake, where reclaim pressure starts;</li>
        <li>
          time as % of each run: each trace&apos;s span from its first to its last event becomes 0&ndash;100%, whatever its length, so the
          beginnings, middles and ends of runs of different lengths line up. Rates stay per second of each run&apos;s own time.
        </li>
      </ul>
      <p>
        &ldquo;shift&rdquo; (in the range bar) moves one variant by a typed number of milliseconds: +500 draws it half a second later, from
        the zero its mode gives; offsets apply to the two time modes, not to % of each run. &ldquo;Align here&rdquo; in the stall list sets
        that variant&apos;s offset so that the chosen period (or episode) starts at 0 and zooms to it: align one period in each variant to put
        them at the same time. The charts, the range bar, the episode and CPU lanes, the stall list&apos;s and the event list&apos;s times and
        zoom all follow, and the link, the share link and the comparison file keep the mode and the offsets.
      </p>
      <p>
        With several runs per variant, the range sections (latency, stall list, process and kswapd tables, event list) are per run: each run
        is a row or a list of its own, named like its card (“base #2”), because a process and an episode belong to one run. The rank test of
        a variant with several runs pools the episodes of its runs. A selected process is drawn in each run that has it, also when the
        charts show the mean of runs.
      </p>
      <h3 id="help-runs">Several runs per variant, and what the * means</h3>
      <p>
        A variant can hold several runs of the same benchmark: traces whose names differ only in a trailing run number (
        <code>base-1.txt</code>, <code>base-2.txt</code>, <code>base-run3.txt.gz</code>) are grouped when dropped, and a run can be dragged
        onto another variant&apos;s card or moved with its <em>Move to</em> menu (which also splits it out). Each cell of the table is
        then the mean over the variant&apos;s runs; rates per second divide each run by its own traced time before averaging. The spread
        menu shows the sample standard deviation, the smallest and largest run, or the 95% confidence interval of the mean.
      </p>
      <p>
        A change against the baseline gets a <strong>*</strong> (and a colour) when Welch&apos;s t-test on the run values, two-sided at
        the 5% level, says it is unlikely to be run-to-run noise; mmtests marks its comparisons the same way. The test assumes that the
        runs of a variant are independent of each other (no run warms the cache for the next), that their values scatter roughly
        normally around the variant&apos;s true mean, and it does not assume the two variants scatter equally. With three runs it can
        only catch large, steady differences; rows that are counts of rare events (a few direct reclaims) are far from normal, so read
        their marks with care. Run alternately (base, patched, base, …) so that drift of the machine does not look like a difference.
      </p>
      <p>
        No mark means &quot;can&apos;t tell&quot;: the difference may be real, but these runs cannot tell it from noise. It does not
        mean the variants are equal; more runs can show a difference that fewer cannot. A variant with one run has no measured noise, so
        nothing against it is tested: the table says so and colours only changes of 5% or more, as before. Where all runs of both
        variants are equal, the test is undefined and no mark is given. Latency percentiles pool the episodes of all runs, and the rank
        test (Mann-Whitney) compares those pools.
      </p>
      <p>
        The same table comes from the command line: <code>npx reclaimscope compare base=b1.txt,b2.txt,b3.txt new=n1.txt,n2.txt,n3.txt</code>{' '}
        (or the files alone, grouped by name), with <code>--json</code>, <code>--format markdown|csv</code> and{' '}
        <code>--fail-if &apos;directStallMs&gt;+10%&apos;</code> for a CI gate (exit 3 when stall grew by more than 10% and the change is
        significant). Changes are signed as the table prints them: + = more, - = less.
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
