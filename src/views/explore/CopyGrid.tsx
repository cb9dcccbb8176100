// "Copy as text / Markdown / CSV" for a table of the page (share/grid-export.ts),
// with a text box to copy from by hand where the clipboard is not allowed.

import { useState } from 'react';
import { gridText, type Grid, type GridFormat } from '../../share/grid-export.ts';

export function CopyGrid({ grid, what }: { grid: () => Grid; what: string }) {
  const [status, setStatus] = useState('');
  const [fallback, setFallback] = useState<string | null>(null);
  const copy = async (f: GridFormat) => {
    const text = gridText(grid(), f);
    try {
      await navigator.clipboard.writeText(text);
      setStatus(`Copied as ${f}.`);
      setFallback(null);
    } catch {
      setStatus(`The clipboard is not available: copy the ${f} below.`);
      setFallback(text);
    }
  };
  return (
    <span className="copy-table" role="group" aria-label={`Copy the ${what}`}>
      Copy as{' '}
      {(['text', 'Markdown', 'CSV'] as const).map((f) => (
        <button key={f} type="button" className="small" aria-label={`Copy the ${what} as ${f}`} onClick={() => void copy(f)}>
          {f}
        </button>
      ))}
      <span className="muted" role="status">
        {' '}
        {status}
      </span>
      {fallback !== null ? <textarea className="copy-fallback" readOnly value={fallback} aria-label={`${what} text`} data-testid="copy-fallback" /> : null}
    </span>
  );
}
