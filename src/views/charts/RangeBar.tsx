// The visible range as numbers (editable), zoom out, back, reset, the bucket
// size, the time alignment (each trace's first event, first reclaim, or % of
// each run) and each variant's typed time offset. Applies to every chart and,
// when asked, the table.

import { useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { axisUnit, type Alignment } from '../../analysis/timeline.ts';
import { useReadyVariants } from '../../state/variants.ts';
import { useView, type Range } from '../../state/view.ts';
import { ns, nsToSec, sec, secToNs, type Ns } from '../../model/units.ts';
import { bucketText, colorOfVariant, formatDuration, formatSeconds } from '../format.ts';

export const BUCKET_CHOICES: { label: string; ns: number }[] = [
  { label: 'auto', ns: 0 },
  { label: '100 µs', ns: 1e5 },
  { label: '1 ms', ns: 1e6 },
  { label: '10 ms', ns: 1e7 },
  { label: '100 ms', ns: 1e8 },
  { label: '1 s', ns: 1e9 },
  { label: '10 s', ns: 1e10 },
];

export function RangeBar({ visible, full, bucketNs, limited }: { visible: Range; full: Range; bucketNs: number; limited: boolean }) {
  const { range, history, zoomTo, back, reset, chosenNs, set, align } = useView(
    useShallow((s) => ({ range: s.range, history: s.history, zoomTo: s.zoomTo, back: s.back, reset: s.reset, chosenNs: s.bucketNs, set: s.set, align: s.align })),
  );
  const unit = axisUnit(align);
  const span = visible[1] - visible[0];
  const zoomOut = () => {
    const mid = (visible[0] + visible[1]) / 2;
    const lo = Math.max(full[0], mid - span);
    const hi = Math.min(full[1], mid + span);
    if (lo <= full[0] && hi >= full[1]) reset();
    else zoomTo([lo, hi]);
  };
  return (
    <div className="rangebar" role="group" aria-label="Visible time range">
      <RangeInputs visible={visible} whole={range === null} onApply={zoomTo} unit={unit} />
      <div className="range-buttons">
        <button type="button" onClick={zoomOut} disabled={range === null}>
          Zoom out
        </button>
        <button type="button" onClick={back} disabled={history.length === 0}>
          Back
        </button>
        <button type="button" onClick={reset} disabled={range === null}>
          Reset zoom
        </button>
      </div>
      <label>
        bucket{' '}
        <select value={chosenNs} onChange={(e) => set({ bucketNs: ns(Number(e.target.value)) })} aria-label="Bucket size">
          {BUCKET_CHOICES.map((b) => (
            <option key={b.label} value={b.ns}>
              {b.label}
            </option>
          ))}
        </select>{' '}
        <span className="muted" data-testid="bucket-size">
          = {bucketText(bucketNs, align)}
          {limited ? ' (one per pixel at most)' : ''}
        </span>
      </label>
      <label>
        time zero at{' '}
        <select value={align} onChange={(e) => set({ align: e.target.value as Alignment })} aria-label="Time alignment">
          <option value="start">each trace&apos;s first event</option>
          <option value="pressure">first direct reclaim or kswapd wake</option>
          <option value="percent">time as % of each run</option>
        </select>
      </label>
      <Offsets disabled={align === 'percent'} />
    </div>
  );
}

/**
 * One typed offset per variant, ms: that variant is drawn that much later
 * (negative: earlier). Applied from Enter or leaving the field; ignored in
 * % of run. "Align here" in the stall list sets one.
 */
function Offsets({ disabled }: { disabled: boolean }) {
  const ready = useReadyVariants();
  const offsets = useView((s) => s.offsets);
  const setOffset = useView((s) => s.setOffset);
  if (ready.length === 0) return null;
  return (
    <div className="offsets" role="group" aria-label="Time offset of each variant" title={disabled ? 'offsets apply to the time alignments, not to % of each run' : undefined}>
      <span>shift</span>
      {ready.map((v) => (
        <OffsetInput key={v.id} name={v.name} color={colorOfVariant(v)} ms={offsets[v.info.hash] ?? 0} disabled={disabled} onApply={(ms) => setOffset(v.info.hash, ms)} />
      ))}
      <span className="unit">ms</span>
    </div>
  );
}

function OffsetInput({ name, color, ms, disabled, onApply }: { name: string; color: string; ms: number; disabled: boolean; onApply: (ms: number) => void }) {
  const [text, setText] = useState(String(ms));
  const [forMs, setForMs] = useState(ms);
  if (forMs !== ms) {
    setForMs(ms);
    setText(String(ms));
  }
  const apply = () => {
    const n = Number(text);
    if (text.trim() !== '' && Number.isFinite(n) && Math.abs(n) <= 1e12) onApply(n);
    else setText(String(ms));
  };
  return (
    <label style={{ borderBottomColor: color }}>
      {name}{' '}
      <input
        aria-label={`Time offset of ${name} (ms)`}
        data-testid="variant-offset"
        value={text}
        disabled={disabled}
        onChange={(e) => setText(e.target.value)}
        onBlur={apply}
        onKeyDown={(e) => {
          if (e.key === 'Enter') apply();
        }}
      />
    </label>
  );
}

/**
 * The typed range: shows the visible range; Go (or Enter) zooms to what was
 * typed. Typed text lives until the range changes, which resets both fields
 * during render (React's pattern for state that follows a prop; the fields
 * and their focus stay mounted, so a keyboard user keeps their place).
 */
function RangeInputs({ visible, whole, onApply, unit }: { visible: Range; whole: boolean; onApply: (r: Range) => void; unit: 's' | '%' }) {
  const span = ns(visible[1] - visible[0]);
  const shown = (t: Ns) => formatSeconds(nsToSec(t), nsToSec(span));
  const rangeKey = `${visible[0]}:${visible[1]}`;
  const [forRange, setForRange] = useState(rangeKey);
  const [from, setFrom] = useState(() => shown(visible[0]));
  const [to, setTo] = useState(() => shown(visible[1]));
  if (forRange !== rangeKey) {
    setForRange(rangeKey);
    setFrom(shown(visible[0]));
    setTo(shown(visible[1]));
  }
  const apply = () => {
    const a = secToNs(sec(Number(from)));
    const b = secToNs(sec(Number(to)));
    if (Number.isFinite(a) && Number.isFinite(b) && b > a) onApply([a, b]);
  };
  return (
    <form
      className="range-inputs"
      onSubmit={(e) => {
        e.preventDefault();
        apply();
      }}
    >
      <label>
        from <input aria-label={`Range start (${unit})`} data-testid="range-from" value={from} onChange={(e) => setFrom(e.target.value)} />
      </label>
      <label>
        to <input aria-label={`Range end (${unit})`} data-testid="range-to" value={to} onChange={(e) => setTo(e.target.value)} />
      </label>
      <span className="unit">{unit}</span>
      <button type="submit">Go</button>
      <span className="muted" data-testid="range-span">
        ({unit === '%' ? `${formatSeconds(span / 1e9)} % of each run` : formatDuration(span)} shown{whole ? ', whole trace' : ''})
      </span>
    </form>
  );
}
