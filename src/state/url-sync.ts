// Keeps the URL fragment equal to the view (share/url-state.ts): every change
// replaces it, a zoom pushes it, so the browser's back and forward buttons walk
// through zoom history and a reload restores the view. Opening the page with a
// fragment opens what it describes (state/share.ts), and so does a link pasted
// into the address bar of a tab where the app is already open.

import { decodeUrlState, encodeUrlState, URL_VERSION } from '../share/url-state.ts';
import { removeVariant } from './actions.ts';
import { applyUrlView, currentUrlState, openFragment } from './share.ts';
import { useSelection } from './selection.ts';
import { useUi } from './ui.ts';
import { readyVariants, useVariants } from './variants.ts';
import { useView } from './view.ts';

let snapshotParam: string | null = null;
let started = false;
/** While a pasted link opens, the stores change in steps: the fragment is left alone until it has. */
let opening = false;

const snapshotOf = (hash: string): string | null => /[#&]s=([A-Za-z0-9_-]+)/.exec(hash)?.[1] ?? null;

export function startUrlSync(): void {
  if (started) return;
  started = true;
  const initial = location.hash;
  snapshotParam = snapshotOf(initial);
  let last = initial.replace(/^#/, '');
  let lastRange = useView.getState().range;

  const write = (): void => {
    if (opening) return;
    if (useUi.getState().shareError) return; // leave a refused link as it was
    if (!useUi.getState().shared?.snapshot) snapshotParam = null;
    let frag = encodeUrlState({ ...currentUrlState(), snapshot: snapshotParam });
    if (frag === `v=${URL_VERSION}`) frag = '';
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
    // A link pasted into the address bar of this open tab is a new fragment
    // with a snapshot or traces this tab does not show: open it as a fresh
    // load would. Back and forward through zooms only change the view.
    const hash = location.hash;
    const snap = snapshotOf(hash);
    let fresh = snap !== null && snap !== snapshotParam;
    if (!fresh && snap === null) {
      try {
        const u = decodeUrlState(hash);
        const shown = new Set(readyVariants(useVariants.getState().variants).map((v) => v.info.hash));
        const pending = new Set((useUi.getState().shared?.missing ?? []).map((m) => m.hash));
        fresh = u !== null && u.variants.some((v) => !shown.has(v.hash) && !pending.has(v.hash));
      } catch {
        fresh = true; // openFragment says what is wrong with it
      }
    }
    if (fresh) {
      opening = true;
      useUi.getState().setShareError(null);
      snapshotParam = snap;
      last = hash.replace(/^#/, '');
      // a snapshot link shows only its own variants, as in a fresh tab
      if (snap) for (const v of useVariants.getState().variants) removeVariant(v.id);
      void openFragment(hash).finally(() => {
        opening = false;
        lastRange = useView.getState().range;
        write();
      });
      return;
    }
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
