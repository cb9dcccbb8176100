// The page: a header with the ways in, the variant cards, then the comparison.
// Files dropped anywhere on the page are loaded as variants.

import { useEffect, useState } from 'react';
import { addFiles } from '../../state/actions.ts';
import { useUi } from '../../state/ui.ts';
import { readyVariants, useVariants } from '../../state/variants.ts';
import { CapturePanel } from '../loader/CapturePanel.tsx';
import { LoadBar } from '../loader/LoadBar.tsx';
import { ParseReportDialog } from '../report/ParseReportDialog.tsx';
import { SummaryTable } from '../summary/SummaryTable.tsx';
import { VariantCards } from '../variants/VariantCards.tsx';
import { JumpBar } from './JumpBar.tsx';
import { Dashboard } from './Dashboard.tsx';
import { Help } from './Help.tsx';
import { ShareBar } from '../share/ShareBar.tsx';
import { SharedBanner } from '../share/SharedBanner.tsx';
import { ChartWarmup } from '../charts/Warmup.tsx';
import { FleetStatus, FleetTable } from '../fleet/FleetTable.tsx';
import { useFleet } from '../../state/fleet.ts';

function hasFiles(e: DragEvent): boolean {
  return !!e.dataTransfer && [...e.dataTransfer.types].includes('Files');
}

export function App() {
  // counts, not the list: App must not re-render (and with it the whole page) on every progress tick
  const variantCount = useVariants((s) => s.variants.length);
  const anyReady = useVariants((s) => readyVariants(s.variants).length > 0);
  const notice = useUi((s) => s.notice);
  const setNotice = useUi((s) => s.setNotice);
  const [dragging, setDragging] = useState(false);

  useEffect(() => {
    let depth = 0;
    const enter = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      depth++;
      setDragging(true);
    };
    const over = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      e.dataTransfer!.dropEffect = 'copy';
    };
    const leave = () => {
      depth = Math.max(0, depth - 1);
      if (depth === 0) setDragging(false);
    };
    const drop = (e: DragEvent) => {
      if (!e.dataTransfer || e.defaultPrevented) return;
      e.preventDefault();
      depth = 0;
      setDragging(false);
      const files = [...e.dataTransfer.files];
      if (files.length) void addFiles(files);
    };
    window.addEventListener('dragenter', enter);
    window.addEventListener('dragover', over);
    window.addEventListener('dragleave', leave);
    window.addEventListener('drop', drop);
    return () => {
      window.removeEventListener('dragenter', enter);
      window.removeEventListener('dragover', over);
      window.removeEventListener('dragleave', leave);
      window.removeEventListener('drop', drop);
    };
  }, []);

  const fleetOpen = useFleet((s) => s.table !== null);
  const empty = variantCount === 0 && !fleetOpen;
  return (
    <div className="app" data-testid="app">
      <header className="top">
        <div className="brand">
          <h1>reclaimscope</h1>
          <span className="tagline">Linux page-reclaim traces, compared</span>
        </div>
        <LoadBar compact={!empty} />
        {anyReady ? <JumpBar /> : null}
      </header>
      {notice ? (
        <div className="notice" role="status">
          {notice}{' '}
          <button type="button" className="link" onClick={() => setNotice(null)}>
            dismiss
          </button>
        </div>
      ) : null}
      <main>
        <SharedBanner />
        <FleetStatus />
        {empty ? <Intro /> : null}
        {empty ? <CapturePanel /> : null}
        <FleetTable />
        <VariantCards />
        {anyReady ? (
          <>
            <ShareBar />
            <SummaryTable />
            <Dashboard />
          </>
        ) : null}
        <Help />
      </main>
      <ParseReportDialog />
      <ChartWarmup />
      {dragging ? (
        <div className="drop-overlay" aria-hidden="true">
          Drop trace files to add them as variants
        </div>
      ) : null}
    </div>
  );
}

function Intro() {
  return (
    <section className="intro">
      <h2>Drop one trace per kernel variant</h2>
      <p>
        reclaimscope reads the vmscan and compaction tracepoints (Linux 2.6.36 to 6.x) from ftrace <code>trace</code> /{' '}
        <code>trace_pipe</code> text, trace-cmd&apos;s <code>trace.dat</code> and <code>report</code> output and <code>perf script</code>{' '}
        output, plain or gzip, zstd, xz compressed, and shows what the kernel&apos;s <code>trace-vmscan-postprocess.pl</code> reports, corrected, side by side, with
        charts of stalls, kswapd activity and writeback over time.
      </p>
      <p className="privacy">
        Your traces are parsed in this browser tab. Nothing is uploaded; nothing leaves the machine unless you share it.
      </p>
      <p>Or try it with two real traces of the same workload on two settings of one kernel: press “Load sample comparison”.</p>
    </section>
  );
}
