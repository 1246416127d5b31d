import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Destination, PackageLoadJob } from '../../../core/destinations/destination';
import {
  PIPELINE, col, issueRows, issuesPackage, issuesSchema, makeSchema, makeState, nestedDltColumns, rootDltColumns, table,
  writeTableFile,
} from './fixtures';
import type { Issue } from './fixtures';
import type { TableFileFormat } from '../../../core/destinations/table-file-format';

/**
 * The behaviour every destination must show, registered as vitest tests. A destination file calls
 * `describeDestination('duckdb', (dataset) => new DuckDbDestination({...}))`; the suite opens, ensures the dataset
 * and closes each destination itself, with a fresh dataset name per test.
 *
 * `query` rows must be plain values: BIGINT as number (string when unsafe), timestamps ISO-8601 strings, decimals
 * as strings without trailing zeros, json columns parsed, binary base64, dates `YYYY-MM-DD`.
 */
export interface DestinationSuiteOptions {
  /** How the destination's SQL names `dataset.table` (default: DuckDB `"ds"."t"`, BigQuery `` `ds`.`t` ``). */
  tableRef?: (destination: Destination, table: string) => string;
  /** How the destination's SQL quotes a column (default: `"c"` / `` `c` ``). */
  quote?: (destination: Destination, column: string) => string;
  /** The format of the table files loaded (default: the one the destination prefers). A destination loads either:
   *  a package normalized for another destination, or by an earlier Sluice, is in the other. */
  tableFileFormat?: TableFileFormat;
}

export type MakeDestination = (datasetName: string) => Destination | Promise<Destination>;

function defaultQuote(destination: Destination, name: string): string {
  return destination.type === 'bigquery' ? `\`${name.replaceAll('`', '\\`')}\`` : `"${name.replaceAll('"', '""')}"`;
}

function sameInstant(a: unknown, b: string): boolean {
  return typeof a === 'string' && new Date(a).getTime() === new Date(b).getTime();
}

export function describeDestination(name: string, makeDestination: MakeDestination, options: DestinationSuiteOptions = {}): void {
  describe(`destination suite: ${name}`, () => {
    let dir: string;
    let dest: Destination;
    let datasetName: string;
    let counter = 0;
    const quote = (c: string): string => (options.quote ?? defaultQuote)(dest, c);
    const ref = (t: string): string => (options.tableRef ?? ((d, x) => `${defaultQuote(d, d.datasetName)}.${defaultQuote(d, x)}`))(dest, t);
    const rows = (t: string, columns: string, orderBy: string): Promise<Record<string, unknown>[]> =>
      dest.query(`SELECT ${columns} FROM ${ref(t)} ORDER BY ${orderBy}`);
    const count = async (t: string): Promise<number> => Number((await dest.query(`SELECT count(*) AS n FROM ${ref(t)}`))[0]?.n);
    const pkg = (loadId: string, disposition: 'append' | 'replace' | 'merge', issues: Issue[], extra: Partial<Parameters<typeof issuesPackage>[0]> = {}): PackageLoadJob =>
      issuesPackage({ dir, loadId, disposition, issues, datasetName, format: fileFormat(), ...extra });
    const fileFormat = (): TableFileFormat => options.tableFileFormat ?? dest.capabilities.tableFileFormat;

    beforeEach(async () => {
      counter += 1;
      dir = mkdtempSync(join(tmpdir(), 'sluice-dest-suite-'));
      datasetName = `suite_${process.pid}_${Date.now() % 1_000_000}_${counter}`;
      dest = await makeDestination(datasetName);
      await dest.open();
      await dest.ensureDataset();
    });

    afterEach(async () => {
      await dest.close();
      rmSync(dir, { recursive: true, force: true });
    });

    it('creates tables from the schema and keeps every data type', async () => {
      const all = table('all_types', [
        col('t', 'text'), col('i', 'bigint'), col('f', 'double'), col('b', 'bool'), col('ts', 'timestamp'),
        col('d', 'date'), col('n', 'decimal'), col('j', 'json'), col('bin', 'binary'), ...rootDltColumns(),
      ], { write_disposition: 'append' });
      const schema = makeSchema([all]);
      const ddl = await dest.migrateSchema(schema, ['all_types']);
      expect(ddl.length).toBeGreaterThan(0);
      expect(await dest.migrateSchema(schema, ['all_types'])).toEqual([]);
      const file = writeTableFile(dir, 'all_types', [
        { t: 'hello', i: 9007199254740991, f: 1.25, b: true, ts: '2024-03-01T10:20:30.123Z', d: '2024-03-01', n: '12.5', j: { a: [1, 'x'] }, bin: Buffer.from('hi').toString('base64'), _dlt_load_id: '1', _dlt_id: 'r1' },
        { t: null, i: -5, f: null, b: false, ts: '2024-03-01T12:00:00+02:00', d: null, n: '-0.000000001', j: 'plain', bin: null, _dlt_load_id: '1', _dlt_id: 'r2' },
      ], fileFormat());
      const result = await dest.loadPackage({ loadId: '1', pipelineName: PIPELINE, schema, tables: [{ table: 'all_types', writeDisposition: 'append', files: [file] }], state: makeState(1, null, datasetName) });
      expect(result.rows).toEqual({ all_types: 2 });
      const [r1, r2] = await rows('all_types', '*', quote('_dlt_id'));
      expect(r1).toMatchObject({ t: 'hello', i: 9007199254740991, f: 1.25, b: true, d: '2024-03-01', n: '12.5', j: { a: [1, 'x'] }, bin: Buffer.from('hi').toString('base64') });
      expect(sameInstant(r1?.ts, '2024-03-01T10:20:30.123Z')).toBe(true);
      expect(r2).toMatchObject({ t: null, i: -5, f: null, b: false, d: null, n: '-0.000000001', j: 'plain', bin: null });
      expect(sameInstant(r2?.ts, '2024-03-01T10:00:00Z')).toBe(true);
    });

    it('append twice doubles the rows, nested tables included', async () => {
      const issues = [{ id: 1, title: 'a', labels: ['bug', 'ui'] }, { id: 2, title: 'b', labels: [] }];
      await dest.loadPackage(pkg('100', 'append', issues));
      const second = await dest.loadPackage(pkg('101', 'append', issues));
      expect(second.rows).toEqual({ issues: 2, issues__labels: 2 });
      expect(await count('issues')).toBe(4);
      expect(await count('issues__labels')).toBe(4);
    });

    it('replace keeps one copy and empties nested tables that got no rows', async () => {
      await dest.loadPackage(pkg('200', 'replace', [{ id: 1, title: 'a', labels: ['bug'] }, { id: 2, title: 'b', labels: ['x', 'y'] }]));
      await dest.loadPackage(pkg('201', 'replace', [{ id: 1, title: 'a2', labels: ['bug'] }, { id: 2, title: 'b2', labels: ['x', 'y'] }]));
      expect(await rows('issues', `${quote('id')}, ${quote('title')}`, quote('id'))).toEqual([{ id: 1, title: 'a2' }, { id: 2, title: 'b2' }]);
      expect(await count('issues__labels')).toBe(3);
      // a third load without any labels: the nested table is emptied even though the package does not list it
      await dest.loadPackage(pkg('202', 'replace', [{ id: 3, title: 'c' }], { omitLabels: true }));
      expect(await rows('issues', quote('id'), quote('id'))).toEqual([{ id: 3 }]);
      expect(await count('issues__labels')).toBe(0);
      // a replace table with no files at all this load is emptied
      await dest.loadPackage(pkg('203', 'replace', []));
      expect(await count('issues')).toBe(0);
    });

    it('merge keeps one row per key with the latest values and replaces nested rows', async () => {
      await dest.loadPackage(pkg('300', 'merge', [
        { id: 1, title: 'one', updated_at: '2024-01-01T00:00:00Z', labels: ['bug', 'ui'] },
        { id: 2, title: 'two', updated_at: '2024-01-01T00:00:00Z', labels: ['docs'] },
      ]));
      const result = await dest.loadPackage(pkg('301', 'merge', [
        { id: 2, title: 'two v2', updated_at: '2024-02-01T00:00:00Z', labels: ['docs', 'later'] },
        { id: 3, title: 'three', updated_at: '2024-02-01T00:00:00Z', labels: [] },
      ], { stateVersion: 2 }));
      expect(result.rows).toEqual({ issues: 2, issues__labels: 2 });
      expect(await rows('issues', `${quote('id')}, ${quote('title')}`, quote('id'))).toEqual([
        { id: 1, title: 'one' }, { id: 2, title: 'two v2' }, { id: 3, title: 'three' },
      ]);
      const labels = await dest.query(
        `SELECT i.${quote('id')} AS id, l.${quote('value')} AS value FROM ${ref('issues__labels')} AS l ` +
          `JOIN ${ref('issues')} AS i ON l.${quote('_dlt_root_id')} = i.${quote('_dlt_id')} ORDER BY id, l.${quote('_dlt_list_idx')}`,
      );
      expect(labels).toEqual([{ id: 1, value: 'bug' }, { id: 1, value: 'ui' }, { id: 2, value: 'docs' }, { id: 2, value: 'later' }]);
      expect(await count('issues__labels')).toBe(4);
    });

    it('columns lines with derived ids and lines that list every id (an earlier Sluice\'s package) load alike', async () => {
      const labelsByIssue = async (): Promise<Record<string, unknown>[]> => dest.query(
        `SELECT i.${quote('id')} AS id, l.${quote('value')} AS value, l.${quote('_dlt_parent_id')} = i.${quote('_dlt_id')} AS linked, ` +
          `i.${quote('_dlt_id')} AS root_id, i.${quote('_dlt_load_id')} AS load_id FROM ${ref('issues__labels')} AS l ` +
          `JOIN ${ref('issues')} AS i ON l.${quote('_dlt_root_id')} = i.${quote('_dlt_id')} ORDER BY id, l.${quote('_dlt_list_idx')}`,
      );
      const issues = [{ id: 1, title: 'one', labels: ['bug', 'ui'] }, { id: 2, title: 'two', labels: [] }, { id: 3, title: 'three', labels: ['docs'] }];
      await dest.loadPackage(pkg('310', 'merge', issues, { format: 'jsonl_columns', listedIds: true }));
      const listed = await labelsByIssue();
      await dest.loadPackage(pkg('311', 'merge', issues, { format: 'jsonl_columns', stateVersion: 2 }));
      const derived = await labelsByIssue();
      // the same rows, each label linked to its own issue; the second load replaced the first (same keys)
      expect(derived).toEqual(listed.map((row) => ({ ...row, root_id: String(row.root_id).replace('310_', '311_'), load_id: '311' })));
      expect(derived.map((row) => [row.id, row.value, row.linked])).toEqual([[1, 'bug', true], [1, 'ui', true], [3, 'docs', true]]);
      expect(await rows('issues', `${quote('id')}, ${quote('_dlt_id')}`, quote('id'))).toEqual([
        { id: 1, _dlt_id: '311_0' }, { id: 2, _dlt_id: '311_1' }, { id: 3, _dlt_id: '311_2' },
      ]);
      expect(await count('issues__labels')).toBe(3);
    });

    it('merge deduplicates a key within one load: the last row wins', async () => {
      await dest.loadPackage(pkg('400', 'merge', [
        { id: 1, title: 'first', labels: ['a'] },
        { id: 1, title: 'second', labels: ['b', 'c'] },
        { id: 2, title: 'only' },
      ]));
      expect(await rows('issues', `${quote('id')}, ${quote('title')}`, quote('id'))).toEqual([{ id: 1, title: 'second' }, { id: 2, title: 'only' }]);
      expect(await rows('issues__labels', quote('value'), quote('value'))).toEqual([{ value: 'b' }, { value: 'c' }]);
    });

    it('merge deduplicates by dedup_sort (desc keeps the highest, asc the lowest)', async () => {
      for (const [order, expected] of [['desc', 'newest'], ['asc', 'oldest']] as const) {
        const schema = issuesSchema('merge', { extraColumns: [col('rank', 'bigint', { dedup_sort: order })] });
        await dest.loadPackage(pkg(`41${order === 'desc' ? 0 : 1}`, 'replace', [], { schema: issuesSchema('replace', { extraColumns: [col('rank', 'bigint')] }) }));
        await dest.loadPackage(pkg(`42${order === 'desc' ? 0 : 1}`, 'merge', [
          { id: 7, title: 'middle', rank: 2 },
          { id: 7, title: 'newest', rank: 3 },
          { id: 7, title: 'oldest', rank: 1 },
        ], { schema }));
        expect(await rows('issues', `${quote('id')}, ${quote('title')}`, quote('id'))).toEqual([{ id: 7, title: expected }]);
      }
    });

    it('hard_delete removes the row and its nested rows', async () => {
      const schema = issuesSchema('merge', { extraColumns: [col('deleted', 'bool', { hard_delete: true })] });
      await dest.loadPackage(pkg('500', 'merge', [{ id: 1, title: 'a', labels: ['x'] }, { id: 2, title: 'b', labels: ['y'] }], { schema }));
      await dest.loadPackage(pkg('501', 'merge', [{ id: 1, title: 'a', deleted: true }, { id: 2, title: 'b2', deleted: false, labels: ['z'] }, { id: 3, title: 'gone', deleted: true }], { schema }));
      expect(await rows('issues', `${quote('id')}, ${quote('title')}`, quote('id'))).toEqual([{ id: 2, title: 'b2' }]);
      expect(await rows('issues__labels', quote('value'), quote('value'))).toEqual([{ value: 'z' }]);
    });

    it('merge on merge_key replaces every row of that key', async () => {
      const schema = issuesSchema('merge', { keys: 'merge' });
      await dest.loadPackage(pkg('550', 'merge', [{ id: 1, title: 'a', repo: 'r1' }, { id: 2, title: 'b', repo: 'r1' }, { id: 3, title: 'c', repo: 'r2' }], { schema }));
      await dest.loadPackage(pkg('551', 'merge', [{ id: 4, title: 'd', repo: 'r1' }], { schema }));
      expect(await rows('issues', `${quote('id')}, ${quote('repo')}`, quote('id'))).toEqual([{ id: 3, repo: 'r2' }, { id: 4, repo: 'r1' }]);
    });

    it('merge without primary_key or merge_key appends', async () => {
      const schema = issuesSchema('merge', { keys: 'none' });
      await dest.loadPackage(pkg('560', 'merge', [{ id: 1, title: 'a' }], { schema }));
      await dest.loadPackage(pkg('561', 'merge', [{ id: 1, title: 'a' }], { schema }));
      expect(await count('issues')).toBe(2);
    });

    it('schema evolution adds nullable columns and keeps old rows', async () => {
      await dest.loadPackage(pkg('600', 'append', [{ id: 1, title: 'a' }]));
      const evolved = issuesSchema('append', { extraColumns: [col('priority', 'bigint', { nullable: false }), col('score', 'double')], version: 2 });
      const result = await dest.loadPackage(pkg('601', 'append', [{ id: 2, title: 'b', priority: 5, score: 0.5 }], { schema: evolved }));
      expect(result.ddl.length).toBe(2);
      expect(result.ddl.join('\n')).toMatch(/priority/);
      expect(await rows('issues', `${quote('id')}, ${quote('priority')}, ${quote('score')}`, quote('id'))).toEqual([
        { id: 1, priority: null, score: null }, { id: 2, priority: 5, score: 0.5 },
      ]);
    });

    it('fills the system tables with dlt\'s columns', async () => {
      const job = pkg('700', 'append', [{ id: 1, title: 'a', updated_at: '2024-05-01T00:00:00Z' }]);
      await dest.loadPackage(job);
      await dest.loadPackage(pkg('701', 'append', [{ id: 2, title: 'b', updated_at: '2024-05-01T00:00:00Z' }], { stateVersion: 1 }));
      const loads = await rows('_dlt_loads', '*', quote('load_id'));
      expect(loads.map((r) => Object.keys(r).sort())[0]).toEqual(['inserted_at', 'load_id', 'schema_name', 'schema_version_hash', 'status']);
      expect(loads.map((r) => [r.load_id, r.schema_name, r.status, r.schema_version_hash])).toEqual([
        ['700', 'suite_source', 0, job.schema.version_hash], ['701', 'suite_source', 0, job.schema.version_hash],
      ]);
      const state = await rows('_dlt_pipeline_state', '*', quote('created_at'));
      expect(Object.keys(state[0] ?? {}).sort()).toEqual(['_dlt_id', '_dlt_load_id', 'created_at', 'engine_version', 'pipeline_name', 'state', 'version', 'version_hash']);
      // the second load did not change the state: one row
      expect(state).toHaveLength(1);
      expect(state[0]).toMatchObject({ version: 1, engine_version: 1, pipeline_name: PIPELINE, _dlt_load_id: '700' });
      expect(JSON.parse(String(state[0]?.state))).toMatchObject({ pipeline_name: PIPELINE, last_load_id: '700' });
      const versions = await rows('_dlt_version', '*', quote('version'));
      expect(Object.keys(versions[0] ?? {}).sort()).toEqual(['engine_version', 'inserted_at', 'schema', 'schema_name', 'version', 'version_hash']);
      expect(versions).toHaveLength(1);
      expect(versions[0]).toMatchObject({ version: 1, schema_name: 'suite_source', version_hash: job.schema.version_hash });
      expect(JSON.parse(String(versions[0]?.schema))).toMatchObject({ name: 'suite_source', tables: { issues: { name: 'issues' } } });
    });

    it('loads a load id once even when the package is loaded twice', async () => {
      const job = pkg('800', 'append', [{ id: 1, title: 'a', labels: ['x'] }]);
      expect(await dest.isLoadCommitted('800')).toBe(false);
      await dest.loadPackage(job);
      expect(await dest.isLoadCommitted('800')).toBe(true);
      const again = await dest.loadPackage(job);
      expect(again.alreadyCommitted).toBe(true);
      expect(again.rows).toEqual({});
      expect(await count('issues')).toBe(1);
      expect(await count('issues__labels')).toBe(1);
      expect(await count('_dlt_loads')).toBe(1);
    });

    it('commits nothing when one table of a package fails', async () => {
      const schema = issuesSchema('append');
      const { roots } = issueRows('850', [{ id: 1, title: 'ok' }], false);
      const bad = writeTableFile(dir, 'issues__labels', [{ value: 'x', _dlt_parent_id: 'p', _dlt_list_idx: 'not a number', _dlt_id: 'l1' }], fileFormat());
      const job: PackageLoadJob = {
        loadId: '850', pipelineName: PIPELINE, schema, state: makeState(1, null, datasetName),
        tables: [{ table: 'issues', writeDisposition: 'append', files: [writeTableFile(dir, 'issues', roots, fileFormat())] }, { table: 'issues__labels', writeDisposition: 'append', files: [bad] }],
      };
      await expect(dest.loadPackage(job)).rejects.toThrow(/issues__labels/);
      expect(await dest.isLoadCommitted('850')).toBe(false);
      expect(await count('_dlt_loads')).toBe(0);
      expect(await count('_dlt_pipeline_state')).toBe(0);
      const tables = await dest.query(`SELECT count(*) AS n FROM ${ref('_dlt_version')}`);
      expect(tables[0]?.n).toBe(0);
    });

    it('restorePipeline returns the newest state and schema', async () => {
      expect(await dest.restorePipeline(PIPELINE)).toBeUndefined();
      await dest.loadPackage(pkg('900', 'append', [{ id: 1, title: 'a', updated_at: '2024-01-01T00:00:00Z' }], { stateVersion: 1 }));
      const evolved = issuesSchema('append', { extraColumns: [col('extra', 'text')], version: 2 });
      await dest.loadPackage(pkg('901', 'append', [{ id: 2, title: 'b', updated_at: '2024-06-01T00:00:00Z', extra: 'e' }], { stateVersion: 2, schema: evolved }));
      const restored = await dest.restorePipeline(PIPELINE);
      expect(restored?.state.version).toBe(2);
      expect(restored?.state.last_load_id).toBe('901');
      expect(restored?.state.sources).toEqual(makeState(2, '2024-06-01T00:00:00Z', datasetName).sources);
      expect(restored?.schema?.version_hash).toBe(evolved.version_hash);
      expect(Object.keys(restored?.schema?.tables.issues?.columns ?? {})).toContain('extra');
      expect(await dest.restorePipeline('another_pipeline')).toBeUndefined();
    });

    it('quotes identifiers: spaces, SQL keywords, unicode and quotes', async () => {
      // Names every destination accepts (BigQuery refuses `"` in a column name; DuckDB's own tests cover `"` and `'`).
      const names = ['select', 'my column', 'ünïcödé_名前', 'Order'];
      const weird = table('from', [...names.map((n) => col(n, 'text')), ...rootDltColumns()], { write_disposition: 'replace' });
      const child = table('from__group by', [col('value', 'text'), ...nestedDltColumns(false)], { parent: 'from' });
      const schema = makeSchema([weird, child]);
      const row = Object.fromEntries([...names.map((n) => [n, `v:${n}`]), ['_dlt_load_id', '950'], ['_dlt_id', 'w1']]);
      const job: PackageLoadJob = {
        loadId: '950', pipelineName: PIPELINE, schema, state: makeState(1, null, datasetName),
        tables: [
          { table: 'from', writeDisposition: 'replace', files: [writeTableFile(dir, 'from', [row], fileFormat())] },
          { table: 'from__group by', writeDisposition: 'replace', files: [writeTableFile(dir, 'child', [{ value: 'g', _dlt_parent_id: 'w1', _dlt_list_idx: 0, _dlt_id: 'c1' }], fileFormat())] },
        ],
      };
      await dest.loadPackage(job);
      const [loaded] = await dest.query(`SELECT ${names.map(quote).join(', ')} FROM ${ref('from')}`);
      expect(loaded).toEqual(Object.fromEntries(names.map((n) => [n, `v:${n}`])));
      expect(await count('from__group by')).toBe(1);
    });
  });
}
