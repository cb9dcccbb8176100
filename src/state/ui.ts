// UI state that is neither data nor view: open dialogs and the highlighted stall.

import { create } from 'zustand';

export interface Highlight {
  variantId: string;
  /** ns relative to that trace's start */
  t0: number;
  t1: number;
}

/** A view opened from a link or comparison file: what it needs, or what it is. */
export interface SharedView {
  /** Shown from a snapshot (no traces): read-only. */
  snapshot: { created: string; detail: 'link' | 'file' } | null;
  /** Traces the link names that are not loaded yet (name, content hash, the variant they are a run of). */
  missing: { name: string; hash: string; group?: string }[];
}

interface UiState {
  parseReportFor: string | null;
  highlight: Highlight | null;
  notice: string | null;
  /** An error about a link or comparison file, shown instead of anything from it. */
  shareError: string | null;
  shared: SharedView | null;
  openParseReport: (id: string | null) => void;
  setHighlight: (h: Highlight | null) => void;
  setNotice: (n: string | null) => void;
  setShareError: (e: string | null) => void;
  setShared: (s: SharedView | null) => void;
}

export const useUi = create<UiState>()((set) => ({
  parseReportFor: null,
  highlight: null,
  notice: null,
  shareError: null,
  shared: null,
  openParseReport: (id) => set({ parseReportFor: id }),
  setHighlight: (highlight) => set({ highlight }),
  setNotice: (notice) => set({ notice }),
  setShareError: (shareError) => set({ shareError }),
  setShared: (shared) => set({ shared }),
}));
