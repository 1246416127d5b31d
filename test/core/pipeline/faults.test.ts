import { spawn } from 'node:child_process';
import { cpSync, existsSync, readFileSync, readdirSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { makeItem, startItemsApi, type ItemsApiControl } from './helpers/items-api';
import { httpResource, httpSource } from './helpers/http-source';
import { tempPipeline, type TempPipeline } from './helpers/temp-pipeline';
import type { Source } from '../../../core/source/types';
import { REPO_ROOT } from '../../helpers/cli-process';
import type { ApiServer } from '../../helpers/api-server';
import { PipelineStepError } from '../../../core/errors/pipeline-step-error';

const CHILD = fileURLToPath(new URL('./fixtures/pipeline-child.ts', import.meta.url));

interface Child { code: number | null; signal: NodeJS.Signals | null; stdout: string }

/** Runs the child pipeline; with `killOn`, SIGKILLs it as soon as stdout shows that line (after `delayMs`). */
function runChild(env: Record<string, string>, killOn?: string, delayMs = 0, beforeKill?: () => Promise<void>): Promise<Child> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD], { cwd: REPO_ROOT, env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    let killing = false;
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      if (killOn && !killing && stdout.includes(killOn)) {
        killing = true;
        setTimeout(() => {
          void (beforeKill?.() ?? Promise.resolve()).catch(reject).finally(() => child.kill('SIGKILL'));
        }, delayMs);
      }
    });
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (!killOn && code !== 0) reject(new Error(`child failed (${code}): ${stderr}`));
      resolve({ code, signal, stdout });
    });
  });
}

/** Table contents as a user would compare them: no `_dlt_*` ids, nested rows keyed by their item id. */
async function snapshot(t: TempPipeline): Promise<Record<string, unknown[]>> {
  return {
    items: await t.rows('items', 'id'),
    tags: await t.query('SELECT i.id, t._dlt_list_idx AS idx, t.value FROM data.items__tags t JOIN data.items i ON t._dlt_parent_id = i._dlt_id ORDER BY 1, 2'),
    lines: await t.query('SELECT i.id, l._dlt_list_idx AS idx, l.sku, l.qty FROM data.items__lines l JOIN data.items i ON l._dlt_parent_id = i._dlt_id ORDER BY 1, 2'),
    counts: await t.query(`SELECT (SELECT count(*) FROM data.items)::INT AS items, (SELECT count(*) FROM data.items__tags)::INT AS tags, (SELECT count(*) FROM data.items__lines)::INT AS lines`),
  };
}

// Each case spawns real processes (tsx + DuckDB start-up takes seconds on a busy 2-core machine).
describe('a killed or failed run, rerun, equals a run that never failed', { timeout: 120_000 }, () => {
  let server: ApiServer | undefined;
  const references = new Map<string, Record<string, unknown[]>>();
  const temps: TempPipeline[] = [];
  afterEach(async () => {
    for (const t of temps.splice(0)) await t.cleanup();
    await server?.close();
  });

  async function setup(count: number, pageSize: number): Promise<{ control: ItemsApiControl; t: TempPipeline; env: Record<string, string>; expected: Record<string, unknown[]> }> {
    const api = await startItemsApi(Array.from({ length: count }, (_, i) => makeItem(i + 1)), pageSize);
    server = api.server;
    // The reference: the same data loaded by an undisturbed run (once per data set).
    const key = `${count}/${pageSize}`;
    let expected = references.get(key);
    if (!expected) {
      const reference = tempPipeline();
      temps.push(reference);
      await reference.make().run(httpSource('shop', [httpResource({ name: 'items', url: `${server.baseUrl}/items`, incremental: true })]));
      expected = await snapshot(reference);
      references.set(key, expected);
    }
    const t = tempPipeline();
    temps.push(t);
    return { control: api.control, t, expected, env: { BASE_URL: server.baseUrl, PIPELINES_DIR: t.pipelinesDir, DB_PATH: t.dbPath } };
  }

  it('killed during extract: the partial package is discarded and extracted again', async () => {
    const { control, t, env, expected } = await setup(60, 10);
    control.delayMs = 5;
    let refused = '';
    const killed = await runChild({ ...env, PAUSE_AT: 'extract:3' }, 'PAUSED', 0, async () => {
      // While the child holds the pipeline, another process (this one) is refused.
      refused = String(await t.make().run(httpSource('shop', [httpResource({ name: 'items', url: `${env.BASE_URL}/items` })])).catch((e: unknown) => e));
    });
    expect(refused).toMatch(/pipeline `shop` is already running \(process \d+/);
    expect(killed.signal).toBe('SIGKILL');
    const [pending] = readdirSync(join(t.pipelinesDir, 'shop', 'packages'));
    expect(pending).toBeDefined();
    await runChild(env);
    expect(await snapshot(t)).toEqual(expected);
  });

  it('killed during normalize (in the worker thread): the package is normalized again from its raw pages and loaded once', async () => {
    const { t, env, expected } = await setup(60, 10);
    const killed = await runChild({ ...env, MODE: 'steps', PAUSE_AT: 'normalize:2', WORKER_AFTER: '0' }, 'PAUSED');
    expect(killed.signal).toBe('SIGKILL');
    const pkg = readdirSync(join(t.pipelinesDir, 'shop', 'packages'))[0]!;
    expect(existsSync(join(t.pipelinesDir, 'shop', 'packages', pkg, 'extracted'))).toBe(true);
    await runChild(env);
    expect(await snapshot(t)).toEqual(expected);
  });

  it('killed just before the load transaction: the rerun loads the package once', async () => {
    const { t, env, expected } = await setup(60, 10);
    const killed = await runChild({ ...env, PAUSE_AT: 'load' }, 'PAUSED');
    expect(killed.signal).toBe('SIGKILL');
    await runChild(env);
    expect(await snapshot(t)).toEqual(expected);
  });

  it('killed in the middle of the load transaction: nothing of it is visible, the rerun loads it once', async () => {
    const { t, env, expected } = await setup(10_000, 1000);
    const killed = await runChild({ ...env, PAUSE_AT: 'commit', WORKER_AFTER: '2000' }, 'BEFORE_COMMIT');
    expect(killed.signal).toBe('SIGKILL');
    // The transaction never committed: no load row, no data.
    expect(await t.query(`SELECT count(*)::INT AS n FROM information_schema.tables WHERE table_schema = 'data' AND table_name = 'items'`)).toEqual([{ n: 0 }]);
    await runChild(env);
    expect(await snapshot(t)).toEqual(expected);
  });

  it('killed during extract after parts were staged into the destination: nothing of them is visible, the rerun loads once', async () => {
    const { control, t, env, expected } = await setup(200, 10);
    // 20 slow pages: the child prints STAGED (two parts staged) long before its extraction could end.
    control.delayMs = 50;
    const killed = await runChild({ ...env, PART_BYTES: '300' }, 'STAGED');
    expect(killed.signal).toBe('SIGKILL');
    const [pending] = readdirSync(join(t.pipelinesDir, 'shop', 'packages'));
    const manifest = JSON.parse(readFileSync(join(t.pipelinesDir, 'shop', 'packages', pending!, 'manifest.json'), 'utf8')) as { status: string };
    expect(manifest.status).toBe('extracting');
    control.delayMs = 0;
    expect(await t.query(`SELECT count(*)::INT AS n FROM information_schema.tables WHERE table_schema = 'data' AND table_name = 'items'`)).toEqual([{ n: 0 }]);
    await runChild({ ...env, PART_BYTES: '300' });
    expect(await snapshot(t)).toEqual(expected);
  });

  it('killed in the middle of a load whose parts were staged during extraction (inline and in the worker): the rerun loads it once', async () => {
    const { t, env, expected } = await setup(10_000, 1000);
    const killed = await runChild({ ...env, PAUSE_AT: 'commit', WORKER_AFTER: '2000', PART_BYTES: '60000' }, 'BEFORE_COMMIT');
    expect(killed.signal).toBe('SIGKILL');
    expect(killed.stdout).toContain('STAGED');
    expect(await t.query(`SELECT count(*)::INT AS n FROM information_schema.tables WHERE table_schema = 'data' AND table_name = 'items'`)).toEqual([{ n: 0 }]);
    await runChild({ ...env, PART_BYTES: '60000' });
    expect(await snapshot(t)).toEqual(expected);
  });

  /** Extracts, normalizes and loads one package, then puts the world back as a crash right after its COMMIT would
   *  leave it: the package still there (`damage` done to it), the local state not updated. Returns its load id. */
  async function loadAndCrashAfterCommit(t: TempPipeline, source: Source, damage?: (packageDir: string) => void): Promise<string> {
    const p = t.make();
    const loadId = await p.extract(source);
    await p.normalize();
    const packageDir = join(t.pipelinesDir, 'shop', 'packages', loadId);
    const saved = join(t.dir, 'saved-package');
    cpSync(packageDir, saved, { recursive: true });
    await p.load();
    cpSync(saved, packageDir, { recursive: true });
    damage?.(packageDir);
    writeFileSync(join(packageDir, '..', '..', 'state.json'), JSON.stringify({ pipeline_name: 'shop', dataset_name: 'data', version: 0, engine_version: 1, sources: {} }));
    return loadId;
  }

  it('killed after the commit but before the package was deleted: the rerun does not load it twice', async () => {
    const { t, expected } = await setup(60, 10);
    const source = httpSource('shop', [httpResource({ name: 'items', url: `${server!.baseUrl}/items`, incremental: true })]);
    const loadId = await loadAndCrashAfterCommit(t, source);
    const info = await t.make().run(source);
    expect(info.load_ids[0]).toBe(loadId);
    expect(await snapshot(t)).toEqual(expected);
  });

  it('the API failing mid-run: the run fails in extract, loads nothing, and a rerun completes without gap or duplicate', async () => {
    const { control, t, expected } = await setup(60, 10);
    const source = httpSource('shop', [httpResource({ name: 'items', url: `${server!.baseUrl}/items`, incremental: true })]);
    control.failPages.add(4);
    const error = await t.make().run(source).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PipelineStepError);
    expect((error as PipelineStepError).step).toBe('extract');
    expect((error as PipelineStepError).message).toMatch(/extract of resource `items` failed in pipeline `shop`.*500.*nothing was loaded/);
    expect(readdirSync(join(t.pipelinesDir, 'shop', 'packages'))).toEqual([]);
    control.failPages.clear();
    await t.make().run(source);
    expect(await snapshot(t)).toEqual(expected);
  });

  it('a corrupt package gives a clear error, and dropping it lets the next run extract again', async () => {
    const { t, expected } = await setup(30, 10);
    const source = httpSource('shop', [httpResource({ name: 'items', url: `${server!.baseUrl}/items`, incremental: true })]);
    const p = t.make();
    const loadId = await p.extract(source);
    writeFileSync(join(t.pipelinesDir, 'shop', 'packages', loadId, 'extracted', 'items.ndjson'), '[{"id": 1, "na');
    const error = (await t.make().run(source).catch((e: unknown) => e)) as Error;
    expect(error).toBeInstanceOf(PipelineStepError);
    expect(error.message).toContain(`load package \`${loadId}\` of pipeline \`shop\` is corrupt: line 1 is not valid JSON`);
    expect(error.message).toContain('sluice drop-pending --pipeline-name shop');
    expect(error.message).not.toContain('run the pipeline again');
    expect(await t.make().dropPending()).toEqual([loadId]);
    await t.make().run(source);
    expect(await snapshot(t)).toEqual(expected);
  });

  it('a table file damaged after normalizing, its size unchanged: the failed load names it as corrupt instead of failing alike on every run', async () => {
    const { t, expected } = await setup(30, 10);
    const source = httpSource('shop', [httpResource({ name: 'items', url: `${server!.baseUrl}/items`, incremental: true })]);
    const p = t.make();
    const loadId = await p.extract(source);
    await p.normalize();
    await p.close();
    const file = join(t.pipelinesDir, 'shop', 'packages', loadId, 'normalized', 'items.0000.columns.ndjson');
    const text = readFileSync(file, 'utf8');
    const colon = text.indexOf('":[', Math.floor(text.length / 2)) + 1;
    writeFileSync(file, `${text.slice(0, colon)}#${text.slice(colon + 1)}`); // a byte of garbage where JSON needs a colon
    expect(statSync(file).size).toBe(text.length);
    const error = (await t.make().run(source).catch((e: unknown) => e)) as Error;
    expect(error).toBeInstanceOf(PipelineStepError);
    expect(error.message).toContain(`load package \`${loadId}\` of pipeline \`shop\` is corrupt: line `);
    expect(error.message).toContain(`of the table file is not valid JSON`);
    expect(error.message).toContain(`(file ${file})`);
    expect(error.message).toContain(`sluice drop-pending --pipeline-name shop --pipelines-dir ${t.pipelinesDir}`);
    expect(error.message).not.toContain('run the pipeline again');
    expect(await t.make().dropPending()).toEqual([loadId]);
    await t.make().run(source);
    expect(await snapshot(t)).toEqual(expected);
  });

  // Table files are not fsynced: a power cut or kernel crash can leave a normalized package's files short or empty.
  // The manifest records the size of every part, and a load checks them first.
  it('every table file part is recorded with its size, also those written by the normalize worker and by the thread that helps it', async () => {
    const { t } = await setup(300, 10);
    const source = httpSource('shop', [httpResource({ name: 'items', url: `${server!.baseUrl}/items`, incremental: true })]);
    const p = t.make('shop', { normalizeWorkerAfterRecords: 50, tablePartBytes: 400 });
    const loadId = await p.extract(source);
    await p.normalize();
    await p.close();
    const packageDir = join(t.pipelinesDir, 'shop', 'packages', loadId);
    const manifest = JSON.parse(readFileSync(join(packageDir, 'manifest.json'), 'utf8')) as { jobs: { files: string[]; file_bytes: number[] }[] };
    const parts = manifest.jobs.flatMap((job) => job.files.map((file, i) => ({ file, recorded: job.file_bytes[i], size: statSync(join(packageDir, 'normalized', file)).size })));
    expect(parts.length).toBeGreaterThan(10);
    for (const part of parts) expect(part.recorded, part.file).toBe(part.size);
  });

  it('a machine that stopped before writing out a table file (a power cut, simulated by cutting the file short): the rerun discards the package and extracts it again, without gap or duplicate', async () => {
    const { t, env, expected } = await setup(60, 10);
    const killed = await runChild({ ...env, PAUSE_AT: 'load' }, 'PAUSED');
    expect(killed.signal).toBe('SIGKILL');
    const [loadId] = readdirSync(join(t.pipelinesDir, 'shop', 'packages'));
    const file = join(t.pipelinesDir, 'shop', 'packages', loadId!, 'normalized', 'items__tags.0000.columns.ndjson');
    const size = statSync(file).size;
    truncateSync(file, 0);
    const source = httpSource('shop', [httpResource({ name: 'items', url: `${server!.baseUrl}/items`, incremental: true })]);
    const info = await t.make().run(source);
    expect(info.load_ids).toHaveLength(1);
    expect(info.load_ids[0]).not.toBe(loadId);
    expect(t.events).toContainEqual({
      type: 'package_discarded', load_id: loadId,
      reason: `its table file ${file} has 0 bytes where ${size} were written: the machine stopped before writing it out. ` +
        'Nothing of it was loaded and its state was never committed, so the next extract fetches its records again',
    });
    expect(t.events).not.toContainEqual({ type: 'step_started', step: 'load', load_id: loadId });
    expect(await snapshot(t)).toEqual(expected);
  });

  it('a short table file in a package whose load was committed: the rerun only finishes the bookkeeping and loads nothing twice', async () => {
    const { t, expected } = await setup(60, 10);
    const source = httpSource('shop', [httpResource({ name: 'items', url: `${server!.baseUrl}/items`, incremental: true })]);
    // The files not yet written out either: one is short.
    const loadId = await loadAndCrashAfterCommit(t, source, (packageDir) => truncateSync(join(packageDir, 'normalized', 'items.0000.columns.ndjson'), 10));
    const info = await t.make().run(source);
    expect(info.load_ids[0]).toBe(loadId);
    expect(t.events.filter((e) => e.type === 'package_discarded')).toEqual([]);
    expect(await snapshot(t)).toEqual(expected);
  });

  it('a short table file in the older of two pending packages: both are discarded (the newer one\'s state builds on the older) and the run loads every record once', async () => {
    const { control, t } = await setup(30, 10);
    const source = httpSource('shop', [httpResource({ name: 'items', url: `${server!.baseUrl}/items`, incremental: true })]);
    const p = t.make();
    const older = await p.extract(source);
    control.items.push(...Array.from({ length: 10 }, (_, i) => makeItem(31 + i)));
    const newer = await p.extract(source);
    await p.normalize();
    await p.close();
    truncateSync(join(t.pipelinesDir, 'shop', 'packages', older, 'normalized', 'items.0000.columns.ndjson'), 100);
    const info = await t.make().run(source);
    expect(t.events.filter((e) => e.type === 'package_discarded').map((e) => e.load_id)).toEqual([older, newer]);
    expect(info.load_ids).toHaveLength(1);
    const reference = tempPipeline();
    temps.push(reference);
    await reference.make().run(source);
    const loaded = await snapshot(t);
    expect(loaded.counts).toEqual([{ items: 40, tags: 80, lines: 80 }]);
    expect(loaded).toEqual(await snapshot(reference));
  });
});
