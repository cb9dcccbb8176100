// The line each section shows under its title: which figures it holds (the
// visible range or the whole trace) and where the one switch is.

import type { Scope } from './scope.ts';

export function ScopeNote({ scope, what, fallback }: { scope: Scope; what: string; fallback?: string[] }) {
  return (
    <p className="note scope-note" data-testid="scope-note" data-scope={scope.inView ? 'view' : 'whole'}>
      <span className={scope.inView ? 'scope-badge view' : 'scope-badge'}>{scope.inView ? 'Visible range' : 'Whole trace'}</span> {what} of the{' '}
      {scope.label}
      {scope.inView ? ': episodes that overlap it, their times clipped to it in time totals; events by their timestamps.' : '.'}
      {fallback && fallback.length ? <span className="warn"> {fallback.join(', ')}: a shared snapshot, whole-trace figures.</span> : null}
    </p>
  );
}
