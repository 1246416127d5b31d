import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeItem, startItemsApi, type Item, type ItemsApiControl } from './helpers/items-api';
import { httpResource, httpSource } from './helpers/http-source';
import { tempPipeline, type TempPipeline } from './helpers/temp-pipeline';
import { sendText, type ApiServer } from '../../helpers/api-server';
import { restApiSource } from '../../../core/source/rest-api-source';
import type { TableHints } from '../../../core/schema/types';
import { PipelineStepError } from '../../../core/errors/pipeline-step-error';
import { redactor } from '../../../core/http/redactor';
import { DuckDbDestination } from '../../../core/destinations/duckdb/duckdb-destination';
import { pipeline } from '../../../core/pipeline/pipeline';
import { silentLogger } from '../../../core/logger';

const range = (n: number, from = 1): Item[] => Array.from({ length: n }, (_, i) => makeItem(i + from));

describe('pipeline end to end into DuckDB', () => {
  let server: ApiServer;
  let control: ItemsApiControl;
  let t: TempPipeline;

  beforeEach(async () => {
    ({ server, control } = await startItemsApi(range(25), 10));
    t = tempPipeline();
  });
  afterEach(async () => {
    await t.cleanup();
    await server.close();
  });

  const source = (hints: Partial<TableHints> = {}, incremental = false) =>
    httpSource('shop', [httpResource({ name: 'items', url: `${server.baseUrl}/items`, hints, incremental })]);

  it('loads root and nested tables with the expected rows, columns and types, and reports load info', async () => {
    const p = t.make();
    const info = await p.run(source());
    expect(info.load_ids).toHaveLength(1);
    expect(p.pendingPackages()).toEqual([]);
    expect(info.tables).toMatchObject({ items: 25, items__tags: 50, items__lines: range(25).reduce((n, i) => n + i.lines.length, 0) });
    expect(info.records).toEqual({ items: 25 });
    expect(info.pages).toBe(3);
    expect(info.schema_changes.filter((c) => c.kind === 'new_table').map((c) => c.table).sort()).toEqual(['items', 'items__lines', 'items__tags']);
    expect(info.durations.extract).toBeGreaterThanOrEqual(0);

    const columns = await t.query(`SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = 'data' AND table_name = 'items' ORDER BY ordinal_position`);
    const types = Object.fromEntries(columns.map((c) => [c.column_name, c.data_type]));
    expect(types).toMatchObject({ id: 'BIGINT', name: 'VARCHAR', price: 'DOUBLE', active: 'BOOLEAN', customer__id: 'BIGINT', customer__email: 'VARCHAR' });
    expect(String(types.updated_at)).toMatch(/^TIMESTAMP/);
    const items = await t.rows('items', 'id');
    expect(items[0]).toMatchObject({ id: 1, name: 'item-1', price: 1.5, active: false, customer__email: 'c1@example.com' });
    const tags = await t.query(`SELECT t.value, t._dlt_list_idx FROM data.items__tags t JOIN data.items i ON t._dlt_parent_id = i._dlt_id WHERE i.id = 4 ORDER BY t._dlt_list_idx`);
    expect(tags).toEqual([{ value: 't1', _dlt_list_idx: 0 }, { value: 't2', _dlt_list_idx: 1 }]);
    const loads = await t.query(`SELECT load_id, status FROM data._dlt_loads`);
    expect(loads).toEqual([{ load_id: info.load_ids[0], status: 0 }]);
    // The package is gone once committed (its files by the time the pipeline closed, which `query` did); state and
    // schema are kept locally.
    expect(readdirSync(join(t.pipelinesDir, 'shop', 'packages'))).toEqual([]);
    expect(existsSync(join(t.pipelinesDir, 'shop', 'schema.json'))).toBe(true);
  });

  it('deletes the files a loaded package left behind (a process that ended while deleting them) on the next run', async () => {
    const leftover = join(t.pipelinesDir, 'shop', 'packages', '.loaded-1700000000.000001', 'normalized');
    mkdirSync(leftover, { recursive: true });
    writeFileSync(join(leftover, 'items.0000.ndjson'), '{"id":1}\n');
    const p = t.make();
    expect(p.pendingPackages()).toEqual([]);
    await p.run(source());
    await p.close();
    expect(readdirSync(join(t.pipelinesDir, 'shop', 'packages'))).toEqual([]);
    expect(await t.query('SELECT count(*)::INT AS n FROM data.items')).toEqual([{ n: 25 }]);
  });

  it('emits progress per step and resource, and a summary', async () => {
    const p = t.make();
    control.delayMs = 40;
    await p.run(source());
    const extract = t.events.filter((e) => e.type === 'resource_progress' && e.step === 'extract');
    expect(extract).toHaveLength(3);
    // The first page's wait counts: 10 records after a 40 ms response is at most 250 records/s.
    expect(extract[0]).toMatchObject({ records: 10 });
    expect((extract[0] as { elapsed_ms: number }).elapsed_ms).toBeGreaterThanOrEqual(35);
    expect((extract[0] as { rate: number }).rate).toBeLessThanOrEqual(300);
    expect(extract.at(-1)).toMatchObject({ resource: 'items', pages: 3, records: 25 });
    expect(extract[0]).toMatchObject({ page_url: `${server.baseUrl}/items` });
    const normalize = t.events.filter((e) => e.type === 'resource_progress' && e.step === 'normalize');
    expect(normalize.at(-1)).toMatchObject({ resource: 'items', pages: 3, records: 25, rows: 25 + 50 + range(25).reduce((n, i) => n + i.lines.length, 0) });
    const steps = t.events.filter((e) => e.type === 'step_finished').map((e) => (e as { step: string }).step);
    expect(steps).toEqual(['extract', 'normalize', 'load']);
    expect(t.events.at(-1)).toMatchObject({ type: 'summary' });
  });

  it('append twice doubles the rows', async () => {
    await t.make().run(source());
    const second = await t.make().run(source());
    expect(second.tables.items).toBe(25);
    expect(await t.query('SELECT count(*)::INT AS n FROM data.items')).toEqual([{ n: 50 }]);
    expect(await t.query('SELECT count(*)::INT AS n FROM data.items__tags')).toEqual([{ n: 100 }]);
  });

  it('replace keeps one copy, nested tables included', async () => {
    await t.make().run(source({ write_disposition: 'replace' }));
    control.items = range(5);
    await t.make().run(source({ write_disposition: 'replace' }));
    expect(await t.query('SELECT count(*)::INT AS n FROM data.items')).toEqual([{ n: 5 }]);
    expect(await t.query('SELECT count(*)::INT AS n FROM data.items__tags')).toEqual([{ n: 10 }]);
  });

  it('merge keeps one row per key with the latest values and replaces nested rows', async () => {
    const hints: Partial<TableHints> = { write_disposition: 'merge', primary_key: ['id'] };
    await t.make().run(source(hints));
    control.items = [...range(25).filter((i) => i.id !== 3), makeItem(3, 1), makeItem(26)];
    await t.make().run(source(hints));
    expect(await t.query('SELECT count(*)::INT AS n, count(DISTINCT id)::INT AS d FROM data.items')).toEqual([{ n: 26, d: 26 }]);
    expect(await t.query('SELECT name FROM data.items WHERE id = 3')).toEqual([{ name: 'item-3-v1' }]);
    const tags = await t.query(`SELECT t.value FROM data.items__tags t JOIN data.items i ON t._dlt_root_id = i._dlt_id WHERE i.id = 3`);
    expect(tags).toEqual([{ value: 'updated' }]);
    expect(await t.query('SELECT count(*)::INT AS n FROM data.items__tags')).toEqual([{ n: 25 * 2 - 2 + 1 + 2 }]);
  });

  it('incremental: a second run loads only new and changed records, and the cursor is committed', async () => {
    const hints: Partial<TableHints> = { write_disposition: 'merge', primary_key: ['id'] };
    const first = await t.make().run(source(hints, true));
    expect(first.tables.items).toBe(25);
    control.items = [...range(25).filter((i) => i.id !== 7), makeItem(7, 1), makeItem(30)];
    const second = await t.make().run(source(hints, true));
    expect(second.tables.items).toBe(2);
    expect(server.requests.at(-1)?.url).toContain('since=');
    expect(await t.query('SELECT count(*)::INT AS n FROM data.items')).toEqual([{ n: 26 }]);
    const third = await t.make().run(source(hints, true));
    expect(third.tables.items ?? 0).toBe(0);
    const p = t.make();
    expect(p.state().sources.shop?.resources.items).toEqual({ last_value: makeItem(7, 1).updated_at });
  });

  it('restores state and schema from the destination when the local pipeline folder is gone', async () => {
    const { rmSync } = await import('node:fs');
    await t.make().run(source({}, true));
    rmSync(join(t.pipelinesDir, 'shop'), { recursive: true });
    control.items = [...range(25), makeItem(26)];
    const info = await t.make().run(source({}, true));
    expect(info.tables.items).toBe(1);
    expect(await t.query('SELECT count(*)::INT AS n FROM data.items')).toEqual([{ n: 26 }]);
  });

  it('a damaged local state file: the error says to delete it, and the next run restores state and schema from the destination', async () => {
    const { rmSync } = await import('node:fs');
    await t.make().run(source({}, true));
    const statePath = join(t.pipelinesDir, 'shop', 'state.json');
    writeFileSync(statePath, '{"sources": {"shop"');
    const error = (await t.make().run(source({}, true)).catch((e: unknown) => e)) as Error;
    expect(error.message).toContain(`pipeline \`shop\`: ${statePath} is not valid JSON`);
    expect(error.message).toContain(`delete state.json and schema.json in ${join(t.pipelinesDir, 'shop')}: the next run restores both from the destination`);
    rmSync(statePath);
    rmSync(join(t.pipelinesDir, 'shop', 'schema.json'));
    control.items = [...range(25), makeItem(26)];
    const info = await t.make().run(source({}, true));
    expect(info.tables.items).toBe(1); // the cursor came back from the destination
    expect(await t.query('SELECT count(*)::INT AS n FROM data.items')).toEqual([{ n: 26 }]);
  });

  it('loads every date-time form it detects as a timestamp: minutes-only ones with a zone, nanoseconds too', async () => {
    const forms = ['2024-01-02T03:04Z', '2024-01-02T03:04+02:00', '2024-01-02 03:04Z', '2024-01-02T03:04', '2024-01-02T03:04:05.123456Z', '2024-01-02T03:04:05.123456789+05:30'];
    control.items = forms.map((updated, i) => ({ ...makeItem(i + 1), updated_at: updated }));
    await t.make().run(source());
    const loaded = await t.query(`SELECT id, strftime(updated_at AT TIME ZONE 'UTC', '%Y-%m-%d %H:%M:%S.%f') AS utc, typeof(updated_at) AS type FROM data.items ORDER BY id`);
    expect(loaded.map((r) => r.type)).toEqual(forms.map(() => 'TIMESTAMP WITH TIME ZONE'));
    expect(loaded.map((r) => r.utc)).toEqual([
      '2024-01-02 03:04:00.000000', '2024-01-02 01:04:00.000000', '2024-01-02 03:04:00.000000', '2024-01-02 03:04:00.000000', '2024-01-02 03:04:05.123456',
      '2024-01-01 21:34:05.123456',
    ]);
  });

  it('rows that cannot fit their columns: the error says the load would fail alike and how to get past it', async () => {
    // A decimal column (DuckDB's DECIMAL(38,9), 29 digits before the point) cannot take a 30-digit value.
    control.items = [{ ...makeItem(1), huge: Number('123456789012345678901234567890') } as Item];
    const error = (await t.make().run(source({ columns: { huge: { data_type: 'decimal' } } })).catch((e: unknown) => e)) as PipelineStepError;
    expect(error).toBeInstanceOf(PipelineStepError);
    expect(error.step).toBe('load');
    expect(error.message).toMatch(/Could not convert/);
    expect(error.message).toContain('loading it again fails the same way: fix the cause (a `columns` type hint in the config, say)');
    expect(error.message).toContain(`then drop it with \`sluice drop-pending --pipeline-name shop --pipelines-dir ${t.pipelinesDir}\``);
    expect(error.message).not.toContain('run the pipeline again to load it');
    // As it says: drop the package, hint the column, run again.
    expect(await t.make().dropPending()).toHaveLength(1);
    const fixed = await t.make().run(source({ columns: { huge: { data_type: 'text' } } }));
    expect(fixed.tables.items).toBe(1);
    // The test API sends the value as a double (JSON.stringify writes 1.2345678901234568e+29), and text keeps it so.
    expect(await t.query('SELECT huge FROM data.items')).toEqual([{ huge: '1.2345678901234568e+29' }]);
  });

  it('exact integers survive the raw pages of a separate extract: the tables equal those of one run', async () => {
    const body = '{"data": [{"id": 1790000000000000001, "n": 1}, {"id": 1790000000000000002, "n": 2}], "next": null}';
    server.addRoutes([{ path: '/snowflakes', handler: (_req, res) => sendText(res, 200, body, 'application/json') }]);
    const snow = () => restApiSource({
      client: { base_url: server.baseUrl, paginator: 'single_page' },
      resources: [{ name: 'snow', endpoint: { path: 'snowflakes', data_selector: 'data' } }],
    }, {});
    const loaded = async (target: TempPipeline) => target.query('SELECT id::VARCHAR AS id, typeof(id) AS type, n FROM data.snow ORDER BY id');
    const p = t.make('steps');
    await p.extract(snow());
    await p.normalize();
    await p.load();
    const oneRun = tempPipeline();
    try {
      await oneRun.make('steps').run(snow());
      const expected = [{ id: '1790000000000000001', type: 'BIGINT', n: 1 }, { id: '1790000000000000002', type: 'BIGINT', n: 2 }];
      expect(await loaded(oneRun)).toEqual(expected);
      expect(await loaded(t)).toEqual(expected);
    } finally {
      await oneRun.cleanup();
    }
  });

  it('extract and normalize run as separate steps without loading', async () => {
    const p = t.make();
    const loadId = await p.extract(source());
    expect(p.pendingPackages()).toMatchObject([{ load_id: loadId, status: 'extracted', resources: [{ resource: 'items', records: 25, pages: 3 }] }]);
    expect(await p.normalize()).toEqual([loadId]);
    expect(p.pendingPackages()[0]).toMatchObject({ status: 'normalized', tables: { items: 25, items__tags: 50 } });
    const info = await p.load();
    expect(info.load_ids).toEqual([loadId]);
    expect(p.pendingPackages()).toEqual([]);
  });

  it('cuts DuckDB table files into parts of 1 MB (the destination\'s own size), each recorded with its size', async () => {
    // ~3,000 items with long names give the items table a few MB of files.
    control.items = range(3000).map((item) => ({ ...item, name: `${item.name} ${'x'.repeat(1000)}` }));
    control.pageSize = 100;
    const p = t.make();
    const loadId = await p.extract(source());
    await p.normalize();
    const packageDir = join(t.pipelinesDir, 'shop', 'packages', loadId);
    const manifest = JSON.parse(readFileSync(join(packageDir, 'manifest.json'), 'utf8')) as { jobs: { table: string; files: string[]; file_bytes: number[] }[] };
    const items = manifest.jobs.find((job) => job.table === 'items')!;
    expect(items.files.length).toBeGreaterThanOrEqual(3);
    const sizes = items.files.map((file) => statSync(join(packageDir, 'normalized', file)).size);
    expect(items.file_bytes).toEqual(sizes);
    // A part closes at the first batch past 1 MB: every one but the last is between 1 MB and 1 MB + one batch (~100 KB).
    for (const size of sizes.slice(0, -1)) {
      expect(size).toBeGreaterThanOrEqual(2 ** 20);
      expect(size).toBeLessThan(2 ** 20 + 200_000);
    }
    expect((await p.load()).tables.items).toBe(3000);
  });

  it('extracts only the resources asked for', async () => {
    const s = httpSource('shop', [
      httpResource({ name: 'items', url: `${server.baseUrl}/items` }),
      httpResource({ name: 'other', url: `${server.baseUrl}/items` }),
    ]);
    const info = await t.make().run(s, { resources: ['other'] });
    expect(Object.keys(info.records)).toEqual(['other']);
    await expect(t.make().run(s, { resources: ['nope'] })).rejects.toThrow(/unknown resource `nope` in source `shop`; valid values are: items, other/);
  });

  it('a record that is not an object fails the extract with the resource, the page URL and what was found', async () => {
    const url = `${server.baseUrl}/items?page=1&api_key=s3cr3t`;
    const bad = httpSource('shop', [{
      name: 'odd', hints: { resource: 'odd', table_name: 'odd', write_disposition: 'append' }, selected: true,
      async *extract() {
        yield { records: [{ id: 1 }, 'x' as unknown as Record<string, unknown>], page: { number: 1, method: 'GET', url: redactor.redactUrl(url), status: 200, elapsedMs: 1, bytes: 10, paginator: { type: 'single_page', hasNext: false, reason: '' }, retries: 0 } };
      },
    }]);
    const error = (await t.make().run(bad).catch((e: unknown) => e)) as Error;
    expect(error.message).toBe(
      `extract of resource \`odd\` failed in pipeline \`shop\` (load ${(error as PipelineStepError).loadId}): resource \`odd\`: record at index 1 on page 1 ` +
      `(${server.baseUrl}/items?page=1&api_key=***) is not an object: expected a JSON object, got string "x"; check the resource's \`data_selector\`; ` +
      'nothing was loaded and the incremental state was not advanced: run again to extract anew');
    expect((error as PipelineStepError).details).toMatchObject({ step: 'extract', resource: 'odd', causeCode: 'RECORD_NOT_OBJECT' });
  });

  it('refuses a second concurrent run of the same pipeline, and takes over a lock left by a dead process', async () => {
    const { writeFileSync, mkdirSync } = await import('node:fs');
    control.delayMs = 50;
    const first = t.make().run(source());
    await new Promise((r) => setTimeout(r, 20));
    await expect(t.make().run(source())).rejects.toThrow(/pipeline `shop` is already running \(process \d+, since .*\); wait for it to finish/);
    await first;
    control.delayMs = 0;
    mkdirSync(join(t.pipelinesDir, 'shop'), { recursive: true });
    writeFileSync(join(t.pipelinesDir, 'shop', 'pipeline.lock'), JSON.stringify({ pid: 2 ** 22 + 12345, since: 'long ago' }));
    await expect(t.make().run(source())).resolves.toMatchObject({ tables: { items: 25 } });
    expect(existsSync(join(t.pipelinesDir, 'shop', 'pipeline.lock'))).toBe(false);
  });

  it('cancellation through an AbortSignal after extract leaves the package pending, and the next run finishes it', async () => {
    const controller = new AbortController();
    const p = t.make();
    const error = await p.run(source({}, true), {
      signal: controller.signal,
      onProgress: (e) => { if (e.type === 'step_finished' && e.step === 'normalize') controller.abort(); },
    }).catch((e: unknown) => e as PipelineStepError);
    expect(error).toBeInstanceOf(PipelineStepError);
    expect((error as PipelineStepError).step).toBe('load');
    expect(p.pendingPackages()).toMatchObject([{ status: 'normalized' }]);
    const info = await t.make().run(source({}, true));
    // The kept package is loaded; the new extract finds nothing past its cursor, so no empty load follows it.
    expect(info.load_ids).toHaveLength(1);
    expect(info.tables.items).toBe(25);
    expect(await t.query('SELECT count(*)::INT AS n FROM data.items')).toEqual([{ n: 25 }]);
  });

  it('a run with nothing new (no rows, no schema or state change) writes no load, as dlt does', async () => {
    const first = await t.make().run(source({}, true));
    expect(first.load_ids).toHaveLength(1);
    t.events.length = 0;
    const second = await t.make().run(source({}, true));
    expect(second.load_ids).toEqual([]);
    expect(second.tables).toEqual({});
    expect(t.events).toContainEqual(expect.objectContaining({ type: 'nothing_to_load' }));
    expect(t.make().pendingPackages()).toEqual([]);
    expect(await t.query('SELECT count(*)::INT AS n FROM data._dlt_loads')).toEqual([{ n: 1 }]);
    // New records load as usual afterwards.
    control.items = [...range(25), makeItem(26)];
    expect((await t.make().run(source({}, true))).tables.items).toBe(1);
    expect(await t.query('SELECT count(*)::INT AS n FROM data._dlt_loads')).toEqual([{ n: 2 }]);
  });

  it('a run normalizes pages as they come without a raw copy; cancelled before it is normalized, the package is extracted anew', async () => {
    const p = t.make();
    const seen: { status?: string; raw: string[] }[] = [];
    const controller = new AbortController();
    const error = await p.run(source({}, true), {
      signal: controller.signal,
      onProgress: (e) => {
        if (e.type === 'resource_progress' && e.step === 'extract' && e.pages === 2) {
          const [pkg] = p.pendingPackages();
          seen.push({ status: pkg?.status, raw: readdirSync(join(t.pipelinesDir, 'shop', 'packages', pkg!.load_id, 'extracted')) });
          controller.abort();
        }
      },
    }).catch((e: unknown) => e as PipelineStepError);
    expect(error).toBeInstanceOf(PipelineStepError);
    expect(seen).toEqual([{ status: 'extracting', raw: [] }]);
    // Nothing half-done is left, and the cursor did not move: the next run loads every record once.
    expect(p.pendingPackages()).toEqual([]);
    const info = await t.make().run(source({}, true));
    expect(info.tables.items).toBe(25);
    expect(await t.query('SELECT count(*)::INT AS n, count(DISTINCT id)::INT AS ids FROM data.items')).toEqual([{ n: 25, ids: 25 }]);
  });

  it('cancelled while the load runs: nothing is committed, the package stays, and the next run loads it once', async () => {
    const destination = new DuckDbDestination({ path: t.dbPath, datasetName: 'data' });
    const controller = new AbortController();
    const load = destination.loadPackage.bind(destination);
    // Ctrl+C just after the load began (what `sluice run` turns SIGINT into).
    destination.loadPackage = (job) => { const loading = load(job); controller.abort(new Error('interrupted')); return loading; };
    const p = pipeline({ pipelineName: 'shop', destination, pipelinesDir: t.pipelinesDir });
    const error = await p.run(source({}, true), { signal: controller.signal }).catch((e: unknown) => e);
    await p.close();
    expect(error).toBeInstanceOf(PipelineStepError);
    expect((error as PipelineStepError).step).toBe('load');
    expect((error as Error).message).toMatch(/was cancelled; nothing was committed and the package can be loaded again/);
    const [pending] = t.make().pendingPackages();
    expect(pending).toMatchObject({ status: 'loading' });
    expect(await t.query(`SELECT count(*)::INT AS n FROM information_schema.tables WHERE table_schema = 'data' AND table_name = 'items'`)).toEqual([{ n: 0 }]);
    // The next run loads the kept package first; its own extraction then finds nothing new past the cursor.
    const info = await t.make().run(source({}, true));
    expect(info.load_ids[0]).toBe(pending!.load_id);
    expect(info.tables.items).toBe(25);
    expect(await t.query('SELECT count(*)::INT AS n, count(DISTINCT id)::INT AS ids FROM data.items')).toEqual([{ n: 25, ids: 25 }]);
  });

  it('hands normalizing to a worker thread past the threshold and produces the same tables and schema changes', async () => {
    const snapshot = async (name: string) => ({
      items: (await t.query(`SELECT * EXCLUDE (_dlt_id, _dlt_load_id) FROM data.items ORDER BY id`)),
      tags: await t.query(`SELECT i.id, t._dlt_list_idx, t.value FROM data.items__tags t JOIN data.items i ON t._dlt_parent_id = i._dlt_id ORDER BY 1, 2`),
      name,
    });
    const inThread = await t.make('shop', { normalizeWorkerAfterRecords: Infinity }).run(source({ write_disposition: 'replace' }));
    const a = await snapshot('a');
    // Small file parts too: several parts per table, some written in this thread, some in the worker.
    const viaWorker = await t.make('shop2', { normalizeWorkerAfterRecords: 10, tablePartBytes: 500 }).run(source({ write_disposition: 'replace' }));
    const b = await snapshot('b');
    expect(viaWorker.tables).toEqual(inThread.tables);
    expect(viaWorker.schema_changes.map((c) => [c.table, c.kind, c.column])).toEqual(inThread.schema_changes.map((c) => [c.table, c.kind, c.column]));
    expect(b.items).toEqual(a.items);
    expect(b.tags).toEqual(a.tags);
  });

  it('beside the worker this thread normalizes batches too, while the schema holds still; the tables are those of one thread', async () => {
    // Columns appear late (`note`), `qty` widens from bigint to double, a nested list appears late (`extras`): each
    // change is the worker's to make, the batches in between are normalized here into parts of their own.
    const items = range(200).map((item, i) => ({
      ...item, qty: i < 120 ? i : i + 0.25, ...(i >= 60 ? { note: `late ${i}` } : {}), ...(i >= 160 ? { extras: [{ k: i }] } : {}),
    }));
    control.items = items as Item[];
    control.pageSize = 5;
    const snapshot = async (target: TempPipeline): Promise<unknown> => ({
      items: await target.query('SELECT * EXCLUDE (_dlt_id, _dlt_load_id) FROM data.items ORDER BY id'),
      types: await target.query(`SELECT table_name, column_name, data_type FROM information_schema.columns WHERE table_schema = 'data' AND table_name NOT LIKE '_dlt%' ORDER BY 1, 2`),
      tags: await target.query('SELECT i.id, t._dlt_list_idx AS idx, t.value FROM data.items__tags t JOIN data.items i ON t._dlt_parent_id = i._dlt_id ORDER BY 1, 2'),
      extras: await target.query('SELECT i.id, e.k FROM data.items__extras e JOIN data.items i ON e._dlt_parent_id = i._dlt_id ORDER BY 1'),
    });
    const reference = tempPipeline();
    try {
      const inThread = await reference.make('shop', { normalizeWorkerAfterRecords: Infinity }).run(source());
      const destination = new DuckDbDestination({ path: t.dbPath, datasetName: 'data' });
      const p = pipeline({
        pipelineName: 'shop', destination, pipelinesDir: t.pipelinesDir, tablePartBytes: 300,
        normalizeWorkerAfterRecords: 0, normalizeHelpWhenPending: 0,
      });
      let parts: string[] = [];
      let shared;
      try {
        shared = await p.run(source(), {
          onProgress: (e) => {
            if (e.type === 'step_finished' && e.step === 'normalize') parts = readdirSync(join(t.pipelinesDir, 'shop', 'packages', e.load_id, 'normalized'));
          },
        });
      } finally {
        await p.close();
      }
      expect(shared.tables).toEqual(inThread.tables);
      expect(shared.schema_changes.map((c) => [c.table, c.kind, c.column, c.data_type]).sort())
        .toEqual(inThread.schema_changes.map((c) => [c.table, c.kind, c.column, c.data_type]).sort());
      // Parts of both threads: the worker's `items.0000.columns.ndjson`, this thread's `items.s0000.columns.ndjson`.
      expect(parts.some((f) => /^items\.s\d{4}\.columns\.ndjson$/.test(f))).toBe(true);
      expect(parts.some((f) => /^items\.\d{4}\.columns\.ndjson$/.test(f))).toBe(true);
      expect(await snapshot(t)).toEqual(await snapshot(reference));
      // each thread numbers its rows under prefixes of its own: no id is given twice
      for (const table of ['items', 'items__tags', 'items__extras']) {
        expect(await t.query(`SELECT count(*)::INT AS n, count(DISTINCT _dlt_id)::INT AS ids FROM data.${table}`), table)
          .toEqual([{ n: shared.tables[table], ids: shared.tables[table] }]);
      }
    } finally {
      await reference.cleanup();
    }
  });

  it('splits table files into parts and merges across them: the last occurrence of a key in the package wins', async () => {
    const hints: Partial<TableHints> = { write_disposition: 'merge', primary_key: ['id'] };
    // One record per page and a part per page: the three versions of id 3 sit in three different parts.
    control.items = [...range(25), makeItem(3, 1), makeItem(3, 2)];
    control.pageSize = 1;
    const p = t.make('shop', { tablePartBytes: 100 });
    const loadId = await p.extract(source(hints));
    await p.normalize();
    const items = p.pendingPackages()[0];
    expect(items?.tables.items).toBe(27);
    const { readdirSync: list } = await import('node:fs');
    const parts = list(join(t.pipelinesDir, 'shop', 'packages', loadId, 'normalized')).filter((f) => f.startsWith('items.'));
    expect(parts).toHaveLength(27);
    expect(parts[0]).toBe('items.0000.columns.ndjson');
    await p.load();
    expect(await t.query('SELECT count(*)::INT AS n FROM data.items')).toEqual([{ n: 25 }]);
    expect(await t.query('SELECT name FROM data.items WHERE id = 3')).toEqual([{ name: 'item-3-v2' }]);
  });
  it('merge with a key twice in one load keeps the winning record with its own nested rows only', async () => {
    // The API sorts by id: the three versions of id 3 come in this order, each with its own tags.
    const version = (v: number, tags: string[], updatedMinute: number): Item => ({ ...makeItem(3, v), tags, updated_at: new Date(Date.UTC(2024, 1, 1, 0, updatedMinute)).toISOString() });
    control.items = [...range(5).filter((i) => i.id !== 3), version(0, ['old-a', 'old-b'], 5), version(1, ['newest'], 9), version(2, ['last-sent'], 7)];
    const nestedOf3 = async (target: TempPipeline) => ({
      name: await target.query('SELECT name FROM data.items WHERE id = 3'),
      tags: await target.query(`SELECT t.value FROM data.items__tags t JOIN data.items i ON t._dlt_root_id = i._dlt_id WHERE i.id = 3 ORDER BY t._dlt_list_idx`),
      lines: await target.query(`SELECT l.sku FROM data.items__lines l JOIN data.items i ON l._dlt_root_id = i._dlt_id WHERE i.id = 3 ORDER BY l._dlt_list_idx`),
      // No nested row of a record that lost: every one hangs off a loaded root row, and ids stay unique.
      orphans: await target.query(`SELECT count(*)::INT AS n FROM data.items__tags t WHERE t._dlt_root_id NOT IN (SELECT _dlt_id FROM data.items)`),
      duplicateIds: await target.query(`SELECT count(*)::INT - count(DISTINCT _dlt_id)::INT AS n FROM data.items__tags`),
    });
    const lastWins = await t.make().run(source({ write_disposition: 'merge', primary_key: ['id'] }));
    expect(lastWins.tables).toMatchObject({ items: 5, items__tags: 4 * 2 + 1 });
    expect(await nestedOf3(t)).toEqual({
      name: [{ name: 'item-3-v2' }], tags: [{ value: 'last-sent' }], lines: makeItem(3, 2).lines.map((l) => ({ sku: l.sku })),
      orphans: [{ n: 0 }], duplicateIds: [{ n: 0 }],
    });

    const sorted = tempPipeline();
    try {
      await sorted.make().run(source({ write_disposition: 'merge', primary_key: ['id'], columns: { updated_at: { dedup_sort: 'desc' } } }));
      expect(await nestedOf3(sorted)).toMatchObject({ name: [{ name: 'item-3-v1' }], tags: [{ value: 'newest' }], orphans: [{ n: 0 }], duplicateIds: [{ n: 0 }] });
    } finally {
      await sorted.cleanup();
    }
  });

  it('loads finished table parts while extraction goes on, with the same tables as loading after it', async () => {
    // Small parts close during extraction and are staged into the destination's open transaction. Columns appear
    // late (`note`), and `qty` starts as integers and widens to double in the last records.
    const items = range(40).map((item, i) => ({ ...item, qty: i < 30 ? i : i + 0.25, ...(i >= 20 ? { note: `late ${i}` } : {}) }));
    control.items = items as Item[];
    control.pageSize = 4;
    const snapshot = async (target: TempPipeline): Promise<unknown> => ({
      items: await target.rows('items', 'id'),
      types: await target.query(`SELECT table_name, column_name, data_type FROM information_schema.columns WHERE table_schema = 'data' AND table_name NOT LIKE '_dlt%' ORDER BY 1, 2`),
      tags: await target.query('SELECT i.id, t._dlt_list_idx AS idx, t.value FROM data.items__tags t JOIN data.items i ON t._dlt_parent_id = i._dlt_id ORDER BY 1, 2'),
      lines: await target.query('SELECT i.id, l._dlt_list_idx AS idx, l.sku, l.qty FROM data.items__lines l JOIN data.items i ON l._dlt_parent_id = i._dlt_id ORDER BY 1, 2'),
    });
    const reference = tempPipeline();
    try {
      const info = await reference.make('shop', { tablePartBytes: 200, stageDuringExtract: false }).run(source());
      expect(info.tables.items).toBe(40);

      const debug: string[] = [];
      const destination = new DuckDbDestination({ path: t.dbPath, datasetName: 'data', logger: { ...silentLogger, debug: (m) => { debug.push(m); } } });
      const staged: string[] = [];
      const real = destination.stageTableFile.bind(destination);
      destination.stageTableFile = (file) => { staged.push(`${file.table.name}:${file.file.split('/').pop()}`); return real(file); };
      const p = pipeline({ pipelineName: 'shop', destination, pipelinesDir: t.pipelinesDir, tablePartBytes: 200 });
      try {
        expect((await p.run(source())).tables).toEqual(info.tables);
      } finally {
        await p.close();
      }
      expect(staged.length).toBeGreaterThan(10);
      expect(staged).toContain('items__lines:items__lines.0000.columns.ndjson');
      // `qty` of items was created as BIGINT while staging and widened later: that package loads from its files.
      expect(debug).toContainEqual(expect.stringMatching(/not using its staged rows \(column `items.qty` was created as BIGINT, the package has it as DOUBLE\)/));
      expect(await snapshot(t)).toEqual(await snapshot(reference));

      // A second run without any widening: its staged rows are committed as they are.
      control.items = items.map((item) => ({ ...item, id: item.id + 1000 })) as Item[];
      const again = pipeline({ pipelineName: 'shop', destination, pipelinesDir: t.pipelinesDir, tablePartBytes: 200 });
      const before = staged.length;
      try {
        expect((await again.run(source())).tables).toEqual(info.tables);
      } finally {
        await again.close();
      }
      expect(staged.length).toBeGreaterThan(before + 10);
      expect(debug.at(-1)).toMatch(/Loaded package .* \(\d+ files staged during extraction\)/);
      expect(await t.query('SELECT count(*)::INT AS n, count(DISTINCT id)::INT AS ids FROM data.items')).toEqual([{ n: 80, ids: 80 }]);
      expect(await t.query('SELECT count(*)::INT AS n FROM data.items__tags')).toEqual([{ n: 160 }]);
    } finally {
      await reference.cleanup();
    }
  });
});
