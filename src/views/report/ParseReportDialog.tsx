// The parse report of one trace: lines read, events by name, every skipped
// line counted by reason with examples and their line numbers, lost events per
// CPU, the fixes applied and anything unusual. Process names are shown as text.

import { useEffect, useRef } from 'react';
import { numbersWarnings } from '../../analysis/warnings.ts';
import { useUi } from '../../state/ui.ts';
import { useVariants } from '../../state/variants.ts';

export function ParseReportDialog() {
  const id = useUi((s) => s.parseReportFor);
  const close = useUi((s) => s.openParseReport);
  const v = useVariants((s) => s.variants.find((x) => x.id === id));
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (id && v?.info && !d.open) d.showModal();
    if (!id && d.open) d.close();
  }, [id, v]);
  const r = v?.info?.report;
  return (
    <dialog ref={ref} className="dialog" aria-labelledby="pr-title" onClose={() => close(null)} data-testid="parse-report">
      {r ? (
        <>
          <div className="dialog-head">
            <h2 id="pr-title">Parse report: {v!.name}</h2>
            <button type="button" onClick={() => close(null)} aria-label="Close parse report">
              ✕
            </button>
          </div>
          {numbersWarnings(r.parseReport, r.extra.anomalies).map((w) => (
            <p key={w} className="warn" role="alert" data-testid="numbers-warning-text">
              The numbers may be wrong: {w}.
            </p>
          ))}
          <dl className="facts">
            <dt>File</dt>
            <dd>{r.file}</dd>
            <dt>Format</dt>
            <dd>
              {r.capture ?? r.format} {r.compression !== 'none' ? `(${r.compression})` : ''}
            </dd>
            {/* a trace.dat holds binary records, not lines: "Lines read 0" would be false */}
            {r.parseReport.format === 'trace-cmd-dat' ? null : (
              <>
                <dt>Lines read</dt>
                <dd>{r.parseReport.lines.toLocaleString('en-US')}</dd>
              </>
            )}
            <dt>Events</dt>
            <dd>
              {r.parseReport.events.toLocaleString('en-US')} ({r.parseReport.storedEvents.toLocaleString('en-US')} reclaim and compaction events analysed)
            </dd>
            <dt>Lost events</dt>
            <dd>
              {r.parseReport.lost.total === 0 && r.parseReport.lost.markers === 0
                ? 'none'
                : `${r.parseReport.lost.total} in ${r.parseReport.lost.markers} markers; by CPU: ${Object.entries(r.parseReport.lost.byCpu)
                    .map(([c, n]) => `CPU ${c}: ${n}`)
                    .join(', ')}. Numbers around them are incomplete.`}
            </dd>
            <dt>Open at end</dt>
            <dd>{r.extra.openAtEnd === 0 ? 'none' : r.extra.openAtEndDetail.map((o) => `${o.type} ${o.process} (${o.openMs.toFixed(2)} ms open)`).join('; ')}</dd>
          </dl>
          <h3>Skipped lines</h3>
          {Object.keys(r.parseReport.skipped).length === 0 ? (
            <p>None: every line was used.</p>
          ) : (
            <table className="report-table">
              <thead>
                <tr>
                  <th scope="col">Reason</th>
                  <th scope="col">Lines</th>
                  <th scope="col">Examples (line: text)</th>
                </tr>
              </thead>
              <tbody>
                {Object.entries(r.parseReport.skipped).map(([reason, s]) => (
                  <tr key={reason} data-reason={reason}>
                    <td>{reason}</td>
                    <td className="num">{s!.count}</td>
                    <td>
                      {s!.examples.map((ex) => (
                        <div key={ex.line} className="example">
                          <span className="lineno">{ex.line}:</span> <code>{ex.text}</code>
                        </div>
                      ))}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <h3>Events by name</h3>
          <table className="report-table">
            <tbody>
              {Object.entries(r.parseReport.eventsByName)
                .sort((a, b) => b[1] - a[1])
                .map(([name, n]) => (
                  <tr key={name}>
                    <td>
                      <code>{name}</code>
                    </td>
                    <td className="num">{n}</td>
                  </tr>
                ))}
            </tbody>
          </table>
          <h3>Where our numbers differ from the kernel script</h3>
          <ul>
            <li>write_folio events counted as reclaim writeback: {r.extra.fixes.writeFolioEvents}</li>
            <li>direct-reclaim ends without a begin, skipped: {r.extra.fixes.directEndWithoutBegin}</li>
            <li>kswapd awake when the trace started (counted from the first timestamp): {r.extra.fixes.kswapdAwakeAtStart}</li>
            <li>ends after an end (not paired with the old begin): {r.extra.fixes.directEndAfterEnd}</li>
          </ul>
          {r.parseReport.reordered ? (
            <p data-testid="reordered">
              {r.parseReport.reordered.toLocaleString('en-US')} events were printed out of time order across CPUs (trace_pipe merges the per-CPU buffers as
              it reads them; each CPU&apos;s own events run forward): they were put back in time order before begins were paired with ends.
            </p>
          ) : null}
          {r.parseReport.warnings.length ? (
            <>
              <h3>Warnings</h3>
              <ul>
                {r.parseReport.warnings.map((w) => (
                  <li key={w}>{w}</li>
                ))}
              </ul>
            </>
          ) : null}
        </>
      ) : null}
    </dialog>
  );
}
