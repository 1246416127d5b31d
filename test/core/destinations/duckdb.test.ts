import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createDestination, duckDbPath } from '../../../core/destinations/create-destination';
import type { DestinationConfig } from '../../../core/destinations/destination-config';
import { DuckDbDestination } from '../../../core/destinations/duckdb/duckdb-destination';
import { columnsLine } from '../../../core/destinations/table-file-format';
import { batchOfRows } from '../../helpers/batch-of-rows';
import { rowIdOf, rowIdPrefix } from '../../../core/normalize/row-id';
import { duckDbType } from '../../../core/destinations/duckdb/duckdb-sql';
import { isSluiceError } from '../../../core/errors';
import type { DataType } from '../../../core/schema/types';
import { describeDestination } from './destination-suite';
import { PIPELINE, col, issuesPackage, issuesSchema, makeSchema, makeState, rootDltColumns, table, writeTableFile } from './fixtures';

const root = mkdtempSync(join(tmpdir(), 'sluice-duckdb-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

let dbCounter = 0;
function newPath(): string {
  dbCounter += 1;
  return join(root, `db_${dbCounter}.duckdb`);
}

describeDestination('duckdb (file database)', (dataset) => new DuckDbDestination({ path: newPath(), datasetName: dataset }));
describeDestination('duckdb, table files with a row per line (a package normalized for BigQuery, or by an earlier Sluice)',
  (dataset) => new DuckDbDestination({ path: newPath(), datasetName: dataset }), { tableFileFormat: 'jsonl' });

async function opened(path: string, datasetName = 'ds'): Promise<DuckDbDestination> {
  const dest = new DuckDbDestination({ path, datasetName });
  await dest.open();
  await dest.ensureDataset();
  return dest;
}

describe('DuckDbDestination', () => {
  it('maps every data type to its DuckDB type', async () => {
    const expected: Record<DataType, string> = {
      text: 'VARCHAR', bigint: 'BIGINT', double: 'DOUBLE', bool: 'BOOLEAN', timestamp: 'TIMESTAMP WITH TIME ZONE',
      date: 'DATE', decimal: 'DECIMAL(38,9)', json: 'JSON', binary: 'BLOB',
    };
    for (const [type, sqlType] of Object.entries(expected)) expect(duckDbType({ data_type: type as DataType })).toBe(sqlType);
    expect(duckDbType({ data_type: 'decimal', precision: 10, scale: 2 })).toBe('DECIMAL(10,2)');
    expect(duckDbType({ data_type: 'decimal', precision: 12 })).toBe('DECIMAL(12,0)');

    const dest = await opened(newPath());
    const columns = Object.keys(expected).map((t) => col(`c_${t}`, t as DataType));
    const schema = makeSchema([table('typed', [...columns, col('price', 'decimal', { precision: 10, scale: 2 }), col('must', 'text', { nullable: false })])]);
    await dest.migrateSchema(schema, ['typed']);
    const info = await dest.query(
      "SELECT column_name, data_type, is_nullable FROM information_schema.columns WHERE table_schema = 'ds' AND table_name = 'typed' ORDER BY ordinal_position",
    );
    expect(info.map((r) => [r.column_name, r.data_type])).toEqual([
      ...Object.entries(expected).map(([t, sqlType]) => [`c_${t}`, sqlType === 'JSON' ? 'JSON' : sqlType]),
      ['price', 'DECIMAL(10,2)'],
      ['must', 'VARCHAR'],
    ]);
    expect(info.at(-1)?.is_nullable).toBe('NO');
    await dest.close();
  });

  it('loads into :memory: and keeps nothing after close', async () => {
    const dir = mkdtempSync(join(root, 'mem-'));
    const dest = await opened(':memory:');
    await dest.loadPackage(issuesPackage({ dir, loadId: '1', disposition: 'append', issues: [{ id: 1, title: 'a' }], datasetName: 'ds' }));
    expect(await dest.query('SELECT count(*) AS n FROM ds.issues')).toEqual([{ n: 1 }]);
    await dest.close();
    const again = await opened(':memory:');
    expect(await again.isLoadCommitted('1')).toBe(false);
    await again.close();
  });

  it('createDestination defaults the file to <pipelineName>.duckdb in the working directory', async () => {
    const cwd = process.cwd();
    const work = mkdtempSync(join(root, 'cwd-'));
    process.chdir(work);
    try {
      expect(duckDbPath({ pipelineName: 'github_issues' })).toBe(join(work, 'github_issues.duckdb'));
      const dest = await createDestination({ type: 'duckdb', datasetName: 'github_data', pipelineName: 'github_issues' });
      expect(dest.type).toBe('duckdb');
      await dest.open();
      await dest.ensureDataset();
      await dest.close();
      expect(existsSync(join(work, 'github_issues.duckdb'))).toBe(true);
    } finally {
      process.chdir(cwd);
    }
    expect(duckDbPath({ path: ':memory:', pipelineName: 'x' })).toBe(':memory:');
    expect(duckDbPath({ path: 'rel/x.duckdb' })).toBe(join(cwd, 'rel/x.duckdb'));
    expect(() => duckDbPath({})).toThrow(/expected `path`.*or `pipelineName`/);
    await expect(createDestination({ type: 'nosuch', datasetName: 'd' } as unknown as DestinationConfig)).rejects.toThrow(/unknown destination type `nosuch`; valid values are: duckdb/);
  });

  it('creates the database file and its folders on open, and names the file when it cannot open it', async () => {
    const path = join(root, 'nested', 'dir', 'x.duckdb');
    const dest = await opened(path);
    await dest.close();
    expect(existsSync(path)).toBe(true);
    const folder = join(root, 'a-folder.duckdb');
    mkdirSync(folder);
    const bad = new DuckDbDestination({ path: folder, datasetName: 'ds' });
    const error = await bad.open().then(() => undefined, (e: unknown) => e);
    expect(isSluiceError(error) && error.code).toBe('DESTINATION_FAILED');
    expect(String((error as Error).message)).toContain(`opening database ${folder}`);
    await expect(new DuckDbDestination({ path: newPath(), datasetName: 'ds' }).query('SELECT 1')).rejects.toThrow(/not open; call open\(\) first/);
  });

  it('says another process holds the file when DuckDB cannot lock it', async () => {
    const path = newPath();
    const holder = spawn(process.execPath, ['--input-type=module', '-e',
      `import { DuckDBInstance } from '@duckdb/node-api'; const i = await DuckDBInstance.create(${JSON.stringify(path)}); await i.connect(); console.log('ready'); setInterval(() => {}, 1000);`,
    ], { stdio: ['ignore', 'pipe', 'inherit'] });
    try {
      await new Promise((ready) => holder.stdout.once('data', ready));
      const dest = new DuckDbDestination({ path, datasetName: 'ds' });
      await expect(dest.open()).rejects.toThrow(/opening database .* failed: .*Could not set lock.*another process has the file open/);
    } finally {
      holder.kill('SIGKILL');
    }
  });

  it('destinations on one file in one process share the database, load a package once, and release the file', async () => {
    const dir = mkdtempSync(join(root, 'shared-'));
    const path = newPath();
    const a = await opened(path);
    const b = await opened(path);
    const job = issuesPackage({ dir, loadId: 's1', disposition: 'append', issues: [{ id: 1, title: 'a', labels: ['x'] }], datasetName: 'ds' });
    const results = await Promise.allSettled([a.loadPackage(job), b.loadPackage(job)]);
    const loaded = results.filter((r) => r.status === 'fulfilled' && !r.value.alreadyCommitted);
    expect(loaded).toHaveLength(1);
    // the other one either saw the load committed or lost a write-write conflict and rolled back
    for (const r of results) if (r.status === 'rejected') expect(r.reason).toMatchObject({ code: 'DESTINATION_FAILED', message: expect.stringMatching(/conflict/i) });
    expect(await b.query('SELECT count(*) AS n FROM ds.issues')).toEqual([{ n: 1 }]);
    expect(await b.query('SELECT count(*) AS n FROM ds._dlt_loads')).toEqual([{ n: 1 }]);
    await a.close();
    expect(await b.query('SELECT count(*) AS n FROM ds.issues__labels')).toEqual([{ n: 1 }]);
    await b.close();
    // the file is released: another process can open it
    const child = spawn(process.execPath, ['--input-type=module', '-e',
      `import { DuckDBInstance } from '@duckdb/node-api'; const i = await DuckDBInstance.create(${JSON.stringify(path)}); const c = await i.connect(); const r = await c.runAndReadAll('SELECT count(*) AS n FROM ds.issues'); console.log(String(r.getRows()[0][0]));`,
    ], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => { out += d.toString(); });
    const code = await new Promise((done) => child.on('exit', done));
    expect({ code, out: out.trim() }).toEqual({ code: 0, out: '1' });
  });

  it('works when the dataset is named like the database file (catalog and schema share a name)', async () => {
    const dir = mkdtempSync(join(root, 'clash-'));
    const path = join(dir, 'issues_pipeline.duckdb');
    const dest = await opened(path, 'issues_pipeline');
    await dest.loadPackage(issuesPackage({ dir, loadId: '1', disposition: 'merge', issues: [{ id: 1, title: 'a', labels: ['x'] }], datasetName: 'issues_pipeline' }));
    await dest.loadPackage(issuesPackage({ dir, loadId: '2', disposition: 'merge', issues: [{ id: 1, title: 'b', labels: ['y'] }], datasetName: 'issues_pipeline' }));
    expect(await dest.query('SELECT title FROM issues_pipeline.issues_pipeline.issues')).toEqual([{ title: 'b' }]);
    // the second load did not change the state, so the stored state is still the one load 1 wrote
    expect((await dest.restorePipeline(PIPELINE))?.state.last_load_id).toBe('1');
    expect(await dest.isLoadCommitted('2')).toBe(true);
    await dest.close();
  });

  it('a fresh instance on the same file restores state and schema (a new machine continues the pipeline)', async () => {
    const dir = mkdtempSync(join(root, 'restore-'));
    const path = newPath();
    const first = await opened(path);
    const job = issuesPackage({ dir, loadId: '10', disposition: 'append', issues: [{ id: 1, title: 'a', updated_at: '2024-04-01T00:00:00Z' }], datasetName: 'ds', stateVersion: 3 });
    await first.loadPackage(job);
    await first.close();
    const second = new DuckDbDestination({ path, datasetName: 'ds' });
    await second.open();
    const restored = await second.restorePipeline(PIPELINE);
    expect(restored?.state).toEqual({ ...job.state, last_load_id: '10' });
    expect(restored?.schema).toEqual(job.schema);
    expect(await second.isLoadCommitted('10')).toBe(true);
    await second.close();
  });

  it('merges through <dataset>_staging and leaves no staging tables behind', async () => {
    const dir = mkdtempSync(join(root, 'staging-'));
    const dest = await opened(newPath());
    await dest.loadPackage(issuesPackage({ dir, loadId: '1', disposition: 'merge', issues: [{ id: 1, title: 'a' }], datasetName: 'ds' }));
    const schemas = await dest.query("SELECT schema_name FROM information_schema.schemata WHERE schema_name LIKE 'ds%' ORDER BY schema_name");
    expect(schemas).toEqual([{ schema_name: 'ds' }, { schema_name: 'ds_staging' }]);
    expect(await dest.query("SELECT table_name FROM information_schema.tables WHERE table_schema = 'ds_staging'")).toEqual([]);
    await dest.close();
  });

  it('refuses to merge a nested table that has no _dlt_root_id, naming the table', async () => {
    const dir = mkdtempSync(join(root, 'rootid-'));
    const schema = issuesSchema('append');
    schema.tables.issues!.write_disposition = 'merge';
    const dest = await opened(':memory:');
    const job = issuesPackage({ dir, loadId: '1', disposition: 'append', issues: [{ id: 1, title: 'a', labels: ['x'] }], datasetName: 'ds', schema });
    for (const t of job.tables) t.writeDisposition = 'merge';
    await expect(dest.loadPackage(job)).rejects.toThrow(/table `issues__labels`.*no `_dlt_root_id` column/);
    expect(await dest.isLoadCommitted('1')).toBe(false);
    await dest.close();
  });

  it('quotes double and single quotes and punctuation in table and column names', async () => {
    const dir = mkdtempSync(join(root, 'quotes-'));
    const schema = makeSchema([table('say "hi"', [
      col('a "b"', 'text'), col("it's", 'text'), col('a-b:c', 'text'), col('c', 'bigint', { primary_key: true }), ...rootDltColumns(),
    ], { write_disposition: 'merge' })]);
    const dest = await opened(':memory:');
    for (const loadId of ['1', '2']) {
      const file = writeTableFile(dir, 'q', [{ 'a "b"': `v${loadId}`, "it's": 'x', 'a-b:c': 'y', c: 1, _dlt_load_id: loadId, _dlt_id: `q${loadId}` }]);
      await dest.loadPackage({ loadId, pipelineName: PIPELINE, schema, tables: [{ table: 'say "hi"', writeDisposition: 'merge', files: [file] }], state: makeState(1, null, 'ds') });
    }
    expect(await dest.query(`SELECT "a ""b""" AS v, "it's" AS s, "a-b:c" AS p FROM ds."say ""hi"""`)).toEqual([{ v: 'v2', s: 'x', p: 'y' }]);
    await dest.close();
  });

  it('loads column files whose lines differ in columns (one a later batch brought), in file order', async () => {
    const dir = mkdtempSync(join(root, 'columns-'));
    const schema = makeSchema([table('events', [
      col('id', 'bigint'), col('note', 'text'), col('doc', 'json'), col('wide', 'decimal', { precision: 38, scale: 2 }), ...rootDltColumns(),
    ])]);
    const row = (id: number, extra: Record<string, unknown> = {}): Record<string, unknown> => ({ id, ...extra, _dlt_load_id: '1', _dlt_id: `e${id}` });
    // the first line has no `note` or `doc` at all, the second has them for one row only
    const file = join(dir, 'events.0000.columns.ndjson');
    writeFileSync(file, [
      columnsLine(batchOfRows([row(1), row(2, { wide: '12345678901234567890123.45' })])),
      columnsLine(batchOfRows([row(3, { note: 'n3', doc: { a: [1, 'x'] } }), row(4)])),
    ].join('\n') + '\n');
    const dest = await opened(':memory:');
    const result = await dest.loadPackage({ loadId: '1', pipelineName: PIPELINE, schema, tables: [{ table: 'events', writeDisposition: 'append', files: [file] }], state: makeState(1, null, 'ds') });
    expect(result.rows).toEqual({ events: 4 });
    expect(await dest.query('SELECT id, note, doc, wide::VARCHAR AS wide, _dlt_id FROM ds.events ORDER BY rowid')).toEqual([
      { id: 1, note: null, doc: null, wide: null, _dlt_id: 'e1' },
      { id: 2, note: null, doc: null, wide: '12345678901234567890123.45', _dlt_id: 'e2' },
      { id: 3, note: 'n3', doc: { a: [1, 'x'] }, wide: null, _dlt_id: 'e3' },
      { id: 4, note: null, doc: null, wide: null, _dlt_id: 'e4' },
    ]);
    await dest.close();
  });

  it('after a load (appends insert on one thread), queries get DuckDB\'s default thread count again', async () => {
    const dir = mkdtempSync(join(root, 'threads-'));
    const schema = makeSchema([table('events', [col('id', 'bigint'), ...rootDltColumns()])]);
    const dest = await opened(':memory:');
    const threads = async (): Promise<unknown> => (await dest.query("SELECT current_setting('threads') AS n"))[0]?.n;
    const before = await threads();
    const file = writeTableFile(dir, 'events', [{ id: 1, _dlt_load_id: '1', _dlt_id: 'e1' }]);
    const result = await dest.loadPackage({ loadId: '1', pipelineName: PIPELINE, schema, tables: [{ table: 'events', writeDisposition: 'append', files: [file] }], state: makeState(1, null, 'ds') });
    expect(result.rows).toEqual({ events: 1 });
    expect(await threads()).toBe(before);
    await dest.close();
  });

  it('stores _dlt_id values compressed (FSST) in every segment, where DuckDB left to itself wrote full row groups of random ids uncompressed', async () => {
    // More rows than one row group (122,880), so that DuckDB writes one while the load runs, as in a large run.
    const dir = mkdtempSync(join(root, 'row-ids-'));
    const path = newPath();
    const schema = makeSchema([table('events', [col('id', 'bigint'), ...rootDltColumns()])]);
    // ids as the normalizer makes them, from several normalizers' prefixes
    const prefixes = Array.from({ length: 13 }, () => rowIdPrefix());
    const rows = Array.from({ length: 130_000 }, (_, i) => ({ id: i, _dlt_load_id: '1', _dlt_id: rowIdOf(prefixes[i % 13]!, Math.floor(i / 13)) }));
    const file = writeTableFile(dir, 'events', rows);
    const dest = await opened(path);
    await dest.loadPackage({ loadId: '1', pipelineName: PIPELINE, schema, tables: [{ table: 'events', writeDisposition: 'append', files: [file] }], state: makeState(1, null, 'ds') });
    await dest.close(); // checkpoints: the segments are written with their final compression
    const reopened = await opened(path);
    const segments = await reopened.query(
      "SELECT DISTINCT compression FROM pragma_storage_info('ds.events') WHERE column_name = '_dlt_id' AND segment_type = 'VARCHAR'",
    );
    expect(segments).toEqual([{ compression: 'FSST' }]);
    expect(await reopened.query('SELECT count(DISTINCT _dlt_id)::INTEGER AS n FROM ds.events')).toEqual([{ n: 130_000 }]);
    await reopened.close();
  });

  it('query runs one reading statement and refuses anything that writes', async () => {
    const dest = await opened(':memory:');
    expect(await dest.query('SHOW ALL TABLES')).toEqual(expect.arrayContaining([expect.objectContaining({ schema: 'ds', name: '_dlt_loads' })]));
    expect(await dest.query('FROM ds._dlt_loads')).toEqual([]);
    await expect(dest.query('DELETE FROM ds._dlt_loads')).rejects.toThrow(/only reading statements are allowed here .* got DELETE/);
    await expect(dest.query("COPY ds._dlt_loads TO '/tmp/x.csv'")).rejects.toThrow(/got COPY/);
    await expect(dest.query('SELECT 1; DROP SCHEMA ds CASCADE')).rejects.toThrow(/expected exactly one SQL statement, got 2/);
    await expect(dest.query('SELEC 1')).rejects.toThrow(/running a query failed: .*Parser Error: syntax error at or near "SELEC"/);
    await dest.close();
  });

  it('returns BIGINT beyond 2^53 as a string and timestamps with microseconds', async () => {
    const dest = await opened(':memory:');
    const [row] = await dest.query("SELECT 9007199254740993::BIGINT AS big, 42::BIGINT AS small, TIMESTAMPTZ '2024-01-02 03:04:05.123456+00' AS ts, TIMESTAMPTZ '1960-01-01 00:00:00.5+00' AS old");
    expect(row).toEqual({ big: '9007199254740993', small: 42, ts: '2024-01-02T03:04:05.123456Z', old: '1960-01-01T00:00:00.500Z' });
    await dest.close();
  });

  it('a cancelled load commits nothing and the package loads later', async () => {
    const dir = mkdtempSync(join(root, 'cancel-'));
    const issues = Array.from({ length: 20_000 }, (_, i) => ({ id: i, title: `t${i}`, labels: ['a', 'b'] }));
    const job = issuesPackage({ dir, loadId: 'c1', disposition: 'merge', issues, datasetName: 'ds' });
    const dest = await opened(newPath());
    const controller = new AbortController();
    const load = dest.loadPackage({ ...job, signal: controller.signal });
    setTimeout(() => controller.abort(new Error('user pressed stop')), 0);
    const error = await load.then(() => undefined, (e: unknown) => e);
    expect(isSluiceError(error) && error.code).toBe('RUN_CANCELLED');
    expect((error as Error).message).toMatch(/package c1 .* was cancelled; nothing was committed/);
    expect(await dest.isLoadCommitted('c1')).toBe(false);
    expect(await dest.query("SELECT count(*) AS n FROM information_schema.tables WHERE table_schema = 'ds' AND table_name = 'issues'")).toEqual([{ n: 0 }]);
    const aborted = new AbortController();
    aborted.abort();
    await expect(dest.loadPackage({ ...job, signal: aborted.signal })).rejects.toThrow(/was cancelled/);
    expect((await dest.loadPackage(job)).rows).toEqual({ issues: 20_000, issues__labels: 40_000 });
    await dest.close();
  });

  it('bulk-loads 100k rows through read_json in one package', async () => {
    const dir = mkdtempSync(join(root, 'bulk-'));
    const events = table('events', [col('id', 'bigint'), col('name', 'text'), col('amount', 'decimal'), col('at', 'timestamp'), ...rootDltColumns()], { write_disposition: 'append' });
    const schema = makeSchema([events]);
    const files: string[] = [];
    for (let f = 0; f < 4; f++) {
      const rows = Array.from({ length: 25_000 }, (_, i) => {
        const id = f * 25_000 + i;
        return { id, name: `n${id}`, amount: `${id}.5`, at: new Date(1_700_000_000_000 + id * 1000).toISOString(), _dlt_load_id: 'bulk', _dlt_id: `r${id}` };
      });
      files.push(writeTableFile(dir, 'events', rows));
    }
    const dest = await opened(newPath());
    const result = await dest.loadPackage({ loadId: 'bulk', pipelineName: PIPELINE, schema, tables: [{ table: 'events', writeDisposition: 'append', files }], state: makeState(1, null, 'ds') });
    expect(result.rows).toEqual({ events: 100_000 });
    const [agg] = await dest.query('SELECT count(*) AS n, sum(id) AS ids, sum(amount)::VARCHAR AS amounts, max("at") AS last FROM ds.events');
    expect(agg).toEqual({ n: 100_000, ids: (99_999 * 100_000) / 2, amounts: `${(99_999 * 100_000) / 2 + 50_000}.000000000`, last: new Date(1_700_000_000_000 + 99_999_000).toISOString() });
    await dest.close();
  });
});
