// End-to-end pipeline benchmark on the anchor workload (../../shared/bench): a local server (its own process)
// serves the exact pages dlt was measured on; Sluice extracts, normalizes and loads them into a DuckDB file.
// Prints records/s, table rows/s, peak RSS, time per step, and the ratios to (a) a plain fetch + JSON.parse of the
// same pages and (b) DuckDB's own read_json of the same records from a local file. Last line: one JSON object.
//
//   npm run bench:pipeline -- --records 100000 [--runs N]
//
// Three runs by default, the median reported: the machine's speed drifts by half within minutes, and the first run
// in a process also pays once for the JIT warm-up and the first fetch and DuckDB use (its figure is printed too).
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { once } from 'node:events';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DuckDBInstance } from '@duckdb/node-api';
import type { ProgressEvent } from '../core/pipeline/progress';
import type { LoadInfo } from '../core/pipeline/load-info';
import { anchorSource, startAnchorServer } from './lib/anchor-server';
import { benchPipeline, RUN_FLAGS } from './lib/run-flags';
import { bundleNormalizeWorker } from './lib/worker-bundle';

const { values } = parseArgs({
  options: { records: { type: 'string', default: '100000' }, runs: { type: 'string', default: '3' }, keep: { type: 'boolean' }, ...RUN_FLAGS },
});
const records = Number(values.records);
if (!Number.isInteger(records) || records <= 0) throw new Error(`--records must be a positive integer, got ${values.records}`);

/** (a) a plain fetch + JSON.parse of every page, following `next`. */
async function fetchBaseline(baseUrl: string): Promise<{ seconds: number; records: number }> {
  const started = performance.now();
  let url: string | null = `${baseUrl}/items?page=1`;
  let count = 0;
  while (url) {
    const body = JSON.parse(await (await fetch(url)).text()) as { data: unknown[]; next: string | null };
    count += body.data.length;
    url = body.next;
  }
  return { seconds: (performance.now() - started) / 1000, records: count };
}

/** (b) DuckDB's own read_json of the same records (one per line) from a local file into a table. */
async function readJsonBaseline(baseUrl: string, dir: string): Promise<number> {
  const file = join(dir, 'records.ndjson');
  const out = createWriteStream(file);
  let url: string | null = `${baseUrl}/items?page=1`;
  while (url) {
    const body = JSON.parse(await (await fetch(url)).text()) as { data: unknown[]; next: string | null };
    let text = '';
    for (const r of body.data) text += JSON.stringify(r) + '\n';
    if (!out.write(text)) await once(out, 'drain');
    url = body.next;
  }
  out.end();
  await once(out, 'finish');
  const instance = await DuckDBInstance.create(join(dir, 'read-json.duckdb'));
  const connection = await instance.connect();
  const started = performance.now();
  await connection.run(`CREATE TABLE items AS SELECT * FROM read_json('${file}', format = 'newline_delimited')`);
  const seconds = (performance.now() - started) / 1000;
  connection.closeSync();
  instance.closeSync();
  return seconds;
}

interface Measured {
  info: LoadInfo;
  seconds: number;
  cpuSeconds: number;
  stepCpu: Record<string, number>;
  fetched: { seconds: number; records: number };
}

const dir = mkdtempSync(join(tmpdir(), 'sluice-bench-pipeline-'));
await bundleNormalizeWorker(dir);
const { baseUrl, child } = await startAnchorServer(records);
try {
  const source = anchorSource(baseUrl);
  const runs = Number(values.runs);
  if (!Number.isInteger(runs) || runs <= 0) throw new Error(`--runs must be a positive integer, got ${values.runs}`);
  const baselineRss = process.memoryUsage().rss;

  /** One end-to-end run into a fresh pipeline folder and DuckDB file, then the fetch baseline right after it (the
   *  machine's speed drifts: a ratio measured in the same minute is steadier than either figure alone). */
  async function measure(index: number): Promise<Measured> {
    const p = benchPipeline(dir, `anchor-${index}`, values);
    let lastLog = 0;
    const stepCpu: Record<string, number> = {};
    let cpuMark = process.cpuUsage();
    const onProgress = (e: ProgressEvent): void => {
      if (e.type === 'step_finished') {
        const used = process.cpuUsage(cpuMark);
        stepCpu[e.step] = (used.user + used.system) / 1e6;
        cpuMark = process.cpuUsage();
      }
      if (e.type === 'resource_progress' && e.step === 'extract' && performance.now() - lastLog > 2000) {
        lastLog = performance.now();
        console.log(`  extract ${e.records} records, ${e.pages} pages, ${e.rate} records/s, rss ${Math.round(process.memoryUsage().rss / 2 ** 20)} MB (JS heap ${Math.round(process.memoryUsage().heapTotal / 2 ** 20)} MB)`);
      }
    };
    const started = performance.now();
    const cpuBefore = process.cpuUsage();
    const info = await p.run(source, { onProgress });
    const seconds = (performance.now() - started) / 1000;
    const cpu = process.cpuUsage(cpuBefore);
    await p.close();
    const fetched = await fetchBaseline(baseUrl);
    const measured = { info, seconds, cpuSeconds: (cpu.user + cpu.system) / 1e6, stepCpu, fetched };
    if (runs > 1) console.log(`run ${index + 1}: ${Math.round(records / seconds)} records/s, ${(seconds / fetched.seconds).toFixed(2)}× fetch + JSON.parse`);
    return measured;
  }

  const all: Measured[] = [];
  for (let i = 0; i < runs; i++) all.push(await measure(i));
  const peakRssMb = process.resourceUsage().maxRSS / 1024;
  // The median run by time stands for all (with one run, that run).
  const { info, seconds, cpuSeconds, stepCpu, fetched } = [...all].sort((a, b) => a.seconds - b.seconds)[Math.floor((runs - 1) / 2)]!;
  const ratios = all.map((m) => m.seconds / m.fetched.seconds).sort((a, b) => a - b);
  const ratioToFetch = ratios[Math.floor((runs - 1) / 2)]!;

  console.log(`fetch + JSON.parse: ${fetched.records} records in ${fetched.seconds.toFixed(2)} s`);
  const tableRows = Object.values(info.tables).reduce((a, b) => a + b, 0);
  // After every pipeline run, so that its memory does not count in their peak RSS.
  const readJsonSeconds = await readJsonBaseline(baseUrl, dir);
  const result = {
    records,
    records_per_s: Math.round(records / seconds),
    table_rows_per_s: Math.round(tableRows / seconds),
    peak_rss_mb: Math.round(peakRssMb),
    ratio_to_fetch: Number(ratioToFetch.toFixed(2)),
    ratio_to_read_json: Number((seconds / readJsonSeconds).toFixed(2)),
    runs,
    first_run_records_per_s: Math.round(records / all[0]!.seconds),
  };
  if (runs > 1) {
    const rates = all.map((m) => Math.round(records / m.seconds)).sort((a, b) => a - b);
    console.log(`${runs} runs: ${rates[0]}–${rates.at(-1)} records/s; the first (a cold process: JIT warm-up, first fetch and DuckDB use) ` +
      `${result.first_run_records_per_s}; the median run below`);
  }
  console.log(`pipeline: ${records} records → ${tableRows} table rows in ${seconds.toFixed(2)} s`);
  console.log(`  tables: ${Object.entries(info.tables).map(([t, n]) => `${t} ${n}`).join(', ')}`);
  console.log(`  steps: extract+normalize ${(info.durations.extract / 1000).toFixed(2)} s (overlapped), ` +
    `normalize tail ${(info.durations.normalize / 1000).toFixed(2)} s, load ${(info.durations.load / 1000).toFixed(2)} s`);
  // On a shared machine wall time depends on the neighbours; CPU time (all threads, DuckDB's included) less so.
  console.log(`  CPU per step: extract+normalize ${((stepCpu.extract ?? 0) + (stepCpu.normalize ?? 0)).toFixed(2)} s, load ${(stepCpu.load ?? 0).toFixed(2)} s`);
  console.log(`  CPU time of this process (all threads): ${cpuSeconds.toFixed(2)} s = ${Math.round(records / cpuSeconds)} records per CPU-second ` +
    `(load average ${loadavg()[0]!.toFixed(1)} on ${availableParallelism()} cores while it ran)`);
  console.log(`  ${result.records_per_s} records/s, ${result.table_rows_per_s} table rows/s, peak RSS ${result.peak_rss_mb} MB (at start ${Math.round(baselineRss / 2 ** 20)} MB)`);
  console.log(`  ratio to fetch + JSON.parse (${fetched.seconds.toFixed(2)} s): ${result.ratio_to_fetch}×; ` +
    `to DuckDB read_json of the same records (${readJsonSeconds.toFixed(2)} s): ${result.ratio_to_read_json}×`);
  console.log(`  dlt 1.20 on these pages here: ~2,141 records/s at 100k (sqlite), 2,176 at 500k; ${Math.round(result.records_per_s / 2141)}× that`);
  console.log(JSON.stringify(result));
} finally {
  child.kill();
  if (!values.keep) rmSync(dir, { recursive: true, force: true });
}
