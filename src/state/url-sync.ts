// Keeps the URL fragment equal to the view (share/url-state.ts): every change
// replaces it, a zoom pushes it, so the browser's back and forward buttons walk
// through zoom history and a reload restores the view. Opening the page with a
// fragment opens what it describes (state/share.ts).

import { decodeUrlState, encodeUrlState } from '../share/url-state.ts';
import { applyUrlView, currentUrlState, openFragment } from './share.ts';
import { useSelection } from './selection.ts';
import { useUi } from './ui.ts';
import { useVariants } from './variants.ts';
import { useView } from './view.ts';

let snapshotParam: string | null = null;
let started = false;

export function startUrlSync(): void {
  if (started) return;
  started = true;
  const initial = location.hash;
  snapshotParam = /[#&]s=([A-Za-z0-9_-]+)/.exec(initial)?.[1] ?? null;
  let last = initial.replace(/^#/, '');
  let lastRange = useView.getState().range;

  const write = (): void => {
    if (useUi.getState().shareError) return; // leave a refused link as it was
    if (!useUi.getState().shared?.snapshot) snapshotParam = null;
    let frag = encodeUrlState({ ...currentUrlState(), snapshot: snapshotParam });
    if (frag === 'v=1') frag = '';
    if (frag === last) return;
    const range = useView.getState().range;
    const push = range !== lastRange && last !== '';
    const url = `${location.pathname}${location.search}${frag ? `#${frag}` : ''}`;
    if (push) history.pushState(null, '', url);
    else history.replaceState(null, '', url);
    last = frag;
    lastRange = range;
  };

  void openFragment(initial).then(() => {
    lastRange = useView.getState().range;
    useView.subscribe(write);
    useVariants.subscribe(write);
    useSelection.subscribe((s, prev) => {
      if (s.process !== prev.process || s.groupByCommand !== prev.groupByCommand) write();
    });
    useUi.subscribe((s, prev) => {
      if (s.parseReportFor !== prev.parseReportFor || s.shared !== prev.shared) write();
    });
  });

  window.addEventListener('popstate', () => {
    try {
      const u = decodeUrlState(location.hash);
      last = location.hash.replace(/^#/, '');
      if (u) applyUrlView(u);
      else useView.setState({ range: null });
      lastRange = useView.getState().range;
    } catch (e) {
      useUi.getState().setShareError(`This link cannot be opened: ${(e as Error).message}.`);
    }
  });
}
