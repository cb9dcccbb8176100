// Renders one chart like the real ones off screen while the page is idle at
// start-up, so that Recharts' code is compiled before the first real chart
// mounts: cold, the first chart costs a few hundred ms in one task. Numbers
// are formatted once too: the first toLocaleString loads the locale's data
// (300 ms in the task that turned the first card ready, before this).

import { useEffect, useState } from 'react';
import { TimeChart } from './TimeChart.tsx';

const ROWS = Array.from({ length: 60 }, (_, i) => ({ t: i / 10, a: (i * 7) % 13, b: (i * 5) % 11 }));
const LINES = [
  { key: 'a', name: 'a', color: '#0072B2' },
  { key: 'b', name: 'b', color: '#D55E00', dash: '5 3' },
];

/** Formats a number and a date as the page does, so that their locale data is loaded while idle. */
function warmFormats(): string {
  return (1234.5).toLocaleString('en-US') + new Date(0).toLocaleString('en-GB', { timeZone: 'UTC' });
}

export function ChartWarmup() {
  const [stage, setStage] = useState(0);
  useEffect(() => {
    if (stage >= 2) {
      document.documentElement.dataset.warm = '1';
      return;
    }
    const idle = window.requestIdleCallback ?? ((cb: () => void) => setTimeout(cb, 100));
    const cancel = window.cancelIdleCallback ?? clearTimeout;
    const h = idle(() => {
      if (stage === 0) warmFormats();
      setStage((s) => s + 1);
    });
    return () => cancel(h as number);
  }, [stage]);
  if (stage !== 1) return null;
  return (
    <div aria-hidden="true" inert style={{ position: 'absolute', left: -20000, top: 0, width: 900, overflow: 'hidden' }}>
      <TimeChart id="warmup" title="" yLabel="" unit="" rows={ROWS} lines={LINES} domain={[0, 6]} xLabel="" width={900} highlight={[1, 2]} onZoom={() => {}} />
    </div>
  );
}
