// The first screen's "Capture a trace": copyable command blocks for
// `reclaimscope record`, tracefs by hand, trace-cmd and perf, each enabling
// the vmscan and compaction events the charts use, with a buffer size; then
// what lost events mean and how runs should be planned. Blocks never wrap a
// command mid-line: long ones are split with `\` and scroll if still too wide.

import { useState, type ReactNode } from 'react';

interface Block {
  id: string;
  title: string;
  note: ReactNode;
  code: string;
}

const BLOCKS: Block[] = [
  {
    id: 'record',
    title: 'reclaimscope record (recommended)',
    note: (
      <>
        As root on the machine under test: records while the command runs, with the run&rsquo;s settings, CPU time and lost events in the
        file. Without a command it records the whole machine until <code>--duration</code> seconds pass or Ctrl-C.
      </>
    ),
    code: `sudo npx reclaimscope record -o base-run1.txt.gz \\
     -- ./benchmark.sh
sudo npx reclaimscope record --buffer-kb 65536 \\
     --events writeback -o base-run2.txt.gz -- ./benchmark.sh`,
  },
  {
    id: 'tracefs',
    title: 'By hand, through tracefs',
    note: (
      <>
        The same without reclaimscope on the machine, as root. If the folder is empty, first <code>mount -t tracefs nodev /sys/kernel/tracing</code>.
        Put the old values back afterwards.
      </>
    ),
    code: `cd /sys/kernel/tracing
echo 0 > tracing_on; echo > trace
echo 65536 > buffer_size_kb       # KiB per CPU
echo global > trace_clock
echo 1 > events/vmscan/enable
echo 0 > events/vmscan/mm_shrink_slab_start/enable
echo 0 > events/vmscan/mm_shrink_slab_end/enable
echo 1 > events/compaction/enable
cat trace_pipe | gzip > /root/base-run1.txt.gz &
echo 1 > tracing_on; ./benchmark.sh; echo 0 > tracing_on
sleep 1; kill %1; echo 0 > events/enable`,
  },
  {
    id: 'trace-cmd',
    title: 'trace-cmd',
    note: (
      <>
        Then drop <code>trace.dat</code> here as it is (no need for <code>trace-cmd report</code>).
      </>
    ),
    code: `trace-cmd record -b 65536 -e vmscan -e compaction \\
     ./benchmark.sh`,
  },
  {
    id: 'perf',
    title: 'perf',
    note: (
      <>
        <code>perf.data</code> itself is not read: drop the text <code>perf script</code> prints.
      </>
    ),
    code: `perf record -a -e 'vmscan:*' -e 'compaction:*' \\
     -o perf.data ./benchmark.sh
perf script -i perf.data | gzip > base-run1.txt.gz`,
  },
];

async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}

function CodeBlock({ b }: { b: Block }) {
  const [state, setState] = useState<'' | 'copied' | 'select'>('');
  return (
    <div className="capture-block" data-testid={`capture-${b.id}`}>
      <div className="capture-head">
        <h3>{b.title}</h3>
        <button
          type="button"
          className="small"
          aria-label={`Copy the ${b.title} commands`}
          onClick={() => void copyText(b.code).then((ok) => setState(ok ? 'copied' : 'select'))}
        >
          {state === 'copied' ? 'Copied' : 'Copy'}
        </button>
      </div>
      <pre className="capture-code" tabIndex={0}>
        <code>{b.code}</code>
      </pre>
      <p className="capture-note">{state === 'select' ? 'Copying was not allowed here: select the text above and copy it.' : b.note}</p>
    </div>
  );
}

export function CapturePanel() {
  return (
    <section className="capture panel" aria-labelledby="capture-title" data-testid="capture-panel">
      <h2 id="capture-title">Capture a trace</h2>
      <p className="note">
        Every way below records the vmscan tracepoints and the compaction events the charts use (Help lists what each one feeds) into the
        kernel&apos;s per-CPU ring buffer (16 MiB per CPU by default in <code>reclaimscope record</code>, 64 MiB below), and streams it to a
        file while the benchmark runs.
      </p>
      <div className="capture-grid">
        {BLOCKS.map((b) => (
          <CodeBlock key={b.id} b={b} />
        ))}
      </div>
      <div className="capture-advice">
        <p>
          <strong>Lost events.</strong> When reclaim logs events faster than they are read, the kernel drops them and the trace says{' '}
          <code>CPU:1 [LOST 1885 EVENTS]</code>; the card and the parse report count them per CPU, and every number near them is short
          by what was lost. Avoid them with a bigger buffer (<code>--buffer-kb</code>, <code>buffer_size_kb</code>, <code>trace-cmd -b</code>),
          a file on a local disk, plain text or zstd rather than a slow compressor, and no events you do not need (the{' '}
          <code>mm_shrink_slab_*</code> pair is the chattiest). Record again if a trace lost any.
        </p>
        <p>
          <strong>One run per setting, several runs each.</strong> Change one thing per variant (kernel, sysctl, cgroup limit), keep the
          rest of the machine the same, and record each variant three or more times, alternating: reclaim differs a lot from run to run,
          and one pair of traces cannot tell that noise from a real change.
        </p>
      </div>
    </section>
  );
}
