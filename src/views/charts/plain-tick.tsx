// Axis tick labels as plain SVG text. Recharts draws a tick label with its
// Text component, which, given the axis width, asks the DOM for the size of
// every word to wrap it: a forced layout per label, some 30 ms of the
// dashboard's first drawing (a Chrome trace after the sample comparison
// loads). Our labels are short numbers that never wrap, so they are drawn as
// they are, anchored as Text would anchor them.

import type { ReactElement } from 'react';
import type { XAxisTickContentProps, YAxisTickContentProps } from 'recharts';

/** What Recharts gives a tick function (CartesianAxis): an x or a y axis's tick. */
type TickProps = XAxisTickContentProps | YAxisTickContentProps;

/** Text's vertical anchors as a shift of the baseline (its capHeight is 0.71em). */
const DY: Record<string, string> = { start: '0.71em', middle: '0.355em', end: '0' };

/** A tick function for XAxis/YAxis `tick`: the formatted value in plain SVG text of this font size. */
export function plainTick(fontSize: number): (p: TickProps) => ReactElement {
  return function PlainTick(p: TickProps) {
    const text = p.tickFormatter ? p.tickFormatter(p.payload.value, p.index) : String(p.payload.value);
    return (
      <text
        x={p.x}
        y={p.y}
        dy={DY[p.verticalAnchor]}
        textAnchor={p.textAnchor}
        fill={p.fill ?? '#666'}
        fontSize={fontSize}
        className={p.className}
        transform={p.angle ? `rotate(${p.angle}, ${p.x}, ${p.y})` : undefined}
      >
        {text}
      </text>
    );
  };
}
