import { BigQuery } from '@google-cloud/bigquery';
import { PassThroughClient } from 'google-auth-library';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installLoopbackGuard } from '../../helpers/bigquery-emulator/loopback-guard';
import { startBigQueryEmulator, type BigQueryEmulator } from '../../helpers/bigquery-emulator/server';
import { translateSql } from '../../helpers/bigquery-emulator/sql-translator';

const guard = installLoopbackGuard();
let emulator: BigQueryEmulator;
let bq: BigQuery;
let dir: string;

beforeAll(async () => {
  emulator = await startBigQueryEmulator({ jobLatencyMs: 20 });
  bq = new BigQuery({ projectId: 'proj', apiEndpoint: emulator.url, authClient: new PassThroughClient() });
  dir = await mkdtemp(join(tmpdir(), 'bq-emu-test-'));
});

afterAll(async () => {
  await emulator.close();
  await rm(dir, { recursive: true, force: true });
  guard.uninstall();
  expect(guard.violations).toEqual([]);
});

async function waitDone(jobId: string): Promise<Record<string, unknown>> {
  for (;;) {
    const [meta] = await bq.job(jobId).getMetadata() as unknown as [Record<string, unknown>];
    if ((meta.status as { state: string }).state === 'DONE') return meta;
    await new Promise((r) => setTimeout(r, 5));
  }
}

describe('BigQuery emulator driven by the real client', () => {
  it('creates, gets and refuses a duplicate dataset', async () => {
    const [dataset] = await bq.createDataset('ds1', { location: 'EU' });
    expect(dataset.id).toBe('ds1');
    const [meta] = await bq.dataset('ds1').getMetadata();
    expect(meta.location).toBe('EU');
    await expect(bq.createDataset('ds1')).rejects.toMatchObject({ code: 409 });
    const [exists] = await bq.dataset('nope').exists();
    expect(exists).toBe(false);
  });

  it('creates a table, loads NDJSON through a multipart load job polled to DONE, and queries it back', async () => {
    const table = bq.dataset('ds1').table('events');
    await table.create({
      schema: { fields: [
        { name: 'id', type: 'INT64', mode: 'REQUIRED' }, { name: 'at', type: 'TIMESTAMP' }, { name: 'payload', type: 'JSON' },
        { name: 'raw', type: 'BYTES' }, { name: 'price', type: 'NUMERIC' }, { name: 'ok', type: 'BOOL' },
      ] },
      timePartitioning: { type: 'DAY', field: 'at' },
      clustering: { fields: ['id'] },
    });
    const file = join(dir, 'events.ndjson');
    await writeFile(file, [
      JSON.stringify({ id: 1, at: '2024-05-01T10:00:00.5+02:00', payload: { a: [1, 2] }, raw: Buffer.from('hi').toString('base64'), price: '12.50', ok: true }),
      JSON.stringify({ id: 2, at: '2024-05-02T00:00:00Z', payload: null, ok: false }),
    ].join('\n') + '\n');
    const [job] = await table.createLoadJob(file, { sourceFormat: 'NEWLINE_DELIMITED_JSON', writeDisposition: 'WRITE_APPEND', jobId: 'load_events_1' });
    expect(job.id).toBe('load_events_1');
    const meta = await waitDone('load_events_1');
    expect(meta.status).toEqual({ state: 'DONE' });
    expect((meta.statistics as { load: { outputRows: string } }).load.outputRows).toBe('2');
    const upload = emulator.requests.find((r) => r.path === '/upload/bigquery/v2/projects/proj/jobs');
    expect(upload?.query.uploadType).toBe('multipart');
    expect(upload?.headers.authorization).toBeUndefined();

    const [rows] = await bq.query({ query: 'SELECT `id`, `at`, `payload`, `raw`, `price`, `ok` FROM `proj.ds1.events` WHERE `id` >= @min ORDER BY `id`', params: { min: 1 } });
    expect(rows[0].id).toBe(1);
    expect(rows[0].at.value).toBe('2024-05-01T08:00:00.500Z');
    expect(rows[0].payload).toBe('{"a":[1,2]}');
    expect(Buffer.from(rows[0].raw).toString()).toBe('hi');
    expect(String(rows[0].price)).toBe('12.5');
    expect(rows[0].ok).toBe(true);
    expect(rows[1].payload).toBeNull();
    const [listed] = await table.getRows();
    expect(listed.map((r) => r.id)).toEqual([1, 2]);
  });

  it('refuses a re-submitted job id with 409, as BigQuery does', async () => {
    const file = join(dir, 'one.ndjson');
    await writeFile(file, '{"id": 3}\n');
    const table = bq.dataset('ds1').table('events');
    await expect(table.createLoadJob(file, { sourceFormat: 'NEWLINE_DELIMITED_JSON', jobId: 'load_events_1' })).rejects.toMatchObject({ code: 409 });
  });

  it('fails a load with an unknown field or a bad value as a DONE job with BigQuery-style reasons', async () => {
    const table = bq.dataset('ds1').table('events');
    const file = join(dir, 'bad.ndjson');
    await writeFile(file, '{"id": 5, "surprise": 1}\n');
    await table.createLoadJob(file, { sourceFormat: 'NEWLINE_DELIMITED_JSON', jobId: 'bad_1' });
    const meta = await waitDone('bad_1');
    expect(meta.status).toMatchObject({ state: 'DONE', errorResult: { reason: 'invalid', message: expect.stringContaining('No such field: surprise') } });
    await writeFile(file, '{"id": "not a number"}\n');
    await table.createLoadJob(file, { sourceFormat: 'NEWLINE_DELIMITED_JSON', jobId: 'bad_2' });
    expect((await waitDone('bad_2')).status).toMatchObject({ errorResult: { reason: 'invalid' } });
    const [rows] = await bq.query('SELECT count(*) AS n FROM `proj.ds1.events`');
    expect(rows[0].n).toBe(2);
  });

  it('adds NULLABLE columns through tables.patch and refuses what BigQuery cannot change', async () => {
    const table = bq.dataset('ds1').table('events');
    const [meta] = await table.getMetadata();
    const fields = meta.schema.fields as { name: string; type: string; mode?: string }[];
    await table.setMetadata({ schema: { fields: [...fields, { name: 'note', type: 'STRING', mode: 'NULLABLE' }] } });
    const [after] = await table.getMetadata();
    expect(after.schema.fields.map((f: { name: string }) => f.name)).toContain('note');
    const changed = fields.map((f) => (f.name === 'ok' ? { ...f, type: 'STRING' } : f));
    await expect(table.setMetadata({ schema: { fields: changed } })).rejects.toThrow(/Field ok has changed type from BOOL to STRING/);
    await expect(table.setMetadata({ schema: { fields: [...after.schema.fields, { name: 'req', type: 'STRING', mode: 'REQUIRED' }] } }))
      .rejects.toThrow(/Cannot add required fields/);
  });

  it('runs a multi-statement transaction and rolls it back when a statement fails', async () => {
    await bq.query('BEGIN TRANSACTION; DELETE FROM `proj.ds1.events` WHERE `id` = 2; INSERT INTO `proj.ds1.events` (`id`, `note`) VALUES (7, "it\'s"); COMMIT TRANSACTION;');
    let [rows] = await bq.query('SELECT `id`, `note` FROM `proj.ds1.events` ORDER BY `id`');
    expect(rows).toEqual([{ id: 1, note: null }, { id: 7, note: "it's" }]);
    await expect(bq.query('BEGIN TRANSACTION; DELETE FROM `proj.ds1.events` WHERE true; INSERT INTO `proj.ds1.missing` (`id`) VALUES (1); COMMIT TRANSACTION;'))
      .rejects.toMatchObject({ code: 404 });
    [rows] = await bq.query('SELECT count(*) AS n FROM `proj.ds1.events`');
    expect(rows[0].n).toBe(2);
  });

  it('streams rows with insertAll and lists them with tabledata.list', async () => {
    const table = bq.dataset('ds1').table('events');
    await table.insert([{ id: 10, note: 'streamed' }]);
    const [rows] = await table.getRows({ maxResults: 100 });
    expect(rows.find((r) => r.id === 10)?.note).toBe('streamed');
  });

  it('answers with Content-Type application/json exactly and BigQuery error bodies', async () => {
    const res = await fetch(`${emulator.url}/bigquery/v2/projects/proj/datasets/nope`);
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(await res.json()).toMatchObject({ error: { code: 404, errors: [{ reason: 'notFound' }] } });
  });

  it('pages query results and table data; lists datasets', async () => {
    const paged = await startBigQueryEmulator({ pageRows: 3 });
    try {
      const client = new BigQuery({ projectId: 'proj', apiEndpoint: paged.url, authClient: new PassThroughClient() });
      await client.createDataset('p1');
      await client.dataset('p1').table('nums').create({ schema: { fields: [{ name: 'i', type: 'INT64' }] } });
      await client.query('INSERT INTO `proj.p1.nums` (`i`) SELECT * FROM range(10)');
      const [rows] = await client.query('SELECT `i` FROM `proj.p1.nums` ORDER BY `i`');
      expect(rows.map((r) => r.i)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
      expect(paged.requests.filter((r) => r.path.startsWith('/bigquery/v2/projects/proj/queries/')).length).toBeGreaterThanOrEqual(3);
      const [listed] = await client.dataset('p1').table('nums').getRows();
      expect(listed).toHaveLength(10);
      const [datasets] = await client.getDatasets();
      expect(datasets.map((d) => d.id)).toEqual(['p1']);
      const { BigQueryDestination } = await import('../../../core/destinations/bigquery/bigquery-destination');
      const dest = new BigQueryDestination({ datasetName: 'p1', projectId: 'proj', apiEndpoint: paged.url });
      expect((await dest.query('SELECT `i` FROM `p1`.`nums` ORDER BY `i` DESC')).map((r) => r.i)).toEqual([9, 8, 7, 6, 5, 4, 3, 2, 1, 0]);
    } finally {
      await paged.close();
    }
  });

  it('keeps datasets, tables, rows and job history across a restart with a database file', async () => {
    const dbPath = join(dir, 'emulator.duckdb');
    const first = await startBigQueryEmulator({ dbPath });
    const c1 = new BigQuery({ projectId: 'proj', apiEndpoint: first.url, authClient: new PassThroughClient() });
    await c1.createDataset('kept');
    await c1.dataset('kept').table('t').create({ schema: { fields: [{ name: 'i', type: 'INT64' }] } });
    const file = join(dir, 'kept.ndjson');
    await writeFile(file, '{"i": 1}\n{"i": 2}\n');
    await c1.dataset('kept').table('t').createLoadJob(file, { sourceFormat: 'NEWLINE_DELIMITED_JSON', jobId: 'kept_job' });
    await first.close();
    const second = await startBigQueryEmulator({ dbPath });
    try {
      const c2 = new BigQuery({ projectId: 'proj', apiEndpoint: second.url, authClient: new PassThroughClient() });
      const [meta] = await c2.job('kept_job').getMetadata();
      expect(meta.status).toEqual({ state: 'DONE' });
      const [rows] = await c2.query('SELECT sum(`i`) AS s FROM `proj.kept.t`');
      expect(rows).toEqual([{ s: 3 }]);
    } finally {
      await second.close();
    }
  });

  it('deletes tables and datasets', async () => {
    await bq.dataset('ds1').table('events').delete();
    await expect(bq.dataset('ds1').table('events').get()).rejects.toMatchObject({ code: 404 });
    await bq.dataset('ds1').delete({ force: true });
    const [exists] = await bq.dataset('ds1').exists();
    expect(exists).toBe(false);
  });

  it('translates only what it must', () => {
    expect(translateSql('SELECT `a` FROM `p.d.t` WHERE x = @v AND y = "s\\"q" -- c\nCOMMIT TRANSACTION', new Map([['v', 'TIMESTAMP']])))
      .toBe('SELECT "a" FROM "d"."t" WHERE x = CAST($v AS TIMESTAMPTZ) AND y = \'s"q\' \nCOMMIT');
  });
});

describe('loopback guard', () => {
  it('stops a connection to anything but loopback', async () => {
    const attempt = new Promise((resolve, reject) => {
      const req = http.get('http://10.255.255.1:9/', resolve);
      req.on('error', reject);
    });
    await expect(attempt).rejects.toThrow(/loopback guard/);
    guard.violations.splice(0);
  });
});
