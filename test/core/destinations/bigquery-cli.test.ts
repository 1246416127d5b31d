import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { CliIo } from '../../../core/cli/command';
import { runCli } from '../../../core/cli/run-cli';
import { BigQueryDestination } from '../../../core/destinations/bigquery/bigquery-destination';
import type { ApiServer } from '../../helpers/api-server';
import { installLoopbackGuard } from '../../helpers/bigquery-emulator/loopback-guard';
import { startBigQueryEmulator, type BigQueryEmulator } from '../../helpers/bigquery-emulator/server';
import { REPO_ROOT, runCliProcess, spawnCli } from '../../helpers/cli-process';
import { makeItem, shopConfig, startItemsApi, type ItemsApiControl } from '../pipeline/helpers/items-api';

/** `sluice run --destination bigquery` as a user runs it, against the emulator over loopback. */
const guard = installLoopbackGuard();
let emulator: BigQueryEmulator;
let server: ApiServer;
let control: ItemsApiControl;
let dir: string;
let config: string;

beforeAll(async () => {
  emulator = await startBigQueryEmulator({ jobLatencyMs: 10 });
});
afterAll(async () => {
  await emulator.close();
  guard.uninstall();
  expect(guard.violations).toEqual([]);
});
beforeEach(async () => {
  ({ server, control } = await startItemsApi(Array.from({ length: 25 }, (_, i) => makeItem(i + 1)), 10));
  dir = mkdtempSync(join(tmpdir(), 'sluice-bq-cli-'));
  config = join(dir, 'shop.json');
  writeFileSync(config, JSON.stringify(shopConfig(server.baseUrl)));
});
afterEach(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

function env(): Record<string, string> {
  return { HOME: dir, PATH: process.env.PATH ?? '', DESTINATION__BIGQUERY__API_ENDPOINT: emulator.url, DESTINATION__BIGQUERY__PROJECT_ID: 'local-project' };
}

async function sluice(args: string[], extraEnv: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const sink = (append: (s: string) => void): Writable => Object.assign(new Writable({ write(chunk, _e, cb) { append(String(chunk)); cb(); } }), { isTTY: false });
  const io: CliIo = { stdout: sink((s) => { stdout += s; }), stderr: sink((s) => { stderr += s; }), stdin: Readable.from([]), env: { ...env(), ...extraEnv }, cwd: dir };
  const code = await runCli(args, io);
  return { code, stdout, stderr };
}

/** A run that must succeed: its stderr is the failure message when it does not. */
function expectOk(result: { code: number | null; stderr: string }): void {
  expect(result.code, result.stderr).toBe(0);
}

function run(dataset: string, pipelinesDir = 'pipelines', extra: string[] = []): string[] {
  return ['run', config, '--pipeline-name', 'shop', '--destination', 'bigquery', '--dataset-name', dataset, '--pipelines-dir', join(dir, pipelinesDir), ...extra];
}

async function query(dataset: string, sql: (t: (name: string) => string) => string): Promise<Record<string, unknown>[]> {
  const d = new BigQueryDestination({ datasetName: dataset, projectId: 'local-project', apiEndpoint: emulator.url, pollIntervalMs: 2 });
  await d.open();
  try {
    return await d.query(sql((name) => `\`local-project.${dataset}.${name}\``));
  } finally {
    await d.close();
  }
}

/** What a user compares: rows without `_dlt_*` ids, nested rows keyed by their item id. */
async function snapshot(dataset: string): Promise<Record<string, unknown>> {
  return {
    items: await query(dataset, (t) => `SELECT \`id\`, \`name\`, \`price\`, \`active\`, \`updated_at\` FROM ${t('items')} ORDER BY \`id\``),
    tags: await query(dataset, (t) => `SELECT i.\`id\`, x.\`_dlt_list_idx\` AS idx, x.\`value\` FROM ${t('items__tags')} AS x JOIN ${t('items')} AS i ON x.\`_dlt_parent_id\` = i.\`_dlt_id\` ORDER BY 1, 2`),
    lines: await query(dataset, (t) => `SELECT i.\`id\`, x.\`_dlt_list_idx\` AS idx, x.\`sku\` FROM ${t('items__lines')} AS x JOIN ${t('items')} AS i ON x.\`_dlt_parent_id\` = i.\`_dlt_id\` ORDER BY 1, 2`),
    counts: await query(dataset, (t) => `SELECT (SELECT count(*) FROM ${t('items')}) AS items, (SELECT count(*) FROM ${t('items__tags')}) AS tags, (SELECT count(*) FROM ${t('items__lines')}) AS lines`),
    // every row belongs to a committed load (a rerun may commit one more, empty, package: dlt's habit)
    uncommitted: await query(dataset, (t) => `SELECT count(*) AS n FROM ${t('items')} AS i WHERE i.\`_dlt_load_id\` NOT IN (SELECT \`load_id\` FROM ${t('_dlt_loads')})`),
  };
}

function uploadsByJob(): Map<string, number> {
  const counts = new Map<string, number>();
  for (const job of emulator.jobs.values()) {
    const config = (job.resource.configuration ?? {}) as { load?: unknown };
    if (!config.load) continue;
    const id = (job.resource.jobReference as { jobId: string }).jobId;
    counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  return counts;
}

describe('sluice run --destination bigquery (emulator)', { timeout: 120_000 }, () => {
  it('loads a config into BigQuery, then merges the changed records on the next run', async () => {
    const first = await sluice(run('shop_dataset'));
    expect(first.stderr).not.toMatch(/failed/);
    expectOk(first);
    expect(first.stdout).toContain('loaded 1 package(s) into bigquery dataset `shop_dataset`');
    expect(first.stderr).toContain(`notice: BigQuery endpoint ${emulator.url} is a loopback address (an emulator): no Google authentication is used`);
    expect(first.stdout).toMatch(/items\s+25\n/);
    const before = await snapshot('shop_dataset');
    expect(before.counts).toEqual([{ items: 25, tags: 50, lines: 50 }]);

    control.items[2] = makeItem(3, 1);
    const second = await sluice([...run('shop_dataset'), '--json']);
    expectOk(second);
    expect(JSON.parse(second.stdout)).toMatchObject({ destination: 'bigquery', dataset_name: 'shop_dataset', tables: { items: 1 } });
    const after = await snapshot('shop_dataset');
    expect(after.counts).toEqual([{ items: 25, tags: 49, lines: 50 }]);
    expect((after.items as { id: number; name: string }[]).find((i) => i.id === 3)?.name).toBe('item-3-v1');
  });

  it.each([
    ['append', 50, 100],
    ['replace', 25, 50],
  ] as const)('write_disposition %s: a second full run leaves %i items', async (disposition, items, tags) => {
    const cfg = JSON.parse(readFileSync(config, 'utf8')) as { resources: Record<string, unknown>[] };
    cfg.resources[0] = { ...cfg.resources[0], write_disposition: disposition, endpoint: { path: 'items', data_selector: 'data' } };
    writeFileSync(config, JSON.stringify(cfg));
    const dataset = `disp_${disposition}`;
    expectOk(await sluice(run(dataset)));
    expectOk(await sluice(run(dataset)));
    const snap = await snapshot(dataset);
    expect(snap.counts).toEqual([{ items, tags, lines: items * 2 }]);
    expect(snap.uncommitted).toEqual([{ n: 0 }]);
  });

  it('the API failing mid-run, rerun, equals a run that never failed', async () => {
    expectOk(await sluice(run('reference3', 'ref-pipelines3')));
    const expected = await snapshot('reference3');
    control.failPages.add(2);
    const failed = await sluice(run('api_fault'));
    expect(failed.code).toBe(1);
    expect(failed.stderr).toMatch(/extract of resource `items` failed.*500 Internal Server Error/);
    control.failPages.clear();
    expectOk(await sluice(run('api_fault')));
    expect(await snapshot('api_fault')).toEqual(expected);
  });

  it('refuses a non-loopback endpoint without credentials before extracting (exit 2)', async () => {
    const result = await sluice(run('shop_dataset'), { DESTINATION__BIGQUERY__API_ENDPOINT: 'https://bigquery.example.com' });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/not a loopback address, so it needs credentials; set DESTINATION__BIGQUERY__CREDENTIALS/);
    expect(server.requests).toHaveLength(0);
  });

  it('reads credentials field by field from the environment and refuses a bad key before extracting (exit 2)', async () => {
    const result = await sluice(run('shop_dataset'), {
      DESTINATION__BIGQUERY__CREDENTIALS__CLIENT_EMAIL: 'loader@p.iam.gserviceaccount.com',
      DESTINATION__BIGQUERY__CREDENTIALS__PRIVATE_KEY: '-----BEGIN PRIVATE KEY-----\\nnot a key\\n-----END PRIVATE KEY-----',
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('the `private_key` of the BigQuery credentials for `loader@p.iam.gserviceaccount.com` is not a valid PEM private key; set DESTINATION__BIGQUERY__CREDENTIALS');
    expect(result.stderr).not.toContain('not a key');
    expect(server.requests).toHaveLength(0);
  });

  it('reads project, location and endpoint from .sluice/config.toml and flags', async () => {
    const { mkdirSync } = await import('node:fs');
    mkdirSync(join(dir, '.sluice'));
    writeFileSync(join(dir, '.sluice', 'config.toml'), `[destination.bigquery]\nproject_id = "toml-project"\nlocation = "EU"\napi_endpoint = "${emulator.url}"\n`);
    const result = await sluice([...run('toml_dataset'), '--bigquery-location', 'asia-northeast1'], { DESTINATION__BIGQUERY__API_ENDPOINT: '', DESTINATION__BIGQUERY__PROJECT_ID: '' });
    expectOk(result);
    const [meta] = await new BigQueryDestination({ datasetName: 'x', projectId: 'toml-project', apiEndpoint: emulator.url })['client'].dataset('toml_dataset').getMetadata();
    expect(meta.location).toBe('asia-northeast1');
    expect(meta.datasetReference.projectId).toBe('toml-project');
  });

  it('a load that fails at the last step, rerun, equals a run that never failed, and no file is loaded twice', async () => {
    expectOk(await sluice(run('reference', 'ref-pipelines')));
    const expected = await snapshot('reference');

    emulator.failNextJob({ kind: 'query', match: /INSERT INTO `[^`]*_dlt_loads`/, reason: 'backendError', message: 'Backend error. Please try again.' });
    const failed = await sluice(run('faulty'));
    expect(failed.code).toBe(1);
    expect(failed.stderr).toMatch(/load failed.*committing the load.*backendError/);
    const uploadsAfterFailure = uploadsByJob().size;

    const rerun = await sluice(run('faulty'));
    expectOk(rerun);
    expect(await snapshot('faulty')).toEqual(expected);
    // the rerun found every load job of the failed attempt done and submitted none again
    expect(uploadsByJob().size).toBe(uploadsAfterFailure);
    expect([...uploadsByJob().values()].every((n) => n === 1)).toBe(true);
  });

  it('a process SIGKILLed during its load jobs, rerun, equals a run that never failed', async () => {
    expectOk(await sluice(run('reference2', 'ref-pipelines2')));
    const expected = await snapshot('reference2');
    const slow = await startBigQueryEmulator({ jobLatencyMs: 60 });
    try {
      const userEnv = { ...env(), DESTINATION__BIGQUERY__API_ENDPOINT: slow.url };
      const child = spawnCli(run('killed'), { cwd: REPO_ROOT, env: userEnv });
      await waitUntil(() => [...slow.jobs.values()].some((j) => (j.resource.configuration as { load?: unknown }).load !== undefined), child);
      child.kill('SIGKILL');
      await new Promise((r) => child.on('close', r));
      const loadJobs = (): string[] => [...slow.jobs.values()].filter((j) => (j.resource.configuration as { load?: unknown }).load !== undefined)
        .map((j) => (j.resource.jobReference as { jobId: string }).jobId);
      const atKill = loadJobs();
      expect(atKill.length).toBeGreaterThan(0);
      const loadsBefore = await slowCount(slow, 'killed');
      expect(loadsBefore).toBe(0);
      // the rerun in-process (a new process proves no more than a fresh destination object does)
      const rerun = await sluice(run('killed'), { DESTINATION__BIGQUERY__API_ENDPOINT: slow.url });
      expect(rerun.stderr).not.toMatch(/failed/);
      expectOk(rerun);
      const d = new BigQueryDestination({ datasetName: 'killed', projectId: 'local-project', apiEndpoint: slow.url, pollIntervalMs: 2 });
      const items = await d.query('SELECT `id`, `name`, `price`, `active`, `updated_at` FROM `killed`.`items` ORDER BY `id`');
      expect(items).toEqual(expected.items);
      const [counts] = await d.query('SELECT (SELECT count(*) FROM `killed`.`items`) AS items, (SELECT count(*) FROM `killed`.`items__tags`) AS tags, (SELECT count(*) FROM `killed`.`items__lines`) AS lines');
      expect([counts]).toEqual(expected.counts);
      // the jobs that ran before the kill were found done, not submitted again
      const after = loadJobs();
      expect(after.filter((id) => atKill.some((k) => id.startsWith(k)))).toEqual(atKill);
    } finally {
      await slow.close();
    }
  });

  it('runs end to end with the standalone emulator process (`npm run bigquery-emulator`)', async () => {
    const emu = spawn(process.execPath, ['--import', 'tsx', join(REPO_ROOT, 'test/helpers/bigquery-emulator/main.ts'), '--port', '0'], { cwd: REPO_ROOT });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let out = '';
        emu.stdout.on('data', (d: Buffer) => {
          out += d.toString();
          const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
          if (m) resolve(m[1]!);
        });
        emu.on('close', (code) => reject(new Error(`emulator exited ${code}: ${out}`)));
      });
      const result = await runCliProcess(run('standalone'), { cwd: REPO_ROOT, env: { ...env(), DESTINATION__BIGQUERY__API_ENDPOINT: url } });
      expect(result.stderr).not.toMatch(/failed/);
      expectOk(result);
      expect(result.stdout).toMatch(/items\s+25\n/);
    } finally {
      emu.kill('SIGTERM');
    }
  });
});

async function slowCount(emu: BigQueryEmulator, dataset: string): Promise<number> {
  const d = new BigQueryDestination({ datasetName: dataset, projectId: 'local-project', apiEndpoint: emu.url, pollIntervalMs: 2 });
  return (await d.query(`SELECT count(*) AS n FROM \`${dataset}\`.\`_dlt_loads\``))[0]?.n as number;
}

async function waitUntil(done: () => boolean, child: ChildProcessWithoutNullStreams): Promise<void> {
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
  const started = Date.now();
  while (!done()) {
    if (child.exitCode !== null) throw new Error(`sluice exited ${child.exitCode} before loading: ${stderr}`);
    if (Date.now() - started > 60_000) throw new Error(`timed out waiting; stderr: ${stderr}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}
