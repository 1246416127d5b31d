import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CliIo } from '../../../core/cli/command';
import { runCli } from '../../../core/cli/run-cli';
import { DuckDbDestination } from '../../../core/destinations/duckdb/duckdb-destination';
import { pipeline } from '../../../core/pipeline/pipeline';
import { restApiSource } from '../../../core/source/rest-api-source';
import { sendText, type ApiServer } from '../../helpers/api-server';
import { makeItem, shopConfig, startItemsApi, type ItemsApiControl } from '../pipeline/helpers/items-api';

interface Result { code: number; stdout: string; stderr: string }

async function sluice(args: string[], cwd: string, options: { input?: string; tty?: boolean; stdinTty?: boolean } = {}): Promise<Result> {
  let stdout = '';
  let stderr = '';
  const sink = (append: (s: string) => void, tty: boolean) =>
    Object.assign(new Writable({ write(chunk, _enc, cb) { append(String(chunk)); cb(); } }), { isTTY: tty });
  const io: CliIo = {
    stdout: sink((s) => { stdout += s; }, false), stderr: sink((s) => { stderr += s; }, options.tty ?? false),
    stdin: Object.assign(Readable.from(options.input ? [options.input] : []), { isTTY: options.stdinTty ?? false }), env: { HOME: cwd, PATH: process.env.PATH ?? '' }, cwd,
  };
  const code = await runCli(args, io);
  return { code, stdout, stderr };
}

async function count(db: string, table: string): Promise<number> {
  const d = new DuckDbDestination({ path: db, datasetName: 'shop_dataset' });
  await d.open();
  try {
    const [row] = await d.query(`SELECT count(*)::INT AS n FROM shop_dataset."${table}"`);
    return row!.n as number;
  } finally {
    await d.close();
  }
}

describe('sluice run, info and drop-pending', () => {
  let server: ApiServer;
  let control: ItemsApiControl;
  let dir: string;
  let config: string;

  beforeEach(async () => {
    ({ server, control } = await startItemsApi(Array.from({ length: 25 }, (_, i) => makeItem(i + 1)), 10));
    dir = mkdtempSync(join(tmpdir(), 'sluice-cli-run-'));
    config = join(dir, 'shop.json');
    writeFileSync(config, JSON.stringify(shopConfig(server.baseUrl)));
  });
  afterEach(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const base = (): string[] => [config, '--pipeline-name', 'shop', '--pipelines-dir', join(dir, 'pipelines')];

  it('runs a config into ./<pipeline>.duckdb and prints a summary table', async () => {
    const result = await sluice(['run', ...base()], dir);
    expect(result.stderr).toContain('extract started');
    expect(result.stderr).toMatch(/extract finished: 25 records in 3 pages/);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Pipeline `shop` loaded 1 package(s) into duckdb dataset `shop_dataset`');
    expect(result.stdout).toMatch(/items\s+25\n/);
    expect(result.stdout).toMatch(/items__lines\s+\d+\n/);
    expect(result.stdout).toMatch(/schema changes: 3 new table\(s\)/);
    expect(await count(join(dir, 'shop.duckdb'), 'items')).toBe(25);
  });

  it('--json prints exactly the load info document; a second run loads only new records', async () => {
    const first = await sluice(['run', ...base(), '--json', '--duckdb-path', 'out/w.duckdb', '--dataset-name', 'shop_dataset'], dir);
    expect(first.code).toBe(0);
    const doc = JSON.parse(first.stdout) as Record<string, unknown>;
    expect(Object.keys(doc)).toEqual(['pipeline_name', 'dataset_name', 'destination', 'load_ids', 'tables', 'schema_changes', 'elapsed_ms']);
    expect(doc).toMatchObject({ pipeline_name: 'shop', dataset_name: 'shop_dataset', destination: 'duckdb', tables: { items: 25 } });
    expect((doc.load_ids as string[]).length).toBe(1);
    control.items.push(makeItem(26));
    const second = JSON.parse((await sluice(['run', ...base(), '--json', '--duckdb-path', 'out/w.duckdb'], dir)).stdout) as { tables: Record<string, number>; schema_changes: unknown[] };
    expect(second.tables.items).toBe(1);
    expect(second.schema_changes).toEqual([]);
    expect(await count(join(dir, 'out', 'w.duckdb'), 'items')).toBe(26);
  });

  it('shows a live progress line on a terminal', async () => {
    const result = await sluice(['run', ...base()], dir, { tty: true });
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('\r\x1b[K');
  });

  it('exit code 2 for a config error, naming what is wrong', async () => {
    const missing = await sluice(['run', config], dir);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('`--pipeline-name` is required');
    const badLimit = await sluice(['run', ...base(), '--limit', 'ten', '--destination', 'postgres'], dir);
    expect(badLimit.code).toBe(2);
    expect(badLimit.stderr).toContain('unknown destination `postgres`; valid values are: duckdb');
    expect(badLimit.stderr).toContain('`--limit` must be a positive whole number of pages, got `ten`');
    const unknownOption = await sluice(['run', ...base(), '--bogus'], dir);
    expect(unknownOption.code).toBe(2);
    expect(unknownOption.stderr).toContain("Unknown option '--bogus'");
    expect(unknownOption.stderr).toContain('see `sluice run --help`');
    const badName = await sluice(['run', config, '--pipeline-name', '../escape', '--pipelines-dir', join(dir, 'pipelines')], dir);
    expect(badName.code).toBe(2);
    expect(badName.stderr).toContain('invalid pipeline name `../escape`');
    writeFileSync(config, JSON.stringify({ client: { base_url: server.baseUrl }, resources: [{ name: 'items', endpoint: { path: 'items', paginator: { type: 'nope' } } }] }));
    expect((await sluice(['run', ...base()], dir)).code).toBe(2);
    const unknownResource = await sluice(['run', ...base(), '--resource', 'itemz'], dir);
    expect(unknownResource.code).toBe(2);
  });

  it('exit code 1 when the run fails, with the failed step and the reason; the rerun completes', async () => {
    control.failPages.add(2);
    const failed = await sluice(['run', ...base()], dir);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toMatch(/sluice run: extract of resource `items` failed in pipeline `shop`.*500/);
    control.failPages.clear();
    const rerun = await sluice(['run', ...base(), '--json'], dir);
    expect(rerun.code).toBe(0);
    expect(await count(join(dir, 'shop.duckdb'), 'items')).toBe(25);
  });

  it('a run that finishes a pending package and then fails says that package stays committed', async () => {
    await sluice(['run', ...base()], dir);
    control.items.push(makeItem(40));
    // A directory as the database file: the load fails and the package (one new record) stays pending.
    expect((await sluice(['run', ...base(), '--duckdb-path', dir], dir)).code).toBe(1);
    const [loadId] = readdirSync(join(dir, 'pipelines', 'shop', 'packages'));
    control.failPages.add(1);
    const failed = await sluice(['run', ...base()], dir);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toMatch(/extract of resource `items` failed .*nothing was loaded/);
    expect(failed.stderr).toContain(`before that, this run loaded the pending package ${loadId} (`);
    const added = makeItem(40);
    expect(failed.stderr).toContain(`(${1 + added.tags.length + added.lines.length} rows), which stay committed`);
    expect(await count(join(dir, 'shop.duckdb'), 'items')).toBe(26);
  });

  it('integers beyond 2^53 land exactly: ids that a double would round alike stay apart, and keep their digits', async () => {
    // As an API with 64-bit ids sends them: numbers, not strings.
    const body = '{"data": [' +
      '{"id": 1790000000000000001, "name": "alice", "owner": {"id": 9223372036854775807}, "amount": 12345678901234567891},' +
      '{"id": 1790000000000000002, "name": "bob", "owner": {"id": -9223372036854775808}, "amount": 1},' +
      '{"id": 1790000000000000100, "name": "carol", "owner": {"id": 7}, "amount": 123456789012345678901234567890}]}';
    server.addRoutes([{ path: '/snowflakes', handler: (_req, res) => sendText(res, 200, body, 'application/json') }]);
    writeFileSync(config, JSON.stringify({
      client: { base_url: server.baseUrl, paginator: 'single_page' },
      resources: [{ name: 'snow', primary_key: 'id', write_disposition: 'merge', endpoint: { path: 'snowflakes', data_selector: 'data' } }],
    }));
    const result = await sluice(['run', ...base(), '--json'], dir);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ tables: { snow: 3 } });
    const d = new DuckDbDestination({ path: join(dir, 'shop.duckdb'), datasetName: 'shop_dataset' });
    await d.open();
    try {
      // Beyond int64 a column is DECIMAL (29 digits before the point); a longer integer goes to a text variant whole.
      const rows = await d.query(`SELECT id::VARCHAR AS id, typeof(id) AS id_type, owner__id::VARCHAR AS owner, amount::VARCHAR AS amount,
        typeof(amount) AS amount_type, amount__v_text AS amount_text FROM shop_dataset.snow ORDER BY id`);
      expect(rows).toEqual([
        { id: '1790000000000000001', id_type: 'BIGINT', owner: '9223372036854775807', amount: '12345678901234567891.000000000', amount_type: 'DECIMAL(38,9)', amount_text: null },
        { id: '1790000000000000002', id_type: 'BIGINT', owner: '-9223372036854775808', amount: '1.000000000', amount_type: 'DECIMAL(38,9)', amount_text: null },
        { id: '1790000000000000100', id_type: 'BIGINT', owner: '7', amount: null, amount_type: 'DECIMAL(38,9)', amount_text: '123456789012345678901234567890' },
      ]);
    } finally {
      await d.close();
    }
  });

  it('an incremental cursor on 64-bit ids resumes from the exact last id on the next run', async () => {
    let ids = [993n, 994n, 995n].map((n) => 9007199254740000n + n);
    const afters: string[] = [];
    server.addRoutes([{
      path: '/events',
      handler: (req, res) => {
        const after = req.url.searchParams.get('after');
        afters.push(after ?? '');
        const rows = ids.filter((id) => after === null || id > BigInt(after)).map((id) => `{"id": ${id}, "kind": "click"}`);
        sendText(res, 200, `{"data": [${rows.join(',')}]}`, 'application/json');
      },
    }]);
    writeFileSync(config, JSON.stringify({
      client: { base_url: server.baseUrl, paginator: 'single_page' },
      resources: [{ name: 'events', endpoint: { path: 'events', data_selector: 'data', incremental: { cursor_path: 'id', initial_value: 0, start_param: 'after' } } }],
    }));
    expect(JSON.parse((await sluice(['run', ...base(), '--json'], dir)).stdout)).toMatchObject({ tables: { events: 3 } });
    ids = [...ids, 9007199254740998n, 9007199254740999n];
    const second = await sluice(['run', ...base(), '--json'], dir);
    expect(afters).toEqual(['0', '9007199254740995']);
    expect(JSON.parse(second.stdout)).toMatchObject({ tables: { events: 2 } });
    const d = new DuckDbDestination({ path: join(dir, 'shop.duckdb'), datasetName: 'shop_dataset' });
    await d.open();
    try {
      expect(await d.query(`SELECT list(id::VARCHAR ORDER BY id) AS ids FROM shop_dataset.events`)).toEqual([{
        ids: ['9007199254740993', '9007199254740994', '9007199254740995', '9007199254740998', '9007199254740999'],
      }]);
    } finally {
      await d.close();
    }
  });

  it('names the dataset as dlt does: snake_case, said once when it differs from what was given', async () => {
    const result = await sluice(['run', ...base(), '--dataset-name', 'Shop-Data 2024', '--json'], dir);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('notice: dataset `Shop-Data 2024` is named `shop_data_2024` in the destination');
    expect(JSON.parse(result.stdout)).toMatchObject({ dataset_name: 'shop_data_2024', tables: { items: 25 } });
    const d = new DuckDbDestination({ path: join(dir, 'shop.duckdb'), datasetName: 'shop_data_2024' });
    await d.open();
    try {
      expect(await d.query(`SELECT count(*)::INT AS n FROM shop_data_2024.items`)).toEqual([{ n: 25 }]);
    } finally {
      await d.close();
    }
  });

  it('a run with nothing new says so and writes no load', async () => {
    expect((await sluice(['run', ...base()], dir)).code).toBe(0);
    const again = await sluice(['run', ...base()], dir);
    expect(again.code).toBe(0);
    expect(again.stderr).toContain('nothing new to load: no rows, and no schema or state change, so no load was written');
    expect(again.stdout).toContain('loaded 0 package(s)');
    expect(again.stdout).toContain('load ids: none (nothing new)');
    expect(again.stdout).not.toContain('rows loaded');
  });

  it('says each retry on stderr while it happens, not only in the final error', async () => {
    writeFileSync(config, JSON.stringify({ ...shopConfig(server.baseUrl), client: { base_url: server.baseUrl, paginator: { type: 'json_link', next_url_path: 'next' }, retry: { max_attempts: 2, backoff_factor: 0.05 } } }));
    control.failPages.add(2);
    const failed = await sluice(['run', ...base()], dir);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toMatch(new RegExp(`warning: Retrying GET ${server.baseUrl.replace(/[.]/g, '\\.')}/items\\?page=2\\S* after 500 Internal Server Error \\(attempt 1 of 2, waiting \\d+ ms\\)`));
    expect(failed.stderr.indexOf('warning: Retrying')).toBeLessThan(failed.stderr.indexOf('sluice run: extract of resource'));
  });

  it('a page that is not JSON: the error names the resource, the page URL and what was found', async () => {
    control.garbagePage = 2;
    const failed = await sluice(['run', ...base()], dir);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toContain('extract of resource `items` failed');
    expect(failed.stderr).toContain(`${server.baseUrl}/items?page=2`);
    expect(failed.stderr).toContain('response is not valid JSON');
    expect(failed.stderr).toContain('<html>oops</html>');
  });

  it('a data selector that points at nothing: the error names the resource, the page URL and what was found', async () => {
    writeFileSync(config, JSON.stringify({
      client: { base_url: server.baseUrl, paginator: { type: 'json_link', next_url_path: 'next' } },
      resources: [{ name: 'items', endpoint: { path: 'items', data_selector: 'results' } }],
    }));
    const failed = await sluice(['run', ...base()], dir);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toContain('extract of resource `items` failed');
    expect(failed.stderr).toContain(`${server.baseUrl}/items`);
    expect(failed.stderr).toContain('resource `items`: data_selector `results` matched nothing; the body is an object with keys: data, next');
    // said once, by the error: not also as a warning before it
    expect(failed.stderr.match(/matched nothing/g)).toHaveLength(1);
  });

  it('records that are not objects: the error names the resource, the page URL and what was found', async () => {
    server.addRoutes([{ path: '/numbers', handler: (_req, res) => { res.writeHead(200, { 'content-type': 'application/json' }); res.end('{"data": [{"id": 1}, 42, "x"]}'); } }]);
    writeFileSync(config, JSON.stringify({
      client: { base_url: server.baseUrl },
      resources: [{ name: 'numbers', endpoint: { path: 'numbers', data_selector: 'data', paginator: 'single_page' } }],
    }));
    const failed = await sluice(['run', ...base()], dir);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toContain(`extract of resource \`numbers\` failed in pipeline \`shop\``);
    expect(failed.stderr).toContain(`resource \`numbers\`: record at index 1 on page 1 (${server.baseUrl}/numbers) is not an object: expected a JSON object, got 42`);
  });

  it('--limit samples N pages per resource', async () => {
    const result = await sluice(['run', ...base(), '--limit', '1', '--json'], dir);
    expect(JSON.parse(result.stdout)).toMatchObject({ tables: { items: 10 } });
  });

  it('info shows pending packages, last loads, incremental state and schema; drop-pending asks first', async () => {
    const shop = shopConfig(server.baseUrl) as { resources: Record<string, unknown>[] };
    shop.resources[0]!.columns = { updated_at: { dedup_sort: 'desc' }, deleted: { data_type: 'bool', hard_delete: true } };
    writeFileSync(config, JSON.stringify(shop));
    await sluice(['run', ...base()], dir);
    // Leave a package pending: a run that fails during load (the database path is a directory).
    control.items.push(makeItem(40));
    const failed = await sluice(['run', ...base(), '--duckdb-path', dir], dir);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toMatch(/sluice run: load failed in pipeline `shop` \(load [\d.]+\): duckdb: opening database .*; the load package is kept/);
    const info = await sluice(['info', '--pipeline-name', 'shop', '--pipelines-dir', join(dir, 'pipelines')], dir);
    expect(info.code).toBe(0);
    expect(info.stdout).toMatch(/Pending load packages: 1\n {2}\d+\.\d+ {2}loading {2}\(items 1 records\)/);
    expect(info.stdout).toMatch(/Last loads:\n {2}\d+\.\d+ .* items 25, items__tags 50/);
    expect(info.stdout).toMatch(/shop\.items: .*"last_value":"2024-01-01T00:25:00.000Z"/);
    expect(info.stdout).toMatch(/ {2}items \(merge\)\n(?: {4}.*\n)*? {4}id: bigint \(primary key, not null\)/);
    expect(info.stdout).toMatch(/ {4}updated_at: timestamp \(dedup sort desc\)/);
    expect(info.stdout).toMatch(/ {4}deleted: bool \(hard delete\)/);
    const json = JSON.parse((await sluice(['info', '--pipeline-name', 'shop', '--pipelines-dir', join(dir, 'pipelines'), '--json'], dir)).stdout) as { pending_packages: unknown[] };
    expect(json.pending_packages).toHaveLength(1);

    const drop = ['drop-pending', '--pipeline-name', 'shop', '--pipelines-dir', join(dir, 'pipelines')];
    const declined = await sluice(drop, dir, { input: 'n\n' });
    expect(declined.code).toBe(1);
    expect(declined.stdout).toContain('Nothing dropped');
    expect(readdirSync(join(dir, 'pipelines', 'shop', 'packages'))).toHaveLength(1);
    const confirmed = await sluice(drop, dir, { input: 'y\n' });
    expect(confirmed.code).toBe(0);
    expect(confirmed.stdout).toContain('Dropped 1 package(s).');
    expect(readdirSync(join(dir, 'pipelines', 'shop', 'packages'))).toHaveLength(0);
    expect((await sluice([...drop, '--yes'], dir)).stdout).toContain('has no pending load packages');
  });

  it('drop-pending --load-id drops the packages extracted after that one too (their state builds on it); the next run loads every record once', async () => {
    // Two pending packages, as separate extracts leave them: the second holds only what came after the first.
    const p = pipeline({
      pipelineName: 'shop', datasetName: 'shop_dataset', pipelinesDir: join(dir, 'pipelines'),
      destination: new DuckDbDestination({ path: join(dir, 'shop.duckdb'), datasetName: 'shop_dataset' }),
    });
    const older = await p.extract(restApiSource(shopConfig(server.baseUrl), {}));
    control.items.push(makeItem(40));
    const newer = await p.extract(restApiSource(shopConfig(server.baseUrl), {}));
    await p.close();
    expect(p.pendingPackages().map((pkg) => pkg.resources)).toEqual([[expect.objectContaining({ records: 25 })], [expect.objectContaining({ records: 1 })]]);
    const dropped = await sluice(['drop-pending', '--pipeline-name', 'shop', '--pipelines-dir', join(dir, 'pipelines'), '--load-id', older, '--yes'], dir);
    expect(dropped.code).toBe(0);
    expect(dropped.stdout).toContain(`Pending load packages of \`shop\`: ${older}, ${newer}\n`);
    expect(dropped.stdout).toContain(`Also dropping ${newer} (extracted after ${older}): its incremental state builds on it, so loading it alone would skip its records for good.`);
    expect(dropped.stdout).toContain('Dropped 2 package(s).');
    expect(readdirSync(join(dir, 'pipelines', 'shop', 'packages'))).toEqual([]);
    expect(JSON.parse((await sluice(['run', ...base(), '--json'], dir)).stdout)).toMatchObject({ tables: { items: 26 } });
    expect(await count(join(dir, 'shop.duckdb'), 'items')).toBe(26);
  });

  it('a corrupt pending package: a clear error naming drop-pending; on a terminal, the choice to drop it and go on', async () => {
    await sluice(['run', ...base()], dir);
    control.items.push(makeItem(40));
    expect((await sluice(['run', ...base(), '--duckdb-path', dir], dir)).code).toBe(1);
    const [loadId] = readdirSync(join(dir, 'pipelines', 'shop', 'packages'));
    writeFileSync(join(dir, 'pipelines', 'shop', 'packages', loadId!, 'schema.json'), '{"tables": ');
    const script = await sluice(['run', ...base()], dir);
    expect(script.code).toBe(1);
    expect(script.stderr).toContain(`load package \`${loadId}\` of pipeline \`shop\` is corrupt: the schema file is not valid JSON`);
    // The command as given works as it is: it names the pipelines folder this run used.
    expect(script.stderr).toContain(`drop it with \`sluice drop-pending --pipeline-name shop --pipelines-dir ${join(dir, 'pipelines')}\``);
    const declined = await sluice(['run', ...base()], dir, { stdinTty: true, input: 'n\n' });
    expect(declined.code).toBe(1);
    expect(declined.stderr).toContain(`Drop load package ${loadId} and run again?`);
    expect(declined.stderr.split('is corrupt').length - 1).toBe(1);
    expect(declined.stderr).toContain(`kept load package ${loadId}`);
    const accepted = await sluice(['run', ...base(), '--json'], dir, { stdinTty: true, input: 'y\n' });
    expect(accepted.code).toBe(0);
    expect(accepted.stderr).toContain(`dropped load package ${loadId}`);
    // The dropped package's state was never committed: its record is extracted again, once.
    expect(JSON.parse(accepted.stdout)).toMatchObject({ tables: { items: 1 } });
    expect(await count(join(dir, 'shop.duckdb'), 'items')).toBe(26);
  });
});
