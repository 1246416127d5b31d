import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { PackageLoadJob } from '../../../core/destinations/destination';
import { DuckDbDestination } from '../../../core/destinations/duckdb/duckdb-destination';
import type { TableSchema } from '../../../core/schema/types';
import { silentLogger } from '../../../core/logger';
import { PIPELINE, col, issuesPackage, issuesSchema, makeSchema, makeState, rootDltColumns, table, writeTableFile } from './fixtures';

// stageTableFile: files of a package still being extracted go into an open transaction that loadPackage commits.
const root = mkdtempSync(join(tmpdir(), 'sluice-duckdb-staging-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

let counter = 0;
const debug: string[] = [];
const logger = { ...silentLogger, debug: (m: string): void => { debug.push(m); } };
async function opened(path?: string): Promise<DuckDbDestination> {
  const dest = new DuckDbDestination({ path: path ?? join(root, `db_${++counter}.duckdb`), datasetName: 'ds', logger });
  await dest.open();
  await dest.ensureDataset();
  return dest;
}

function rows(from: number, to: number, extra: (i: number) => Record<string, unknown> = () => ({})): Record<string, unknown>[] {
  return Array.from({ length: to - from }, (_, k) => ({ id: from + k, title: `t${from + k}`, ...extra(from + k), _dlt_load_id: '1', _dlt_id: `r${from + k}` }));
}

const itemsV1 = table('items', [col('id', 'bigint'), col('title', 'text'), ...rootDltColumns()], { write_disposition: 'append', resource: 'items' });

function job(loadId: string, tables: TableSchema[], files: Record<string, string[]>): PackageLoadJob {
  return {
    loadId, pipelineName: PIPELINE, schema: makeSchema(tables), state: makeState(1, null, 'ds'),
    tables: tables.map((t) => ({ table: t.name, writeDisposition: 'append', files: files[t.name] ?? [] })),
  };
}

describe('DuckDbDestination.stageTableFile', () => {
  it('stages files, shows nothing before loadPackage commits, then commits staged and remaining files once', async () => {
    const dest = await opened();
    const f1 = writeTableFile(root, 'items', rows(0, 50));
    const f2 = writeTableFile(root, 'items', rows(50, 80, (i) => ({ note: `n${i}` })));
    const f3 = writeTableFile(root, 'items', rows(80, 100));
    await dest.stageTableFile({ loadId: '10.1', table: itemsV1, writeDisposition: 'append', file: f1 });
    // A later file brings a new column: the staged table grows.
    const itemsV2 = table('items', [col('id', 'bigint'), col('title', 'text'), ...rootDltColumns(), col('note', 'text')], { write_disposition: 'append', resource: 'items' });
    await dest.stageTableFile({ loadId: '10.1', table: itemsV2, writeDisposition: 'append', file: f2 });
    // Another connection (another reader of the file) sees neither the rows nor the table yet.
    expect(await dest.query(`SELECT count(*)::INT AS n FROM information_schema.tables WHERE table_schema = 'ds' AND table_name = 'items'`)).toEqual([{ n: 0 }]);
    const result = await dest.loadPackage(job('10.1', [itemsV2], { items: [f1, f2, f3] }));
    expect(result.rows).toEqual({ items: 100 });
    expect(debug.at(-1)).toMatch(/Loaded package 10\.1 .* \(2 files staged during extraction\)/);
    expect(result.ddl.some((d) => d.startsWith('CREATE TABLE'))).toBe(true);
    expect(await dest.query('SELECT count(*)::INT AS n, count(DISTINCT id)::INT AS ids, count(note)::INT AS notes, min(id)::INT AS lo, max(id)::INT AS hi FROM ds.items'))
      .toEqual([{ n: 100, ids: 100, notes: 30, lo: 0, hi: 99 }]);
    expect(await dest.query(`SELECT load_id FROM ds._dlt_loads`)).toEqual([{ load_id: '10.1' }]);
    expect((await dest.loadPackage(job('10.1', [itemsV2], { items: [f1, f2, f3] }))).alreadyCommitted).toBe(true);
    expect(await dest.query('SELECT count(*)::INT AS n FROM ds.items')).toEqual([{ n: 100 }]);
    await dest.close();
  });

  it('a column created as bigint while staging that the package widened to double: loads every file again, no value cut', async () => {
    const dest = await opened();
    const asBigint = table('items', [col('id', 'bigint'), col('title', 'text'), col('price', 'bigint'), ...rootDltColumns()], { write_disposition: 'append', resource: 'items' });
    const asDouble = table('items', [col('id', 'bigint'), col('title', 'text'), col('price', 'double'), ...rootDltColumns()], { write_disposition: 'append', resource: 'items' });
    const f1 = writeTableFile(root, 'items', rows(0, 10, (i) => ({ price: i })));
    const f2 = writeTableFile(root, 'items', rows(10, 20, (i) => ({ price: i + 0.5 })));
    await dest.stageTableFile({ loadId: '11.1', table: asBigint, writeDisposition: 'append', file: f1 });
    expect((await dest.loadPackage(job('11.1', [asDouble], { items: [f1, f2] }))).rows).toEqual({ items: 20 });
    expect(debug).toContainEqual(expect.stringMatching(/Package 11\.1: not using its staged rows \(column `items.price` was created as BIGINT, the package has it as DOUBLE\)/));
    expect(await dest.query(`SELECT data_type FROM information_schema.columns WHERE table_schema = 'ds' AND table_name = 'items' AND column_name = 'price'`)).toEqual([{ data_type: 'DOUBLE' }]);
    expect(await dest.query('SELECT sum(price)::DOUBLE AS s, count(*)::INT AS n FROM ds.items')).toEqual([{ s: 195, n: 20 }]);
    await dest.close();
  });

  it('discardStaged and close roll the staging back; replace and merge tables are never staged', async () => {
    const path = join(root, `db_${++counter}.duckdb`);
    const dest = await opened(path);
    const f1 = writeTableFile(root, 'items', rows(0, 10));
    await dest.stageTableFile({ loadId: '12.1', table: itemsV1, writeDisposition: 'append', file: f1 });
    await dest.discardStaged('12.1');
    await dest.stageTableFile({ loadId: '12.2', table: itemsV1, writeDisposition: 'append', file: f1 });
    await dest.close();
    const again = await opened(path);
    expect(await again.query(`SELECT count(*)::INT AS n FROM information_schema.tables WHERE table_schema = 'ds' AND table_name = 'items'`)).toEqual([{ n: 0 }]);
    expect(await again.query('SELECT count(*)::INT AS n FROM ds._dlt_loads')).toEqual([{ n: 0 }]);

    // replace: the files are loaded by loadPackage, which empties the table first
    const first = issuesPackage({ dir: root, loadId: '13.1', disposition: 'replace', issues: [{ id: 1, title: 'a', labels: ['x'] }], datasetName: 'ds' });
    await again.loadPackage(first);
    const second = issuesPackage({ dir: root, loadId: '13.2', disposition: 'replace', issues: [{ id: 2, title: 'b', labels: ['y', 'z'] }], datasetName: 'ds' });
    const schema = issuesSchema('replace');
    await again.stageTableFile({ loadId: '13.2', table: schema.tables.issues!, writeDisposition: 'replace', file: second.tables[0]!.files[0]! });
    expect((await again.loadPackage(second)).rows).toEqual({ issues: 1, issues__labels: 2 });
    expect(await again.query('SELECT id::INT AS id FROM ds.issues')).toEqual([{ id: 2 }]);
    expect(await again.query('SELECT count(*)::INT AS n FROM ds.issues__labels')).toEqual([{ n: 2 }]);
    await again.close();
  });

  it('a file that cannot be read while staging is left to loadPackage, which names the failure', async () => {
    const dest = await opened();
    const bad = writeTableFile(root, 'items', [{ id: 'not a number', title: 'x', _dlt_load_id: '1', _dlt_id: 'a' }]);
    const good = writeTableFile(root, 'items', rows(0, 5));
    await expect(dest.stageTableFile({ loadId: '14.1', table: itemsV1, writeDisposition: 'append', file: bad })).resolves.toBeUndefined();
    expect(debug.at(-1)).toMatch(/Staging .* of package 14\.1 failed/);
    // staging failed: a later file of the same package is not staged either; loadPackage reads them all and fails
    await dest.stageTableFile({ loadId: '14.1', table: itemsV1, writeDisposition: 'append', file: good });
    await expect(dest.loadPackage(job('14.1', [itemsV1], { items: [good, bad] }))).rejects.toThrow(/not a number/);
    expect(await dest.query('SELECT count(*)::INT AS n FROM ds._dlt_loads')).toEqual([{ n: 0 }]);
    // without the bad file the package loads in full
    expect((await dest.loadPackage(job('14.1', [itemsV1], { items: [good] }))).rows).toEqual({ items: 5 });
    await dest.close();
  });
  it('bounds DuckDB memory on a file database (not on :memory:), and gives DuckDB back its threads for the load', async () => {
    const dest = await opened();
    const setting = async (name: string): Promise<unknown> => (await dest.query(`SELECT current_setting('${name}') AS v`))[0]?.v;
    expect(await setting('memory_limit')).toBe('160.0 MiB');
    const threads = await setting('threads');
    const f1 = writeTableFile(root, 'items', rows(0, 5));
    await dest.stageTableFile({ loadId: '15.1', table: itemsV1, writeDisposition: 'append', file: f1 });
    expect(await setting('threads')).toBe(1);
    await dest.loadPackage(job('15.1', [itemsV1], { items: [f1] }));
    expect(await setting('threads')).toBe(threads);
    await dest.close();
    const memory = new DuckDbDestination({ path: ':memory:', datasetName: 'ds' });
    await memory.open();
    expect((await memory.query(`SELECT current_setting('memory_limit') AS v`))[0]?.v).not.toMatch(/^160/);
    await memory.close();
  });
});
