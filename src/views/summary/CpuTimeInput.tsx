// User+sys CPU seconds of a variant's benchmark run, typed in or read from a
// dropped `/usr/bin/time -v` output, as the seed mail's percentages use.

import { useState } from 'react';
import { useVariants } from '../../state/variants.ts';
import { parseTimeV } from './time-v.ts';
import { recordedCpuSeconds } from '../../model/recorded.ts';

export function CpuTimeInput({ variantId }: { variantId: string }) {
  const v = useVariants((s) => s.variants.find((x) => x.id === variantId));
  const update = useVariants((s) => s.update);
  const [text, setText] = useState(v?.cpuSeconds?.toString() ?? '');
  const [bad, setBad] = useState(false);
  if (!v) return null;
  const recorded = v.info?.report.recorded;
  const fromRecording = recorded && v.cpuSeconds !== null && v.cpuSeconds === recordedCpuSeconds(recorded);
  const commit = (t: string) => {
    setText(t);
    if (t.trim() === '') {
      setBad(false);
      update(variantId, { cpuSeconds: null });
      return;
    }
    const parsed = parseTimeV(t);
    const n = parsed ?? Number(t);
    if (Number.isFinite(n) && n >= 0) {
      setBad(false);
      update(variantId, { cpuSeconds: n });
      if (parsed !== null) setText(String(parsed));
    } else setBad(true);
  };
  return (
    <input
      className={`cpu-input${bad ? ' invalid' : ''}`}
      aria-label={`User plus system CPU seconds for ${v.name}`}
      placeholder="seconds"
      title={
        fromRecording
          ? `From the trace's reclaimscope record header: ${recorded.userSeconds} s user + ${recorded.systemSeconds} s sys of the command; type to override`
          : 'User + system CPU seconds of the run; paste or drop /usr/bin/time -v output here'
      }
      data-source={fromRecording ? 'recorded' : undefined}
      value={text}
      onChange={(e) => commit(e.target.value)}
      onDrop={(e) => {
        const f = e.dataTransfer.files[0];
        if (!f) return;
        e.preventDefault();
        e.stopPropagation();
        void f.text().then(commit);
      }}
    />
  );
}
