// Chromium lets Tab stop on Recharts' axis and layer groups (several unnamed
// stops per chart). These keep every <g> inside an element out of the tab
// order, however late Recharts draws them: it draws its axes in commits of
// its own, after the component's, so each group it adds is caught as it comes.

import { useEffect, type RefObject } from 'react';

/** A callback ref (React 19: it returns its cleanup) for an element that may mount later than its component. */
export function groupsOutOfTabOrder(el: HTMLElement | null): (() => void) | undefined {
  if (!el) return undefined;
  const unfocusable = (): void => el.querySelectorAll('svg g:not([tabindex="-1"])').forEach((g) => g.setAttribute('tabindex', '-1'));
  unfocusable();
  const watch = new MutationObserver(unfocusable);
  watch.observe(el, { subtree: true, childList: true, attributes: true, attributeFilter: ['tabindex'] });
  return () => watch.disconnect();
}

/** The same for an element held in a ref that mounts with its component. */
export function useNoTabStopsInside(ref: RefObject<HTMLElement | null>): void {
  useEffect(() => groupsOutOfTabOrder(ref.current), [ref]);
}
