// One card per variant, listing its runs (one trace each): the variant's
// editable name, controls to make it the baseline, reorder or remove it, and
// per run its file, size, events, parse report, progress with a cancel button
// while it parses, and its error in plain words if it failed. A run moves to
// another variant by dragging it onto that card or with its "Move to" menu,
// which can also split it out into a variant of its own.

import { cancelVariant, removeVariant } from '../../state/actions.ts';
import { useUi } from '../../state/ui.ts';
import { useVariants, type Variant } from '../../state/variants.ts';
import { variantsOf } from '../../state/runs.ts';
import { formatBytes, colorOfVariant } from '../format.ts';
import { totalSkipped } from '../../model/parse-report.ts';
import { numbersWarnings } from '../../analysis/warnings.ts';
import { isSnapshot } from '../../worker/client.ts';
import { describeRecorded, type Recorded } from '../../model/recorded.ts';

const RUN_TYPE = 'application/x-reclaimscope-run';

type Group = { id: string; name: string; runs: Variant[] };

export function VariantCards() {
  const variants = useVariants((s) => s.variants);
  const groups = useVariants((s) => s.groups);
  if (variants.length === 0) return null;
  const cards = variantsOf(groups, variants);
  return (
    <section className="cards" aria-label="Loaded traces">
      {cards.map((g, i) => (
        <VariantCard key={g.id} g={g} all={cards} index={i} colour={colorOfVariant(g.runs[0])} />
      ))}
    </section>
  );
}

function groupStatus(runs: Variant[]): Variant['status'] {
  if (runs.some((r) => r.status === 'parsing')) return 'parsing';
  if (runs.every((r) => r.status === 'ready')) return 'ready';
  if (runs.some((r) => r.status === 'error')) return 'error';
  return runs.some((r) => r.status === 'ready') ? 'ready' : 'cancelled';
}

function VariantCard({ g, all, index, colour }: { g: Group; all: Group[]; index: number; colour: string }) {
  const { renameGroup, move, setBaseline, moveRun } = useVariants.getState();
  const baselineId = useVariants((s) => s.baselineId);
  const baseGroup = useVariants((s) => s.variants.find((v) => v.id === s.baselineId)?.groupId);
  const first = g.runs[0];
  const firstReady = g.runs.find((r) => r.status === 'ready');
  const status = groupStatus(g.runs);
  return (
    <article
      className={`card ${status}`}
      data-testid="variant-card"
      data-variant={first.id}
      data-group={g.id}
      data-status={status}
      data-runs={g.runs.length}
      style={{ borderLeftColor: colour }}
      onDragOver={(e) => {
        if (e.dataTransfer.types.includes(RUN_TYPE)) {
          e.preventDefault();
          e.dataTransfer.dropEffect = 'move';
        }
      }}
      onDrop={(e) => {
        const id = e.dataTransfer.getData(RUN_TYPE);
        if (!id) return;
        e.preventDefault();
        e.stopPropagation();
        moveRun(id, g.id);
      }}
    >
      <div className="card-head">
        <input className="variant-name" aria-label={`Name of variant ${index + 1}`} value={g.name} onChange={(e) => renameGroup(g.id, e.target.value)} />
        <div className="card-buttons">
          <button type="button" aria-label={`Move ${g.name} left`} disabled={index === 0} onClick={() => move(first.id, -1)}>
            ◀
          </button>
          <button type="button" aria-label={`Move ${g.name} right`} disabled={index === all.length - 1} onClick={() => move(first.id, 1)}>
            ▶
          </button>
          <button type="button" aria-label={`Remove ${g.name}`} onClick={() => g.runs.forEach((r) => removeVariant(r.id))}>
            ✕
          </button>
        </div>
      </div>
      {g.runs.length > 1 ? <div className="card-runs-count">{g.runs.length} runs</div> : null}
      <ul className="runs">
        {g.runs.map((r, k) => (
          <RunItem key={r.id} v={r} group={g} all={all} label={g.runs.length > 1 ? `run ${k + 1}` : null} />
        ))}
      </ul>
      <div className="card-foot">
        <label className="baseline">
          <input
            type="radio"
            name="baseline"
            checked={baseGroup === g.id || baselineId === first.id}
            onChange={() => firstReady && setBaseline(firstReady.id)}
            disabled={!firstReady}
          />
          baseline
        </label>
      </div>
    </article>
  );
}

function RunItem({ v, group, all, label }: { v: Variant; group: Group; all: Group[]; label: string | null }) {
  const openReport = useUi((s) => s.openParseReport);
  const moveRun = useVariants((s) => s.moveRun);
  const pct = v.size > 0 ? Math.min(100, (v.bytesRead / v.size) * 100) : 100;
  // the worker's own time on this load: its start-up, waiting for a free worker or for a busy page are not parsing
  const elapsed = v.workMs / 1000;
  const mbps = elapsed > 0 ? v.bytesRead / 1e6 / elapsed : 0;
  const report = v.info?.report;
  const skipped = report ? totalSkipped(report.parseReport) : 0;
  const lost = report?.parseReport.lost.total ?? 0;
  const warnings = report ? numbersWarnings(report.parseReport, report.extra.anomalies) : [];
  const others = all.filter((x) => x.id !== group.id);
  const canMove = others.length > 0 || group.runs.length > 1;
  return (
    <li
      className="run"
      data-testid="run"
      data-run={v.id}
      data-status={v.status}
      draggable={canMove}
      onDragStart={(e) => {
        e.dataTransfer.setData(RUN_TYPE, v.id);
        e.dataTransfer.effectAllowed = 'move';
      }}
    >
      <div className="card-file" title={v.fileName}>
        {label ? <strong>{label}: </strong> : null}
        {v.fileName}
      </div>
      <div className="card-file card-size" data-testid="run-size">
        {formatBytes(v.size)}
        {report && report.compression !== 'none' ? ` ${report.compression}, ${formatBytes(report.parseReport.decodedBytes)} uncompressed` : ''}
        {report ? ` · ${report.capture ?? report.format}` : ''}
      </div>
      {v.status === 'parsing' ? (
        <div className="progress-row">
          <progress max={100} value={pct} aria-label={`Parsing ${v.name}`} />
          <span className="progress-text" data-testid="progress-text" data-stage={v.stage}>
            {v.stage === 'queued' ? 'queued' : v.stage === 'analysing' ? 'analysing…' : `reading ${pct.toFixed(0)}% · ${mbps.toFixed(1)} MB/s`}
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
      {v.status === 'ready' && v.duplicateOf ? <DuplicateNotice v={v} /> : null}
      {v.status === 'ready' && report?.recorded ? <RecordedFacts r={report.recorded} /> : null}
      <div className="run-foot">
        {report ? (
          <button type="button" className="link" onClick={() => openReport(v.id)}>
            Parse report{skipped > 0 ? ` (${skipped.toLocaleString('en-US')} lines skipped)` : ''}
          </button>
        ) : null}
        {canMove ? (
          <select
            className="move-run"
            aria-label={`Move ${v.name} to`}
            value=""
            onChange={(e) => {
              const to = e.target.value;
              if (to) moveRun(v.id, to === '*new' ? null : to);
            }}
          >
            <option value="">Move to…</option>
            {others.map((o) => (
              <option key={o.id} value={o.id}>
                {o.name}
              </option>
            ))}
            {group.runs.length > 1 ? <option value="*new">a variant of its own</option> : null}
          </select>
        ) : null}
        {group.runs.length > 1 ? (
          <button type="button" className="small" aria-label={`Remove ${v.name}`} onClick={() => removeVariant(v.id)}>
            ✕
          </button>
        ) : null}
      </div>
    </li>
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

/** A run whose file has the same content as an earlier one: say so, and offer to skip it. */
function DuplicateNotice({ v }: { v: Variant }) {
  const update = useVariants((s) => s.update);
  return (
    <p className="warn duplicate" role="status" data-testid="duplicate">
      Same content as {v.duplicateOf}: the same numbers again.{' '}
      <button type="button" className="link" onClick={() => removeVariant(v.id)}>
        Skip it
      </button>{' '}
      <button type="button" className="link" onClick={() => update(v.id, { duplicateOf: null })}>
        Keep both
      </button>
    </p>
  );
}
