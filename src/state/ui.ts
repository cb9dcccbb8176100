// UI state that is neither data nor view: open dialogs and the highlighted stall.

import { create } from 'zustand';

export interface Highlight {
  variantId: string;
  /** ns relative to that trace's start */
  t0: number;
  t1: number;
}

interface UiState {
  parseReportFor: string | null;
  highlight: Highlight | null;
  notice: string | null;
  openParseReport: (id: string | null) => void;
  setHighlight: (h: Highlight | null) => void;
  setNotice: (n: string | null) => void;
}

export const useUi = create<UiState>()((set) => ({
  parseReportFor: null,
  highlight: null,
  notice: null,
  openParseReport: (id) => set({ parseReportFor: id }),
  setHighlight: (highlight) => set({ highlight }),
  setNotice: (notice) => set({ notice }),
}));
