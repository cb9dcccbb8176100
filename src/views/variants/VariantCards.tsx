// One card per dropped trace: editable name, progress with percent and MB/s
// and a cancel button while it parses, its error in plain words if it failed,
// and controls to make it the baseline, reorder, remove, or see its parse report.

import { cancelVariant, removeVariant } from '../../state/actions.ts';
import { useUi } from '../../state/ui.ts';
import { useVariants, type Variant } from '../../state/variants.ts';
import { formatBytes, colorOfVariant } from '../format.ts';
import { totalSkipped } from '../../model/parse-report.ts';
import { numbersWarnings } from '../../analysis/warnings.ts';
import { isSnapshot } from '../../worker/client.ts';
import { describeRecorded, type Recorded } from '../../model/recorded.ts';

export function VariantCards() {
  const variants = useVariants((s) => s.variants);
  if (variants.length === 0) return null;
  return (
    <section className="cards" aria-label="Loaded traces">
      {variants.map((v, i) => (
        <VariantCard key={v.id} v={v} index={i} count={variants.length} />
      ))}
    </section>
  );
}

function VariantCard({ v, index, count }: { v: Variant; index: number; count: number }) {
  const { rename, move, setBaseline } = useVariants.getState();
  const baselineId = useVariants((s) => s.baselineId);
  const openReport = useUi((s) => s.openParseReport);
  const pct = v.size > 0 ? Math.min(100, (v.bytesRead / v.size) * 100) : 100;
  const elapsed = ((v.finishedAt ?? v.progressAt) - v.startedAt) / 1000;
  const mbps = elapsed > 0 ? v.bytesRead / 1e6 / elapsed : 0;
  const report = v.info?.report;
  const skipped = report ? totalSkipped(report.parseReport) : 0;
  const lost = report?.parseReport.lost.total ?? 0;
  const warnings = report ? numbersWarnings(report.parseReport, report.extra.anomalies) : [];
  return (
    <article className={`card ${v.status}`} data-testid="variant-card" data-variant={v.id} data-status={v.status} style={{ borderLeftColor: colorOfVariant(v) }}>
      <div className="card-head">
        <input
          className="variant-name"
          aria-label={`Name of variant ${index + 1}`}
          value={v.name}
          onChange={(e) => rename(v.id, e.target.value)}
        />
        <div className="card-buttons">
          <button type="button" aria-label={`Move ${v.name} left`} disabled={index === 0} onClick={() => move(v.id, -1)}>
            ◀
          </button>
          <button type="button" aria-label={`Move ${v.name} right`} disabled={index === count - 1} onClick={() => move(v.id, 1)}>
            ▶
          </button>
          <button type="button" aria-label={`Remove ${v.name}`} onClick={() => removeVariant(v.id)}>
            ✕
          </button>
        </div>
      </div>
      <div className="card-file" title={v.fileName}>
        {v.fileName} · {formatBytes(v.size)}
        {report ? ` · ${report.capture ?? report.format}${report.compression !== 'none' ? ` (${report.compression})` : ''}` : ''}
      </div>
      {v.status === 'parsing' ? (
        <div className="progress-row">
          <progress max={100} value={pct} aria-label={`Parsing ${v.name}`} />
          <span className="progress-text" data-testid="progress-text">
            {pct.toFixed(0)}% · {mbps.toFixed(1)} MB/s
          </span>
          <button type="button" onClick={() => cancelVariant(v.id)}>
            Cancel
          </button>
        </div>
      ) : null}
      {v.status === 'error' || v.status === 'cancelled' ? (
        <p className="card-error" role="alert" data-testid="variant-error">
          {v.status === 'cancelled' ? 'Cancelled.' : `${v.fileName}: ${v.error?.message}`}
        </p>
      ) : null}
      {v.status === 'ready' && report ? (
        <div className="card-meta">
          <span>{report.events.toLocaleString('en-US')} events</span>
          <span>{((v.info!.endNs - v.info!.startNs) / 1e9).toFixed(1)} s traced</span>
          {lost > 0 ? <span className="warn">{lost.toLocaleString('en-US')} events lost</span> : null}
          {report.extra.openAtEnd > 0 ? <span className="warn">{report.extra.openAtEnd} open at end</span> : null}
          {warnings.length > 0 ? (
            <button type="button" className="link warn" data-testid="numbers-warning" title={warnings.join('\n')} onClick={() => openReport(v.id)}>
              ⚠ {warnings.length === 1 ? 'a warning' : `${warnings.length} warnings`} about the numbers
            </button>
          ) : null}
          {isSnapshot(v.id) ? (
            <span>from a shared snapshot</span>
          ) : (
            <span title="text bytes parsed per second, after decompression">{(report.parseReport.decodedBytes / 1e6 / Math.max(elapsed, 1e-3)).toFixed(1)} MB/s parsed</span>
          )}
        </div>
      ) : null}
      {v.status === 'ready' && report?.recorded ? <RecordedFacts r={report.recorded} /> : null}
      <div className="card-foot">
        <label className="baseline">
          <input type="radio" name="baseline" checked={baselineId === v.id} onChange={() => setBaseline(v.id)} disabled={v.status !== 'ready'} />
          baseline
        </label>
        {report ? (
          <button type="button" className="link" onClick={() => openReport(v.id)}>
            Parse report{skipped > 0 ? ` (${skipped.toLocaleString('en-US')} lines skipped)` : ''}
          </button>
        ) : null}
      </div>
    </article>
  );
}

/** The settings and outcome `reclaimscope record` wrote into the trace. */
function RecordedFacts({ r }: { r: Recorded }) {
  return (
    <dl className="card-recorded" data-testid="recorded" aria-label="Recorded with reclaimscope record">
      {describeRecorded(r).map(([k, v]) => (
        <div key={k} className={k === 'lost events' && v !== '0' ? 'warn' : undefined}>
          <dt>{k}</dt>
          <dd title={v}>{v}</dd>
        </div>
      ))}
    </dl>
  );
}
