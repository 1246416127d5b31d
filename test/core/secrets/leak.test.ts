import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { CliIo } from '../../../core/cli/command';
import { startApiServer, type ApiServer } from '../../helpers/api-server';
import { authConfig, issuedTokens, LEAK_SECRETS, leakRoutes, type AuthKind } from './leak-api';
import { findLeaks, walk } from './leak-check';

/**
 * Leak tests: a preview and a pipeline run whose token, API key, Basic password and OAuth client secret are known
 * fail in every way the HTTP tests know; none of the values, nor their encoded forms, may appear in stdout, stderr,
 * any file Sluice wrote (load packages, state, DuckDB), or ~/.sluice. Each scenario runs the CLI with freshly
 * loaded modules, so the process-wide redactor starts empty: nothing registered by an earlier scenario can hide a
 * path that forgets to register.
 */
const FAILURES = ['401', '500-echo', 'timeout', 'malformed', 'redirect', 'reset'] as const;
const AUTHS: AuthKind[] = ['bearer', 'api_key', 'http_basic', 'oauth2'];
const SECRET_ENV = {
  SOURCES__LEAK__TOKEN: LEAK_SECRETS.token,
  SOURCES__LEAK__API_KEY: LEAK_SECRETS.api_key,
  SOURCES__LEAK__PASSWORD: LEAK_SECRETS.password,
  SOURCES__LEAK__CLIENT_SECRET: LEAK_SECRETS.client_secret,
};

let server: ApiServer;
beforeAll(async () => { server = await startApiServer(leakRoutes); });
afterAll(async () => { await server.close(); });

interface Outcome { code: number; stdout: string; stderr: string; dir: string }

async function sluice(command: 'preview' | 'run', auth: AuthKind, mode: string, options: { tokenPath?: string } = {}): Promise<Outcome> {
  const dir = mkdtempSync(join(tmpdir(), 'sluice-leak-'));
  const config = join(dir, 'leak.json');
  writeFileSync(config, JSON.stringify({
    client: {
      base_url: `${server.baseUrl}/leak/`, timeout: mode === 'timeout' ? 0.3 : 10, retry: { max_attempts: 2, backoff_factor: 0, max_delay: 0 },
      auth: authConfig(auth, server.baseUrl, false, options.tokenPath),
    },
    resources: [{ name: 'items', endpoint: { path: mode, data_selector: 'items', paginator: 'single_page' } }],
  }, null, 2));
  vi.resetModules();
  const { runCli } = await import('../../../core/cli/run-cli');
  let stdout = '';
  let stderr = '';
  const sink = (append: (s: string) => void) => new Writable({ write(chunk, _e, done) { append(String(chunk)); done(); } });
  const io: CliIo = {
    stdout: sink((s) => { stdout += s; }), stderr: sink((s) => { stderr += s; }), stdin: Readable.from([]),
    env: { HOME: dir, PATH: process.env.PATH ?? '', ...SECRET_ENV }, cwd: dir,
  };
  const args = command === 'preview'
    ? ['preview', config, '--pages', '1', '--verbose']
    : ['run', config, '--pipeline-name', 'leak', '--pipelines-dir', join(dir, 'pipelines'), '--duckdb-path', join(dir, 'leak.duckdb'), '--verbose'];
  const code = await runCli(args, io);
  return { code, stdout, stderr, dir };
}

function expectNoLeak(outcome: Outcome): void {
  const secrets = [...Object.values(LEAK_SECRETS), ...issuedTokens(server)];
  const leaks = findLeaks(secrets, { stdout: outcome.stdout, stderr: outcome.stderr }, [outcome.dir]);
  expect(leaks, `output was:\n${outcome.stdout}\n${outcome.stderr}`).toEqual([]);
}

describe('the leak checker', () => {
  it('finds every encoded form of a secret in text and in files', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sluice-leak-check-'));
    try {
      writeFileSync(join(dir, 'package.ndjson'), `{"auth":"Basic ${Buffer.from(`leaky_user:${LEAK_SECRETS.password}`).toString('base64')}"}`);
      const leaks = findLeaks([LEAK_SECRETS.token, LEAK_SECRETS.api_key], {
        log: `GET /x?credential=${new URLSearchParams({ a: LEAK_SECRETS.api_key }).toString().slice(2)}`,
        error: `token ${Buffer.from(LEAK_SECRETS.token).toString('base64url')}`,
      }, [dir]);
      expect(leaks.map((l) => l.where)).toEqual(['log', 'error', 'package.ndjson']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe.each(['preview', 'run'] as const)('sluice %s leaks no credential', (command) => {
  for (const auth of AUTHS) {
    for (const failure of FAILURES) {
      it(`${auth} auth, ${failure}`, async () => {
        const outcome = await sluice(command, auth, failure);
        try {
          expect(outcome.code, outcome.stderr).toBe(1);
          // The failure is reported (something a user can act on), just without the secret.
          expect(outcome.stderr).toMatch(/401|500|timed out|timeout|JSON|reset|socket|closed|terminated/i);
          expectNoLeak(outcome);
        } finally {
          rmSync(outcome.dir, { recursive: true, force: true });
        }
      });
    }
  }

  it('oauth2 auth, the token endpoint rejects the client and echoes the form body', async () => {
    const outcome = await sluice(command, 'oauth2', 'ok-echo', { tokenPath: 'oauth-fail/token' });
    try {
      expect(outcome.code).toBe(1);
      expectNoLeak(outcome);
    } finally {
      rmSync(outcome.dir, { recursive: true, force: true });
    }
  });

  it.each(AUTHS)('%s auth, the API echoes the credentials inside a successful response', async (auth) => {
    const outcome = await sluice(command, auth, 'ok-echo');
    try {
      expect(outcome.code, outcome.stderr).toBe(0);
      // --verbose says where each secret came from, never what it is.
      expect(outcome.stderr).toMatch(/secret `leak\.(token|api_key|password|client_secret)` from environment \(SOURCES__LEAK__[A-Z_]+\)/);
      if (command === 'preview') {
        expect(outcome.stdout).toContain('you sent ***');
        expectNoLeak(outcome);
      } else {
        // A run loads what the API returned; Sluice's own files beside the data (state, packages, logs) hold no secret.
        const leaks = findLeaks([...Object.values(LEAK_SECRETS), ...issuedTokens(server)], { stdout: outcome.stdout, stderr: outcome.stderr },
          [join(outcome.dir, '.sluice'), join(outcome.dir, 'pipelines')]);
        expect(leaks).toEqual([]);
        expect(walk(join(outcome.dir, 'pipelines')).length).toBeGreaterThan(0);
      }
    } finally {
      rmSync(outcome.dir, { recursive: true, force: true });
    }
  });
});
