// Direct-reclaim latency per variant: p50/p90/p99/max overall and per
// allocation order, a log-scale histogram, and, against the baseline, a
// Mann-Whitney rank test that says "lower", "higher" or "can't tell" with its
// p-value, so that a small difference is not mistaken for a result. A variant
// with several runs is tested on the episodes of all its runs pooled.

import { useMemo } from 'react';
import { Bar, BarChart, CartesianGrid, Legend, Tooltip, XAxis, YAxis } from 'recharts';
import { logHistogram } from '../../analysis/latency.ts';
import { mannWhitney, verdict } from '../../analysis/stats.ts';
import { useReadyVariants, useVariants } from '../../state/variants.ts';
import { colorOfVariant } from '../format.ts';
import { useLatencySamples, useWidth } from '../hooks.ts';
import { groupsOutOfTabOrder } from '../charts/no-tab-stops.ts';

function ms(v: number): string {
  return v >= 100 ? v.toFixed(1) : v >= 1 ? v.toFixed(2) : v.toFixed(3);
}

function binLabel(lo: number, hi: number): string {
  const f = (x: number) => (x >= 10 ? x.toFixed(0) : x >= 1 ? x.toFixed(1) : x >= 0.01 ? x.toFixed(2) : x.toPrecision(1));
  return `${f(lo)}–${f(hi)}`;
}

export function Latency() {
  const ready = useReadyVariants();
  const baselineId = useVariants((s) => s.baselineId);
  const ids = useMemo(() => ready.map((v) => v.id), [ready]);
  const samples = useLatencySamples(ids);
  const [ref, width] = useWidth<HTMLDivElement>();
  const have = ready.filter((v) => samples[v.id]);
  const hist = useMemo(() => logHistogram(have.map((v) => samples[v.id])), [have, samples]);
  const rows = hist.bins.map((b, i) => {
    const row: Record<string, number | string> = { bin: binLabel(b.loMs, b.hiMs) };
    have.forEach((v, j) => (row[v.id] = hist.counts[j][i]));
    return row;
  });
  // Episodes pooled over each variant's runs (state/runs.ts groups), for the rank test.
  const baseGroup = ready.find((v) => v.id === baselineId)?.groupId;
  const pools = useMemo(() => {
    const out = new Map<string, Float64Array>();
    for (const gid of new Set(ready.map((v) => v.groupId))) {
      const runs = ready.filter((v) => v.groupId === gid);
      if (!runs.every((v) => samples[v.id])) continue;
      const all = new Float64Array(runs.reduce((a, v) => a + samples[v.id].length, 0));
      let at = 0;
      for (const v of runs) {
        all.set(samples[v.id], at);
        at += samples[v.id].length;
      }
      out.set(gid, all);
    }
    return out;
  }, [ready, samples]);
  const base = baseGroup !== undefined ? pools.get(baseGroup) : undefined;
  const orders = [...new Set(ready.flatMap((v) => v.info.latency.byOrder.map((o) => o.order)))].sort((a, b) => a - b);
  if (ready.length === 0) return null;
  return (
    <section className="panel" aria-labelledby="latency-title" data-testid="latency" ref={ref}>
      <h2 id="latency-title">Direct reclaim latency</h2>
      <p className="note">
        Duration of each complete direct-reclaim episode, in ms (nearest-rank percentiles). One trace is one sample: the rank test
        (Mann-Whitney U, two-sided) says whether a variant&apos;s latencies are lower or higher than the baseline&apos;s at the 5% level; a
        variant with several runs is tested on the episodes of all its runs together.
      </p>
      <table className="grid" data-testid="latency-table">
        <thead>
          <tr>
            <th scope="col">Variant</th>
            <th scope="col">Order</th>
            <th scope="col" className="num">Episodes</th>
            <th scope="col" className="num">p50 (ms)</th>
            <th scope="col" className="num">p90 (ms)</th>
            <th scope="col" className="num">p99 (ms)</th>
            <th scope="col" className="num">max (ms)</th>
            <th scope="col">Against the baseline</th>
          </tr>
        </thead>
        <tbody>
          {ready.flatMap((v) => {
            const firstOfVariant = ready.find((x) => x.groupId === v.groupId) === v;
            const severalRuns = ready.filter((x) => x.groupId === v.groupId).length > 1;
            const pool = pools.get(v.groupId);
            const test = firstOfVariant && v.groupId !== baseGroup && base && pool ? mannWhitney(pool, base) : null;
            const says = verdict(test);
            const rowsFor = [{ order: 'all', q: v.info.latency.all }, ...v.info.latency.byOrder.map((o) => ({ order: String(o.order), q: o.q }))];
            return rowsFor.map((r, i) => (
              <tr key={`${v.id}/${r.order}`} data-variant={v.name} data-order={r.order}>
                <td style={{ color: colorOfVariant(v), fontWeight: i === 0 ? 600 : 400 }}>{i === 0 ? v.name : ''}</td>
                <td>{r.order}</td>
                <td className="num">{r.q.count}</td>
                <td className="num">{r.q.count ? ms(r.q.p50) : '—'}</td>
                <td className="num">{r.q.count ? ms(r.q.p90) : '—'}</td>
                <td className="num">{r.q.count ? ms(r.q.p99) : '—'}</td>
                <td className="num">{r.q.count ? ms(r.q.max) : '—'}</td>
                <td data-testid={i === 0 ? 'rank-test' : undefined}>
                  {i !== 0
                    ? ''
                    : !firstOfVariant
                      ? 'pooled with the runs above'
                      : v.groupId === baseGroup
                      ? `baseline${severalRuns ? ' (runs pooled)' : ''}`
                      : test
                        ? `${says} (${test.p < 0.0001 ? 'p < 0.0001' : `p = ${test.p.toFixed(4)}`}, ${test.method === 'exact' ? 'exact' : 'normal approx.'}, n = ${test.n1} vs ${test.n2}${severalRuns ? ', runs pooled' : ''})`
                        : samples[v.id]
                          ? "can't tell (no episodes to compare)"
                          : ''}
                </td>
              </tr>
            ));
          })}
        </tbody>
      </table>
      {orders.length > 0 && rows.length > 0 ? (
        <figure className="chart" data-testid="chart-latency" aria-label="Latency histogram" ref={groupsOutOfTabOrder}>
          <figcaption>
            <span className="chart-title">Latency histogram</span>
            <span className="chart-sub"> episodes per duration bin (ms, log-spaced, 4 bins per decade)</span>
          </figcaption>
          <BarChart accessibilityLayer={false} width={width - 34} height={230} data={rows} margin={{ top: 8, right: 16, bottom: 24, left: 12 }}>
            <CartesianGrid stroke="#e8ebef" vertical={false} />
            <XAxis dataKey="bin" tick={{ fontSize: 10 }} interval={0} angle={rows.length > 14 ? -30 : 0} textAnchor={rows.length > 14 ? 'end' : 'middle'} height={rows.length > 14 ? 44 : 24} label={{ value: 'episode duration (ms)', position: 'insideBottom', offset: -16, fill: '#5b6575', fontSize: 12 }} />
            <YAxis tick={{ fontSize: 11 }} width={50} label={{ value: 'episodes', angle: -90, position: 'insideLeft', fill: '#5b6575', fontSize: 12, style: { textAnchor: 'middle' } }} />
            <Tooltip isAnimationActive={false} />
            <Legend verticalAlign="top" height={24} itemSorter={null} wrapperStyle={{ fontSize: 12 }} />
            {have.map((v) => (
              <Bar key={v.id} dataKey={v.id} name={v.name} fill={colorOfVariant(v)} isAnimationActive={false} />
            ))}
          </BarChart>
        </figure>
      ) : null}
    </section>
  );
}
