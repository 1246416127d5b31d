import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { OsKeychainStore } from '../../../core/secrets/os-keychain-store';
import { spawn } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { REPO_ROOT } from '../../helpers/cli-process';
import { startApiServer, type ApiServer } from '../../helpers/api-server';
import { authConfig, issuedTokens, LEAK_SECRETS, leakRoutes, type AuthKind } from './leak-api';
import { findLeaks } from './leak-check';
import { keychainUnavailableReason, skipNote } from './secrets-fixtures';

/**
 * The same promise as leak.test.ts, end to end as a user runs it: `sluice` as a real process, secrets from
 * secrets.toml, the keychain, or written literally into a dlt config.
 */
const reason = await keychainUnavailableReason();
const TSX = pathToFileURL(join(REPO_ROOT, 'node_modules', 'tsx', 'dist', 'loader.mjs')).href;
const CLI = join(REPO_ROOT, 'core', 'cli', 'main.ts');

/** `sluice <args>` as a real process in a folder outside the checkout (so tsx is loaded by path). */
function runCliProcess(args: string[], options: { cwd: string; env: NodeJS.ProcessEnv; input?: string }): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', TSX, CLI, ...args], { cwd: options.cwd, env: options.env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => { stdout += d.toString(); });
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(options.input ?? '');
  });
}
const AUTHS: AuthKind[] = ['bearer', 'api_key', 'http_basic', 'oauth2'];

let server: ApiServer;
let dir: string;
beforeAll(async () => { server = await startApiServer(leakRoutes); });
afterAll(async () => { await server.close(); });
beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'sluice-leak-e2e-')); mkdirSync(join(dir, '.sluice')); });
afterEach(() => { rmSync(dir, { recursive: true, force: true }); });

/** One resource per auth, all against the same endpoint. */
function writeConfig(path: string, literal: boolean, auths: AuthKind[] = AUTHS): string {
  const file = join(dir, 'leak.json');
  writeFileSync(file, JSON.stringify({
    client: { base_url: `${server.baseUrl}/leak/`, timeout: 10, retry: { max_attempts: 1 } },
    resources: auths.map((auth) => ({
      name: `items_${auth}`, endpoint: { path, data_selector: 'items', paginator: 'single_page', auth: authConfig(auth, server.baseUrl, literal) },
    })),
  }, null, 2));
  return file;
}

function env(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const base: NodeJS.ProcessEnv = { HOME: dir, PATH: process.env.PATH ?? '', NO_COLOR: '1', ...extra };
  if (process.env.DBUS_SESSION_BUS_ADDRESS) base.DBUS_SESSION_BUS_ADDRESS = process.env.DBUS_SESSION_BUS_ADDRESS;
  if (process.env.XDG_RUNTIME_DIR) base.XDG_RUNTIME_DIR = process.env.XDG_RUNTIME_DIR;
  return base;
}

const secretsToml = (): string => `[sources.leak]\n${Object.entries(LEAK_SECRETS).map(([k, v]) => `${k} = ${JSON.stringify(v)}`).join('\n')}\n`;

function noLeaks(run: { stdout: string; stderr: string }, dirs = [join(dir, 'pipelines')]): void {
  const leaks = findLeaks([...Object.values(LEAK_SECRETS), ...issuedTokens(server)], { stdout: run.stdout, stderr: run.stderr }, dirs);
  expect(leaks, run.stdout + run.stderr).toEqual([]);
}

describe('secrets end to end', { timeout: 120_000 }, () => {
  it('a missing secret fails with exit code 2 before any request, saying exactly what to set', async () => {
    const config = writeConfig('ok-echo', false, ['bearer']);
    const before = server.requests.length;
    const preview = await runCliProcess(['preview', config], { cwd: dir, env: env() });
    const run = await runCliProcess(['run', config, '--pipeline-name', 'leak', '--pipelines-dir', join(dir, 'pipelines'), '--duckdb-path', join(dir, 'leak.duckdb')], { cwd: dir, env: env() });
    for (const result of [preview, run]) {
      expect(result.code, result.stderr).toBe(2);
      expect(result.stderr).toContain('Secret `{secrets.token}` for source `leak` is not set.');
      expect(result.stderr).toContain('set the environment variable `SOURCES__LEAK__TOKEN`, or add `token = "..."` under `[sources.leak]` in `.sluice/secrets.toml`');
    }
    expect(server.requests.length).toBe(before);
  });

  it('secrets from .sluice/secrets.toml: --verbose names the file, a 500 that echoes them shows none', async () => {
    writeFileSync(join(dir, '.sluice', 'secrets.toml'), secretsToml());
    const config = writeConfig('500-echo', false);
    const run = await runCliProcess(['run', config, '--pipeline-name', 'leak', '--pipelines-dir', join(dir, 'pipelines'), '--duckdb-path', join(dir, 'leak.duckdb'), '--verbose'], { cwd: dir, env: env() });
    expect(run.code, run.stderr).toBe(1);
    expect(run.stderr).toContain(`secret \`leak.token\` from secrets.toml (${join(dir, '.sluice', 'secrets.toml')})`);
    expect(run.stderr).toContain('500 Internal Server Error');
    noLeaks(run, [join(dir, 'pipelines'), join(dir, 'leak.duckdb')]);
  });

  it('a dlt config with literal credentials still runs, warns once without the values, and shows none of them', async () => {
    const config = writeConfig('ok-echo', true);
    const preview = await runCliProcess(['preview', config, '--pages', '1'], { cwd: dir, env: env() });
    expect(preview.code, preview.stderr).toBe(0);
    const warnings = preview.stderr.split('\n').filter((l) => l.startsWith('warning:'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('`leak.json` holds 4 literal credentials (`resources[0].endpoint.auth.token`, `resources[1].endpoint.auth.api_key`, ' +
      '`resources[2].endpoint.auth.password`, `resources[3].endpoint.auth.client_secret`)');
    expect(warnings[0]).toContain('`export SOURCES__LEAK__TOKEN=...`');
    expect(preview.stdout).toContain('you sent ***');
    expect(preview.stdout.match(/resource items_/g)).toHaveLength(4);
    noLeaks(preview, [join(dir, '.sluice'), join(dir, 'pipelines')]);

    const failing = writeConfig('401', true);
    const run = await runCliProcess(['run', failing, '--pipeline-name', 'leak', '--pipelines-dir', join(dir, 'pipelines'), '--duckdb-path', join(dir, 'leak.duckdb')], { cwd: dir, env: env() });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('401 Unauthorized');
    // The config file itself holds them (the user wrote it); everything Sluice wrote does not.
    noLeaks(run, [join(dir, 'pipelines'), join(dir, 'leak.duckdb'), join(dir, '.sluice')]);
  });

  it.skipIf(reason)(`secrets from the OS keychain: --verbose names the account, output shows no value${skipNote(reason)}`, async () => {
    const store = new OsKeychainStore({ homeDir: dir });
    const section = `leak_kc_${process.pid}`;
    const config = writeConfig('ok-echo', false, ['bearer']);
    const renamed = join(dir, `${section}.json`);
    writeFileSync(renamed, (await import('node:fs')).readFileSync(config, 'utf8'));
    try {
      const set = await runCliProcess(['secrets', 'set', `${section}.token`], { cwd: dir, env: env(), input: `${LEAK_SECRETS.token}\n` });
      expect(set.code, set.stderr).toBe(0);
      const preview = await runCliProcess(['preview', renamed, '--verbose'], { cwd: dir, env: env() });
      expect(preview.code, preview.stderr).toBe(0);
      expect(preview.stderr).toContain(`secret \`${section}.token\` from keychain (keychain account ${section}.token)`);
      const list = await runCliProcess(['secrets', 'list', '--config', renamed], { cwd: dir, env: env() });
      expect(list.stdout).toMatch(new RegExp(`${section}\\.token +set +keychain`));
      for (const r of [set, preview, list]) noLeaks(r, [join(dir, '.sluice')]);
    } finally {
      await store.delete(`${section}.token`);
    }
  });
});
