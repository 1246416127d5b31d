/**
 * One-off measurement of the DuckDB load path (not a test): `npx tsx test/core/destinations/measure-duckdb-load.ts
 * [rows]` writes `rows` normalized rows (8 columns of mixed types) as 20 NDJSON files, loads them through
 * `DuckDbDestination.loadPackage` (append) into a file database and prints rows/s. The figure is noted in
 * core/destinations/duckdb/duckdb-destination.ts.
 */
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDbDestination } from '../../../core/destinations/duckdb/duckdb-destination';
import { PIPELINE, col, makeSchema, makeState, rootDltColumns, table } from './fixtures';

const total = Number(process.argv[2] ?? 1_000_000);
const fileCount = 20;
const dir = mkdtempSync(join(tmpdir(), 'sluice-measure-'));
try {
  const events = table('events', [
    col('id', 'bigint'), col('name', 'text'), col('score', 'double'), col('active', 'bool'), col('created_at', 'timestamp'),
    col('amount', 'decimal'), col('payload', 'json'), ...rootDltColumns(),
  ], { write_disposition: 'append' });
  const schema = makeSchema([events]);
  const files: string[] = [];
  const perFile = Math.ceil(total / fileCount);
  for (let f = 0; f < fileCount; f++) {
    const path = join(dir, `events.${f}.jsonl`);
    const out = createWriteStream(path);
    for (let i = f * perFile; i < Math.min(total, (f + 1) * perFile); i++) {
      const line = JSON.stringify({
        id: i, name: `name ${i}`, score: i / 7, active: i % 2 === 0, created_at: new Date(1_700_000_000_000 + i * 1000).toISOString(),
        amount: `${i}.25`, payload: { k: i % 10 }, _dlt_load_id: '1', _dlt_id: `id${i}`,
      }) + '\n';
      if (!out.write(line)) await once(out, 'drain');
    }
    out.end();
    await once(out, 'finish');
    files.push(path);
  }
  const dest = new DuckDbDestination({ path: join(dir, 'measure.duckdb'), datasetName: 'measure' });
  await dest.open();
  await dest.ensureDataset();
  const started = performance.now();
  const result = await dest.loadPackage({ loadId: '1', pipelineName: PIPELINE, schema, tables: [{ table: 'events', writeDisposition: 'append', files }], state: makeState(1, null, 'measure') });
  const seconds = (performance.now() - started) / 1000;
  await dest.close();
  console.log(JSON.stringify({ rows: result.rows.events, seconds: Number(seconds.toFixed(2)), rows_per_s: Math.round(total / seconds) }));
} finally {
  rmSync(dir, { recursive: true, force: true });
}
