import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Readable, Writable } from 'node:stream';
import type { CliIo } from '../../../core/cli/command';
import { runCli } from '../../../core/cli/run-cli';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApiServer, type ApiServer } from '../../helpers/api-server';
import { createGithubData, GITHUB_TOKEN, githubRoutes } from '../../helpers/api/github';

const ROOT = resolve(import.meta.dirname, '../../..');

interface Result { code: number; stdout: string; stderr: string }

/** The same command in-process (fast), for the cases that do not need a real process. */
async function sluiceInProcess(args: string[], cwd: string, env: Record<string, string> = {}): Promise<Result> {
  let stdout = '';
  let stderr = '';
  const sink = (append: (s: string) => void) => new Writable({ write(chunk, _enc, cb) { append(String(chunk)); cb(); } });
  const io: CliIo = {
    stdout: sink((s) => { stdout += s; }), stderr: sink((s) => { stderr += s; }), stdin: Readable.from([]),
    env: { HOME: cwd, ...env }, cwd,
  };
  const code = await runCli(args, io);
  return { code, stdout, stderr };
}

/** Runs `sluice preview ...` as a user would: a real process, from the repository's source. */
function sluice(args: string[], cwd: string, env: Record<string, string> = {}): Promise<Result> {
  return new Promise((done) => {
    execFile(process.execPath, ['--import', pathToFileURL(join(ROOT, 'node_modules/tsx/dist/loader.mjs')).href, join(ROOT, 'core/cli/main.ts'), ...args], {
      cwd, env: { PATH: process.env.PATH ?? '', HOME: cwd, ...env }, timeout: 60_000,
    }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      done({ code, stdout, stderr });
    });
  });
}

describe('sluice preview', () => {
  let server: ApiServer;
  let dir: string;
  const github = () => ({
    client: { base_url: server.baseUrl, auth: { type: 'bearer', token: '{secrets.token}' }, paginator: 'header_link' },
    resource_defaults: { endpoint: { params: { per_page: 2 } } },
    resources: [
      { name: 'repos', endpoint: 'orgs/acme/repos' },
      { name: 'issues', endpoint: 'repos/acme/{resources.repos.name}/issues', include_from_parent: ['name'] },
    ],
  });

  beforeAll(async () => {
    server = await startApiServer(githubRoutes());
    server.state.set('github', createGithubData({ repos: 3, issuesPerRepo: 5 }));
    dir = await mkdtemp(join(tmpdir(), 'sluice-preview-'));
    await writeFile(join(dir, 'github.json'), JSON.stringify(github(), null, 2));
  });
  afterAll(async () => {
    await server.close();
    await rm(dir, { recursive: true, force: true });
  });

  it.concurrent('prints one JSON document with requests, responses, paginator decisions and records (--json)', async () => {
    const result = await sluice(['preview', 'github.json', '--resource', 'issues', '--pages', '2', '--json'], dir, { SOURCES__GITHUB__TOKEN: GITHUB_TOKEN });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const doc = JSON.parse(result.stdout) as {
      resources: Array<{ name: string; pages: Array<{ request: { url: string }; response: { elapsed_ms: unknown }; paginator: unknown; records: Array<Record<string, unknown>> }> }>;
    };
    expect(doc.resources.map((r) => r.name)).toEqual(['issues']);
    const pages = doc.resources[0]!.pages;
    expect(pages).toHaveLength(2);
    expect(Object.keys(pages[0]!)).toEqual(['request', 'response', 'paginator', 'records']);
    expect(pages[0]!.request).toEqual({ method: 'GET', url: `${server.baseUrl}/repos/acme/repo-1/issues?per_page=2` });
    expect(pages[0]!.response).toMatchObject({ status: 200 });
    expect(typeof pages[0]!.response.elapsed_ms).toBe('number');
    expect(pages[0]!.paginator).toMatchObject({ type: 'header_link', has_next: true });
    expect(pages[1]!.request.url).toContain('page=2');
    expect(pages[0]!.records.map((r) => r.number)).toEqual([1, 2]);
    expect(pages[0]!.records[0]!._repos_name).toBe('repo-1');
    expect(result.stdout).not.toContain(GITHUB_TOKEN);
  });

  it('prints a readable report per resource and page by default (3 pages)', async () => {
    const result = await sluiceInProcess(['preview', 'github.json'], dir, { SOURCES__GITHUB__TOKEN: GITHUB_TOKEN });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('resource repos\n');
    expect(result.stdout).toContain(`  page 1: GET ${server.baseUrl}/orgs/acme/repos?per_page=2 → 200 in `);
    expect(result.stdout).toMatch(/paginator header_link: next page \(/);
    expect(result.stdout).toContain('resource issues\n');
    expect(result.stdout.match(/^ {2}page \d+:/gm)).toHaveLength(5); // repos: 2 pages (3 repos), issues: 3 pages
    expect(result.stdout).toContain('"title":"Issue 1 of repo-1"');
  });

  it.concurrent('exits 2 naming every config path for a config error, without any request', async () => {
    const bad = github() as { client: Record<string, unknown>; resources: Array<Record<string, unknown>> };
    bad.resources[1]!.endpoint = { path: 'repos/acme/{resources.repos.name}/issues', paginator: { type: 'header_lnk' } };
    bad.client.sesion = 'x';
    await writeFile(join(dir, 'bad.json'), JSON.stringify(bad));
    const before = server.requests.length;
    const result = await sluice(['preview', 'bad.json'], dir);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('2 problems in the config');
    expect(result.stderr).toContain('invalid value `header_lnk`; valid values are: `json_link`, `header_link`, `header_cursor`, `cursor`, `offset`, `page_number`, `single_page`, `auto`; did you mean `header_link`? (at `resources[1].endpoint.paginator.type`)');
    expect(result.stderr).toContain('(at `client.sesion`)');
    expect(server.requests.length).toBe(before);
  });

  it('exits 2 with the line and column of a JSON syntax error', async () => {
    await writeFile(join(dir, 'broken.json'), '{\n  "client": {"base_url": "x"},\n  "resources": ["a",]\n}\n');
    const result = await sluiceInProcess(['preview', 'broken.json'], dir);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('`broken.json` is not valid JSON: a trailing comma before `]` (line 3, column 21)');
  });

  it.concurrent('exits 1 on a 401 and shows the HTTP error without the token', async () => {
    const result = await sluice(['preview', 'github.json', '--resource', 'repos'], dir, { SOURCES__GITHUB__TOKEN: 'ghp_wrongtoken9876' });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`GET ${server.baseUrl}/orgs/acme/repos?per_page=2 failed: 401 Unauthorized`);
    expect(result.stderr).not.toContain('ghp_wrongtoken9876');
  });

  it('exits 2 when a secret is missing, naming the environment variable', async () => {
    const result = await sluiceInProcess(['preview', 'github.json', '--resource', 'repos'], dir);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('SOURCES__GITHUB__TOKEN');
  });

  it('warns when a single-entity path overrides the client paginator', async () => {
    const config = github() as { resources: unknown[] };
    config.resources.push({ name: 'repo', endpoint: 'repos/acme/{resources.repos.name}', selected: true });
    await writeFile(join(dir, 'entity.json'), JSON.stringify(config));
    const result = await sluiceInProcess(['preview', 'entity.json', '--resource', 'repo', '--pages', '1', '--source-name', 'github'], dir, { SOURCES__GITHUB__TOKEN: GITHUB_TOKEN });
    expect(result.stderr).toContain('warning: `client.paginator` (`header_link`) does not apply to resource `repo`');
    expect(result.code).toBe(1); // the local API has no single-repo route: 404 is a runtime failure
  });
});
