// The switches for how every time chart draws (state/chart-options.ts):
// variants overlaid or one track each, linear or log y. Legend entries of each
// chart hide or show a variant.

import { useChartOptions } from '../../state/chart-options.ts';

export function ChartOptionsBar() {
  const { layout, logY, hidden, set } = useChartOptions();
  return (
    <div className="toggles" role="group" aria-label="Chart layout">
      <div className="segmented" role="group" aria-label="Variants drawn">
        <button type="button" aria-pressed={layout === 'overlay'} onClick={() => set({ layout: 'overlay' })}>
          Overlay
        </button>
        <button type="button" aria-pressed={layout === 'multiples'} onClick={() => set({ layout: 'multiples' })}>
          One track per variant
        </button>
      </div>
      <label>
        <input type="checkbox" checked={logY} onChange={(e) => set({ logY: e.target.checked })} /> log y
      </label>
      {hidden.length ? <span className="muted">{hidden.length} hidden: click a legend entry to show it again</span> : <span className="muted">click a legend entry to hide a variant</span>}
    </div>
  );
}
