// The visible range as numbers (editable), zoom out, back, reset, the bucket
// size and the time alignment. Applies to every chart and, when asked, the table.

import { useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useView, type Range } from '../../state/view.ts';
import { ns, nsToSec, sec, secToNs, type Ns } from '../../model/units.ts';
import { formatDuration, formatSeconds } from '../format.ts';

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
      <RangeInputs visible={visible} whole={range === null} onApply={zoomTo} />
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
          = {formatDuration(bucketNs)}
          {limited ? ' (one per pixel at most)' : ''}
        </span>
      </label>
      <label>
        time zero at{' '}
        <select value={align} onChange={(e) => set({ align: e.target.value as 'start' | 'pressure' })} aria-label="Time alignment">
          <option value="start">each trace&apos;s first event</option>
          <option value="pressure">first direct reclaim or kswapd wake</option>
        </select>
      </label>
    </div>
  );
}

/**
 * The typed range: shows the visible range; Go (or Enter) zooms to what was
 * typed. Typed text lives until the range changes, which resets both fields
 * during render (React's pattern for state that follows a prop; the fields
 * and their focus stay mounted, so a keyboard user keeps their place).
 */
function RangeInputs({ visible, whole, onApply }: { visible: Range; whole: boolean; onApply: (r: Range) => void }) {
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
        from <input aria-label="Range start (s)" data-testid="range-from" value={from} onChange={(e) => setFrom(e.target.value)} />
      </label>
      <label>
        to <input aria-label="Range end (s)" data-testid="range-to" value={to} onChange={(e) => setTo(e.target.value)} />
      </label>
      <span className="unit">s</span>
      <button type="submit">Go</button>
      <span className="muted" data-testid="range-span">
        ({formatDuration(span)} shown{whole ? ', whole trace' : ''})
      </span>
    </form>
  );
}
