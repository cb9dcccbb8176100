// "Jump to" buttons at the top of a loaded comparison, so that the keyboard
// reaches the table, the charts, the stall list, latency and the process
// tables in a few Tab presses instead of tabbing through every card and chart.
// Buttons, not #fragment links: the fragment holds the view's URL state.

const SECTIONS: { id: string; label: string }[] = [
  { id: 'summary-title', label: 'Summary' },
  { id: 'charts-title', label: 'Charts' },
  { id: 'stalls-title', label: 'Stall periods' },
  { id: 'latency-title', label: 'Latency' },
  { id: 'proc-title', label: 'Processes' },
];

/** Moves focus to a section's heading (the next Tab goes into the section) and scrolls it into view. */
function jump(id: string): void {
  const heading = document.getElementById(id);
  if (!heading) return;
  heading.setAttribute('tabindex', '-1');
  heading.focus({ preventScroll: true });
  heading.scrollIntoView({ block: 'start' });
}

export function JumpBar() {
  return (
    <nav className="jumpbar" aria-label="Jump to a section" data-testid="jumpbar">
      <span className="muted">Jump to</span>
      {SECTIONS.map((s) => (
        <button key={s.id} type="button" className="link" onClick={() => jump(s.id)}>
          {s.label}
        </button>
      ))}
    </nav>
  );
}
