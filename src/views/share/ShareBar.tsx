// Sharing: a link that opens the same comparison anywhere with no files (its
// fragment carries a compressed snapshot), a comparison file with everything
// at full resolution, and the table as text, Markdown or CSV to paste.

import { useState } from 'react';
import { exportComparisonFile, shareLink, type ShareResult } from '../../state/share.ts';
import { useReadyVariants } from '../../state/variants.ts';
import { comparisonCsv, comparisonMarkdown, comparisonText } from '../../share/comparison-export.ts';
import { LINK_LIMIT } from '../../share/transport.ts';
import { download } from '../download.ts';
import type { TableModel } from '../summary/useTableModel.ts';

async function copy(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}

export function ShareBar({ model }: { model: TableModel }) {
  const ready = useReadyVariants();
  const [result, setResult] = useState<ShareResult | null>(null);
  const [status, setStatus] = useState<string>('');
  const [busy, setBusy] = useState(false);
  const [copied, setCopied] = useState<string>('');
  const [pseudonyms, setPseudonyms] = useState(false);
  const [skippedText, setSkippedText] = useState(false);
  if (ready.length === 0) return null;
  const copyAs = async (kind: 'text' | 'Markdown' | 'CSV') => {
    // The same text as `reclaimscope compare --format text|markdown|csv` on the same files: the recording named
    // above the table, the rows beyond the script's Summary as a block of their own, the warnings under it.
    const c = model.comparison;
    const text = kind === 'text' ? comparisonText(c) : kind === 'Markdown' ? comparisonMarkdown(c) : comparisonCsv(c);
    const ok = await copy(text);
    setCopied(ok ? `Table copied as ${kind}.` : `Copying was not allowed; the ${kind} is in the box below.`);
    setStatus(ok ? '' : text);
  };
  return (
    <section className="sharebar" aria-label="Share and export">
      <div className="share-buttons">
        <button
          type="button"
          className="button"
          disabled={busy}
          onClick={() => {
            setBusy(true);
            setStatus('');
            setCopied('');
            shareLink({ pseudonyms })
              .then(async (r) => {
                setResult(r);
                if (r.fits) setCopied((await copy(r.url)) ? 'Link copied.' : 'Copy the link from the box.');
              })
              .catch((e: unknown) => setCopied(`The link could not be made: ${e instanceof Error ? e.message : String(e)}`))
              .finally(() => setBusy(false));
          }}
        >
          Share
        </button>
        <button
          type="button"
          className="button"
          disabled={busy}
          onClick={() => {
            setBusy(true);
            exportComparisonFile({ pseudonyms, skippedText })
              .then((b) => download(b, `${model.columns.map((g) => g.name).join('-vs-').slice(0, 80) || 'comparison'}.reclaimscope.json.gz`))
              .catch((e: unknown) => setCopied(`The file could not be made: ${e instanceof Error ? e.message : String(e)}`))
              .finally(() => setBusy(false));
          }}
        >
          Export comparison file
        </button>
        <span className="copy-table" role="group" aria-label="Copy the comparison table">
          Copy table as{' '}
          <button type="button" className="small" onClick={() => void copyAs('text')}>
            text
          </button>
          <button type="button" className="small" onClick={() => void copyAs('Markdown')}>
            Markdown
          </button>
          <button type="button" className="small" onClick={() => void copyAs('CSV')}>
            CSV
          </button>
        </span>
        <span className="muted" role="status">
          {copied}
        </span>
      </div>
      <div className="share-privacy">
        <p className="muted" data-testid="share-carries">
          A link or comparison file carries the numbers, the series, stall lists and latencies, the variant and file names, and process names; never
          the trace itself, nor the text of skipped lines unless you ask for it below (file only).
        </p>
        <label>
          <input type="checkbox" data-testid="pseudonymise" checked={pseudonyms} onChange={(e) => setPseudonyms(e.target.checked)} /> Replace process
          names with pseudonyms (process-1, process-2, …; kswapd and kcompactd keep theirs)
        </label>{' '}
        <label>
          <input type="checkbox" data-testid="include-skipped-text" checked={skippedText} onChange={(e) => setSkippedText(e.target.checked)} /> Include the
          text of skipped lines (up to 5 per reason) in the comparison file
        </label>
      </div>
      {result ? (
        <div className="share-result">
          {result.fits ? (
            <>
              <label htmlFor="share-link">Link to this comparison (opens read-only, with no files, in any browser):</label>
              <input id="share-link" data-testid="share-link" readOnly value={result.url} onFocus={(e) => e.currentTarget.select()} />
              <span className="muted">
                {(result.bytes / 1024).toFixed(1)} KB.{' '}
                {pseudonyms ? 'Process names are replaced by pseudonyms.' : 'It carries process names of the traces: share it only with people who may see them.'}
              </span>
            </>
          ) : (
            <p className="warn" data-testid="share-too-big">
              This view does not fit in a link ({(result.bytes / 1024).toFixed(1)} KB, more than {LINK_LIMIT / 1024} KB). Use “Export comparison file”
              instead: dropping that file on reclaimscope opens the same comparison.
            </p>
          )}
        </div>
      ) : null}
      {status ? <textarea className="copy-fallback" readOnly value={status} aria-label="Table text" /> : null}
    </section>
  );
}
