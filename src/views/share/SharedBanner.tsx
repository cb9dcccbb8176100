// What a shared view says about itself: read-only snapshot (and from when),
// which traces a plain view link still waits for, or why a link or file was
// refused (and nothing else happens).

import { useUi } from '../../state/ui.ts';

export function SharedBanner() {
  const shared = useUi((s) => s.shared);
  const error = useUi((s) => s.shareError);
  const setError = useUi((s) => s.setShareError);
  if (error)
    return (
      <div className="banner error" role="alert" data-testid="share-error">
        {error}{' '}
        <button type="button" className="link" onClick={() => setError(null)}>
          dismiss
        </button>
      </div>
    );
  if (!shared) return null;
  if (shared.snapshot)
    return (
      <div className="banner" role="status" data-testid="read-only">
        Read-only snapshot shared on {new Date(shared.snapshot.created).toLocaleString('en-GB', { timeZone: 'UTC' })} UTC
        {shared.snapshot.detail === 'link' ? ' (screen resolution, top processes)' : ''}. The traces themselves are not included: drop them to explore
        further.
      </div>
    );
  if (shared.missing.length)
    return (
      <div className="banner" role="status" data-testid="waiting-for-traces">
        This link shows a view of {shared.missing.length} trace{shared.missing.length > 1 ? 's' : ''} not loaded here:{' '}
        {shared.missing.map((m, i) => (
          <span key={m.hash}>
            {i ? ', ' : ''}
            <strong>{m.name}</strong> <code>{m.hash}</code>
          </span>
        ))}
        . Drop the same files (recognised by content, whatever their names) to restore it.
      </div>
    );
  return null;
}
