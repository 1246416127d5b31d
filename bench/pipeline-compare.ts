// Paired comparison of two pipeline set-ups on the anchor workload: the machine's speed drifts by half within
// minutes, so two separate bench:pipeline runs cannot tell a 5% change from the drift. This alternates the
// variants run by run (A B, B A, A B, …) against one page server and reports the median of the paired time ratios.
//
//   npm run bench:compare -- --records 100000 --pairs 8 --b='--part-mb 4'
//   npm run bench:compare -- --pairs 8 --b-env SOME_TOGGLE=1      (a toggle read from process.env while experimenting)
//
// --a / --b take the run flags of bench:pipeline (--worker-after N, --part-mb N, --no-stage, --duckdb-memory MB),
// written with `=` since they start with dashes themselves;
// --a-env / --b-env KEY=VALUE (repeatable) set environment variables during that variant's runs only.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { anchorSource, startAnchorServer } from './lib/anchor-server';
import { benchPipeline, parseRunFlags, type RunFlags } from './lib/run-flags';
import { bundleNormalizeWorker } from './lib/worker-bundle';

const { values } = parseArgs({
  options: {
    records: { type: 'string', default: '100000' }, pairs: { type: 'string', default: '6' },
    a: { type: 'string', default: '' }, b: { type: 'string', default: '' },
    'a-env': { type: 'string', multiple: true, default: [] }, 'b-env': { type: 'string', multiple: true, default: [] },
  },
});
const records = Number(values.records);
const pairs = Number(values.pairs);
if (!Number.isInteger(records) || records <= 0) throw new Error(`--records must be a positive integer, got ${values.records}`);
if (!Number.isInteger(pairs) || pairs <= 0) throw new Error(`--pairs must be a positive integer, got ${values.pairs}`);

interface Variant { name: 'a' | 'b'; label: string; flags: RunFlags; env: Record<string, string> }

function envOf(option: string, entries: string[]): Record<string, string> {
  return Object.fromEntries(entries.map((entry) => {
    const at = entry.indexOf('=');
    if (at <= 0) throw new Error(`--${option} expects KEY=VALUE, got \`${entry}\``);
    return [entry.slice(0, at), entry.slice(at + 1)];
  }));
}

const variants: Variant[] = (['a', 'b'] as const).map((name) => {
  const env = envOf(`${name}-env`, values[`${name}-env`]);
  const label = [values[name], ...Object.entries(env).map(([k, v]) => `${k}=${v}`)].filter(Boolean).join(' ') || 'defaults';
  return { name, label, flags: parseRunFlags(values[name]), env };
});
if (variants[0]!.label === variants[1]!.label) throw new Error('--a and --b describe the same set-up: give --b (or --b-env) what to change');

interface Run { seconds: number; loadSeconds: number; cpuSeconds: number }

const dir = mkdtempSync(join(tmpdir(), 'sluice-bench-compare-'));
await bundleNormalizeWorker(dir);
const { baseUrl, child } = await startAnchorServer(records);
const runs: Record<'a' | 'b', Run[]> = { a: [], b: [] };
try {
  const source = anchorSource(baseUrl);
  // The first run in a process pays for the JIT and DuckDB's first use: run it uncounted, so neither variant does.
  const warmUp = benchPipeline(dir, 'warm-up', {});
  await warmUp.run(source);
  await warmUp.close();
  rmSync(join(dir, 'warm-up.duckdb'), { force: true });
  rmSync(join(dir, 'pipelines-warm-up'), { recursive: true, force: true });
  let index = 0;
  for (let pair = 0; pair < pairs; pair++) {
    // Alternating the order cancels a drift that favours whichever runs first in a pair.
    for (const variant of pair % 2 === 0 ? variants : [...variants].reverse()) {
      const saved = Object.fromEntries(Object.keys(variant.env).map((k) => [k, process.env[k]]));
      Object.assign(process.env, variant.env);
      const name = `run-${index++}`;
      try {
        const p = benchPipeline(dir, name, variant.flags);
        const started = performance.now();
        const cpuBefore = process.cpuUsage();
        const info = await p.run(source);
        const seconds = (performance.now() - started) / 1000;
        const cpu = process.cpuUsage(cpuBefore);
        await p.close();
        runs[variant.name].push({ seconds, loadSeconds: info.durations.load / 1000, cpuSeconds: (cpu.user + cpu.system) / 1e6 });
      } finally {
        for (const [k, v] of Object.entries(saved)) if (v === undefined) delete process.env[k]; else process.env[k] = v;
        rmSync(join(dir, `${name}.duckdb`), { force: true });
        rmSync(join(dir, `pipelines-${name}`), { recursive: true, force: true });
      }
    }
    console.log(`pair ${pair + 1}/${pairs}: A ${Math.round(records / runs.a.at(-1)!.seconds)}, B ${Math.round(records / runs.b.at(-1)!.seconds)} records/s`);
  }
} finally {
  child.kill();
  rmSync(dir, { recursive: true, force: true });
}

function median(xs: number[]): number {
  const sorted = [...xs].sort((x, y) => x - y);
  const mid = sorted.length / 2;
  return Number.isInteger(mid) ? (sorted[mid - 1]! + sorted[mid]!) / 2 : sorted[Math.floor(mid)]!;
}
const summary = Object.fromEntries(variants.map((v) => {
  const rs = runs[v.name];
  const rates = rs.map((r) => Math.round(records / r.seconds)).sort((x, y) => x - y);
  console.log(`${v.name.toUpperCase()} (${v.label}): median ${Math.round(records / median(rs.map((r) => r.seconds)))} records/s ` +
    `(${rates[0]}–${rates.at(-1)}), load step ${median(rs.map((r) => r.loadSeconds)).toFixed(2)} s, CPU ${median(rs.map((r) => r.cpuSeconds)).toFixed(2)} s`);
  return [v.name, {
    set_up: v.label, records_per_s: Math.round(records / median(rs.map((r) => r.seconds))),
    load_s: Number(median(rs.map((r) => r.loadSeconds)).toFixed(3)), cpu_s: Number(median(rs.map((r) => r.cpuSeconds)).toFixed(3)),
  }];
}));
const ratios = runs.b.map((r, i) => r.seconds / runs.a[i]!.seconds);
console.log(`B/A time per pair: ${ratios.map((r) => r.toFixed(2)).join(' ')}; median ${median(ratios).toFixed(3)} ` +
  '(below 1: B is faster; a spread wider than the difference means no difference was shown)');
console.log(JSON.stringify({ records, pairs, ...summary, time_ratio_b_to_a: Number(median(ratios).toFixed(3)) }));
