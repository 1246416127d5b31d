import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { BigQueryDestination, type BigQueryDestinationOptions } from '../../../core/destinations/bigquery/bigquery-destination';
import { createDestination } from '../../../core/destinations/create-destination';
import type { PackageLoadJob } from '../../../core/destinations/destination';
import { installLoopbackGuard } from '../../helpers/bigquery-emulator/loopback-guard';
import { startBigQueryEmulator, type BigQueryEmulator } from '../../helpers/bigquery-emulator/server';
import { describeDestination } from './destination-suite';
import { col, issueRows, issuesPackage, issuesSchema, makeState, PIPELINE, rootDltColumns, table, makeSchema, writeTableFile } from './fixtures';

const guard = installLoopbackGuard();
let emulator: BigQueryEmulator;

beforeAll(async () => {
  emulator = await startBigQueryEmulator({ jobLatencyMs: 0 });
});

afterAll(async () => {
  await emulator.close();
  guard.uninstall();
  expect(guard.violations).toEqual([]);
});

function makeDestination(datasetName: string, extra: Partial<BigQueryDestinationOptions> = {}): BigQueryDestination {
  return new BigQueryDestination({ datasetName, projectId: 'sluice-test', apiEndpoint: emulator.url, pollIntervalMs: 2, maxPollIntervalMs: 10, ...extra });
}

describeDestination('bigquery (emulator)', (dataset) => makeDestination(dataset));
describeDestination('bigquery (emulator), table files of columns (a package normalized for DuckDB)', (dataset) => makeDestination(dataset), { tableFileFormat: 'jsonl_columns' });

describe('BigQueryDestination', () => {
  let dir: string;
  let dest: BigQueryDestination;
  let n = 0;
  const loadUploads = (dataset: string): string[] => [...emulator.jobs.values()]
    .filter((j) => ((j.resource.configuration as { load?: { destinationTable?: { datasetId?: string } } }).load?.destinationTable?.datasetId ?? '').startsWith(dataset))
    .map((j) => (j.resource.jobReference as { jobId: string }).jobId);

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sluice-bq-'));
    dest = makeDestination(`bq_${process.pid}_${++n}`);
    await dest.open();
    await dest.ensureDataset();
  });
  afterEach(async () => {
    await dest.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('is what the factory builds for `bigquery`, talking to a loopback endpoint without Google auth', async () => {
    const made = await createDestination({ type: 'bigquery', datasetName: 'x', projectId: 'p', apiEndpoint: emulator.url });
    expect(made).toBeInstanceOf(BigQueryDestination);
    expect((made as BigQueryDestination).authMode).toBe('emulator');
    expect(emulator.requests.every((r) => r.headers.authorization === undefined)).toBe(true);
  });

  it('runs one load job per table file, with ids derived from the load', async () => {
    const schema = issuesSchema('append');
    const { roots } = issueRows('10', [{ id: 1, title: 'a' }, { id: 2, title: 'b' }, { id: 3, title: 'c' }], false);
    const job: PackageLoadJob = {
      loadId: '10', pipelineName: PIPELINE, schema, state: makeState(1, null, dest.datasetName),
      tables: [{ table: 'issues', writeDisposition: 'append', files: [writeTableFile(dir, 'issues', roots.slice(0, 2)), writeTableFile(dir, 'issues', roots.slice(2))] }],
    };
    const result = await dest.loadPackage(job);
    expect(result.rows).toEqual({ issues: 3 });
    const ids = loadUploads(dest.datasetName);
    expect(ids).toHaveLength(2);
    expect(ids.every((id) => /^sluice_10_issues_[01]_[0-9a-f]{16}$/.test(id))).toBe(true);
  });

  it('surfaces a failed load job with the table, the job id and BigQuery\'s reason; a rerun loads nothing twice', async () => {
    const job = issuesPackage({ dir, loadId: '20', disposition: 'append', issues: [{ id: 1, title: 'a', labels: ['x', 'y'] }], datasetName: dest.datasetName });
    emulator.failNextJob({ kind: 'load', table: 'issues__labels', reason: 'invalid', message: 'Error while reading data, error message: JSON parsing error in row starting at position 0' });
    const error = await dest.loadPackage(job).then(() => new Error("expected the load to fail"), (e: unknown) => e as Error);
    expect(error.message).toMatch(/^bigquery: load job `sluice_20_issues__labels_0_[0-9a-f]{16}` failed \(table `issues__labels`, dataset `bq_\d+_\d+`, load 20\): BigQuery reported invalid: Error while reading data/);
    expect(await dest.isLoadCommitted('20')).toBe(false);
    // the root file's rows are in (BigQuery has no transaction across load jobs) but belong to no committed load
    const [orphans] = await dest.query(`SELECT count(*) AS n FROM \`${dest.datasetName}\`.\`issues\` WHERE \`_dlt_load_id\` NOT IN (SELECT \`load_id\` FROM \`${dest.datasetName}\`.\`_dlt_loads\`)`);
    expect(orphans?.n).toBe(1);

    const before = loadUploads(dest.datasetName);
    await dest.loadPackage(job);
    const after = loadUploads(dest.datasetName);
    // only the failed file ran again, under the next attempt id
    expect(after.filter((id) => !before.includes(id))).toEqual([expect.stringMatching(/^sluice_20_issues__labels_0_[0-9a-f]{16}_r1$/)]);
    const [counts] = await dest.query(`SELECT (SELECT count(*) FROM \`${dest.datasetName}\`.\`issues\`) AS issues, (SELECT count(*) FROM \`${dest.datasetName}\`.\`issues__labels\`) AS labels`);
    expect(counts).toEqual({ issues: 1, labels: 2 });
    expect(await dest.isLoadCommitted('20')).toBe(true);
  });

  it('retries an upload that failed in transit (HTTP 503) without loading the file twice', async () => {
    emulator.failNextJob({ kind: 'upload', reason: 'backendError', message: 'Service unavailable' });
    const result = await dest.loadPackage(issuesPackage({ dir, loadId: '25', disposition: 'append', issues: [{ id: 1, title: 'a' }], datasetName: dest.datasetName, omitLabels: true }));
    expect(result.rows).toEqual({ issues: 1 });
    expect(loadUploads(dest.datasetName)).toHaveLength(1);
    expect(emulator.requests.filter((r) => r.path.startsWith('/upload/')).length).toBeGreaterThanOrEqual(2);
  });

  it('a second destination object (a new process) finds the jobs of an interrupted load done and does not repeat them', async () => {
    const job = issuesPackage({ dir, loadId: '30', disposition: 'merge', issues: [{ id: 1, title: 'a', labels: ['x'] }, { id: 1, title: 'b', labels: ['y'] }], datasetName: dest.datasetName });
    emulator.failNextJob({ kind: 'query', match: /INSERT INTO `[^`]*_dlt_loads`/, reason: 'backendError', message: 'Backend error' });
    await expect(dest.loadPackage(job)).rejects.toThrow(/committing the load .*backendError/);
    const before = loadUploads(dest.datasetName).length;
    const fresh = makeDestination(dest.datasetName);
    await fresh.open();
    const result = await fresh.loadPackage(job);
    expect(loadUploads(dest.datasetName).length).toBe(before);
    expect(result.rows).toEqual({ issues: 1, issues__labels: 1 });
    expect(await fresh.query(`SELECT \`title\` FROM \`${dest.datasetName}\`.\`issues\``)).toEqual([{ title: 'b' }]);
  });

  it('a cancelled load stops while a job runs, commits nothing, and loads later without repeating a job', async () => {
    const slow = await startBigQueryEmulator({ jobLatencyMs: 200 });
    try {
      const d = new BigQueryDestination({ datasetName: 'cancel_ds', projectId: 'p', apiEndpoint: slow.url, pollIntervalMs: 5 });
      await d.open();
      await d.ensureDataset();
      const job = issuesPackage({ dir, loadId: '35', disposition: 'append', issues: [{ id: 1, title: 'a', labels: ['x'] }], datasetName: 'cancel_ds' });
      const controller = new AbortController();
      const load = d.loadPackage({ ...job, signal: controller.signal });
      while (![...slow.jobs.values()].some((j) => (j.resource.configuration as { load?: unknown }).load)) await new Promise((r) => setTimeout(r, 2));
      controller.abort(new Error('user pressed stop'));
      await expect(load).rejects.toMatchObject({ code: 'RUN_CANCELLED', message: expect.stringMatching(/^loading package 35 into BigQuery dataset `cancel_ds` was cancelled; the load is not committed/) });
      expect(slow.requests.some((r) => r.path.endsWith('/cancel'))).toBe(true);
      expect(await d.isLoadCommitted('35')).toBe(false);
      const loadJobsBefore = [...slow.jobs.values()].filter((j) => (j.resource.configuration as { load?: unknown }).load).length;
      expect(loadJobsBefore).toBe(1);
      await d.loadPackage(job);
      // one more load job (the labels file), the cancelled one was found done and not resubmitted
      expect([...slow.jobs.values()].filter((j) => (j.resource.configuration as { load?: unknown }).load).length).toBe(2);
      expect(await d.query('SELECT count(*) AS n FROM `cancel_ds`.`issues`')).toEqual([{ n: 1 }]);
    } finally {
      await slow.close();
    }
  });

  it('loads again into a dataset that was dropped after a failed attempt (job ids follow the table\'s creation)', async () => {
    const job = issuesPackage({ dir, loadId: '38', disposition: 'append', issues: [{ id: 1, title: 'a', labels: ['x'] }], datasetName: dest.datasetName });
    emulator.failNextJob({ kind: 'load', table: 'issues__labels', reason: 'invalid', message: 'bad row' });
    await expect(dest.loadPackage(job)).rejects.toThrow(/issues__labels/);
    await dest['client'].dataset(dest.datasetName).delete({ force: true });
    const fresh = makeDestination(dest.datasetName);
    await fresh.open();
    await fresh.ensureDataset();
    await fresh.loadPackage(job);
    const [counts] = await fresh.query(`SELECT (SELECT count(*) FROM \`${dest.datasetName}\`.\`issues\`) AS issues, (SELECT count(*) FROM \`${dest.datasetName}\`.\`issues__labels\`) AS labels`);
    expect(counts).toEqual({ issues: 1, labels: 1 });
  });

  it('merge: the last row of a key across several files wins', async () => {
    const schema = issuesSchema('merge');
    const { roots } = issueRows('40', [{ id: 1, title: 'first' }, { id: 1, title: 'second' }, { id: 1, title: 'third' }], true);
    const job: PackageLoadJob = {
      loadId: '40', pipelineName: PIPELINE, schema, state: makeState(1, null, dest.datasetName),
      tables: [{ table: 'issues', writeDisposition: 'merge', files: [writeTableFile(dir, 'a', roots.slice(0, 1)), writeTableFile(dir, 'b', roots.slice(1, 2)), writeTableFile(dir, 'c', roots.slice(2))] }],
    };
    await dest.loadPackage(job);
    expect(await dest.query(`SELECT \`title\` FROM \`${dest.datasetName}\`.\`issues\``)).toEqual([{ title: 'third' }]);
  });

  it('sets partitioning and clustering from column hints', async () => {
    const events = table('events', [col('id', 'bigint', { cluster: true }), col('at', 'timestamp', { partition: true }), ...rootDltColumns()]);
    const ddl = await dest.migrateSchema(makeSchema([events]), ['events']);
    expect(ddl).toEqual([expect.stringContaining('PARTITION BY DATE(`at`) CLUSTER BY `id`')]);
    const [meta] = await dest['client'].dataset(dest.datasetName).table('events').getMetadata();
    expect(meta.timePartitioning).toEqual({ type: 'DAY', field: 'at' });
    expect(meta.clustering).toEqual({ fields: ['id'] });
  });

  it('reports partition and cluster hints added to an existing table instead of silently ignoring them', async () => {
    await dest.loadPackage(issuesPackage({ dir, loadId: '55', disposition: 'append', issues: [{ id: 1, title: 'a' }], datasetName: dest.datasetName, omitLabels: true }));
    const hinted = issuesSchema('append', { version: 2 });
    hinted.tables.issues!.columns.updated_at = col('updated_at', 'timestamp', { partition: true });
    const warnings: string[] = [];
    const logger = { debug: () => undefined, info: () => undefined, warn: (m: string) => { warnings.push(m); }, error: () => undefined };
    const fresh = makeDestination(dest.datasetName, { logger });
    await fresh.migrateSchema(hinted, ['issues']);
    expect(warnings).toEqual([`BigQuery table \`${dest.datasetName}.issues\` exists, so the hints to partition by \`updated_at\` (it is not partitioned) are not applied: BigQuery sets partitioning and clustering when a table is created; recreate the table to change them`]);
  });

  it('says clearly when the schema asks for a change BigQuery cannot make', async () => {
    await dest.loadPackage(issuesPackage({ dir, loadId: '50', disposition: 'append', issues: [{ id: 1, title: 'a' }], datasetName: dest.datasetName }));
    const changed = issuesSchema('append', { extraColumns: [], version: 2 });
    changed.tables.issues!.columns.title = col('title', 'bigint');
    const fresh = makeDestination(dest.datasetName);
    await expect(fresh.migrateSchema(changed, ['issues'])).rejects.toThrow(
      "bigquery: evolving the table failed (table `issues`, dataset `" + dest.datasetName + "`): column `title` is STRING in BigQuery but the schema expects bigint (INT64); BigQuery cannot change a column's type: drop the table (or the column) or load into a new dataset",
    );
  });

  it('loads BigQuery\'s flexible column names (quotes, symbols, spaces) and reads them back', async () => {
    const names = ["it's", 'a+b=c', 'x&y', '50%', 'my column', 'Order', '<tag>#1|2:3'];
    const flexible = table('flexible', [...names.map((c) => col(c, 'text')), ...rootDltColumns()]);
    const row = Object.fromEntries([...names.map((c) => [c, `v:${c}`]), ['_dlt_load_id', '60'], ['_dlt_id', 'f1']]);
    await dest.loadPackage({
      loadId: '60', pipelineName: PIPELINE, schema: makeSchema([flexible]), state: makeState(1, null, dest.datasetName),
      tables: [{ table: 'flexible', writeDisposition: 'append', files: [writeTableFile(dir, 'flexible', [row])] }],
    });
    const [loaded] = await dest.query(`SELECT ${names.map((c) => `\`${c}\``).join(', ')} FROM \`${dest.datasetName}.flexible\``);
    expect(loaded).toEqual(Object.fromEntries(names.map((c) => [c, `v:${c}`])));
  });

  it('query runs one reading statement and refuses anything that writes', async () => {
    await dest.loadPackage(issuesPackage({ dir, loadId: '70', disposition: 'append', issues: [{ id: 1, title: 'a' }], datasetName: dest.datasetName, omitLabels: true }));
    const ds = dest.datasetName;
    expect(await dest.query(`WITH x AS (SELECT \`id\` FROM \`${ds}\`.\`issues\`) SELECT count(*) AS n FROM x`)).toEqual([{ n: 1 }]);
    await expect(dest.query(`DELETE FROM \`${ds}\`.\`issues\` WHERE true`)).rejects.toThrow('bigquery: running a query failed (dataset `' + ds + '`): only reading statements are allowed here (SELECT, WITH), got DELETE');
    await expect(dest.query(`SELECT 1; DROP TABLE \`${ds}\`.\`issues\``)).rejects.toThrow(/expected exactly one SQL statement, got a script of several/);
    await expect(dest.query('SELEC 1')).rejects.toThrow(/running a query failed .*HTTP 400: .*syntax error/i);
    expect(await dest.query(`SELECT count(*) AS n FROM \`${ds}\`.\`issues\``)).toEqual([{ n: 1 }]);
  });

  it('reads a nonexistent dataset as empty (a new machine restoring a pipeline never loaded)', async () => {
    const other = makeDestination(`never_${process.pid}`);
    await other.open();
    expect(await other.restorePipeline(PIPELINE)).toBeUndefined();
    expect(await other.isLoadCommitted('1')).toBe(false);
  });
});

describe('BigQuery configuration errors', () => {
  it.each<[Partial<BigQueryDestinationOptions>, RegExp]>([
    [{ projectId: undefined }, /no BigQuery project id; set DESTINATION__BIGQUERY__PROJECT_ID/],
    [{ apiEndpoint: 'https://bigquery.example.com' }, /endpoint `https:\/\/bigquery.example.com` is not a loopback address, so it needs credentials; set DESTINATION__BIGQUERY__CREDENTIALS/],
    [{ apiEndpoint: 'not a url' }, /expected a URL such as http:\/\/127.0.0.1:9050, got `not a url`/],
    [{ credentials: '{"client_email":"a@b"}' }, /the BigQuery credentials lack `private_key`; set DESTINATION__BIGQUERY__CREDENTIALS/],
    [{ datasetName: 'bad-name' }, /`bad-name` is not a valid BigQuery dataset name/],
  ])('%o', (options, message) => {
    expect(() => new BigQueryDestination({ datasetName: 'ds', projectId: 'p', ...options })).toThrow(message);
  });

  it('without credentials or an endpoint, fails on open (before any data moves) naming what to set', async () => {
    const saved = { ...process.env };
    const home = mkdtempSync(join(tmpdir(), 'sluice-adc-'));
    Object.assign(process.env, { METADATA_SERVER_DETECTION: 'none', HOME: home, CLOUDSDK_CONFIG: home });
    delete process.env.GOOGLE_APPLICATION_CREDENTIALS;
    try {
      const adc = new BigQueryDestination({ datasetName: 'ds', projectId: 'p' });
      expect(adc.authMode).toBe('adc');
      await expect(adc.open()).rejects.toThrow(/no usable Application Default Credentials; set DESTINATION__BIGQUERY__CREDENTIALS .* or GOOGLE_APPLICATION_CREDENTIALS/);
    } finally {
      process.env = saved;
      rmSync(home, { recursive: true, force: true });
    }
  });
});
