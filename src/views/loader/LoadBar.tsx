// The ways in: a real file input (keyboard-reachable, several files at once)
// and the bundled sample comparison. Dropping files anywhere is handled by App.

import { useRef, useState } from 'react';
import { addFiles, loadSamples } from '../../state/actions.ts';
import { useUi } from '../../state/ui.ts';

export function LoadBar({ compact }: { compact: boolean }) {
  const input = useRef<HTMLInputElement>(null);
  const [loadingSamples, setLoadingSamples] = useState(false);
  const setNotice = useUi((s) => s.setNotice);
  return (
    <div className={compact ? 'loadbar compact' : 'loadbar'}>
      <label className="button primary file-button">
        Add trace files…
        <input
          ref={input}
          type="file"
          multiple
          data-testid="file-input"
          aria-label="Add trace files"
          onChange={(e) => {
            const files = e.target.files ? [...e.target.files] : [];
            e.target.value = '';
            void addFiles(files);
          }}
        />
      </label>
      <button
        type="button"
        className="button"
        disabled={loadingSamples}
        onClick={() => {
          setLoadingSamples(true);
          loadSamples()
            .catch((e: unknown) => setNotice(e instanceof Error ? e.message : String(e)))
            .finally(() => setLoadingSamples(false));
        }}
      >
        Load sample comparison
      </button>
    </div>
  );
}
