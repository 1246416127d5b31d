import { Readable, Writable } from 'node:stream';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApiServer, type ApiServer } from '../../helpers/api-server';
import { createGithubData, githubRoutes } from '../../helpers/api/github';
import { POKEMON_KINDS, pokemonRoutes } from '../../helpers/api/pokemon';
import { offsetRoutes } from '../../helpers/api/offset';
import { validateSourceConfig } from '../../../core/config/validate-source-config';
import { restApiSource } from '../../../core/source/rest-api-source';
import type { SourceRecord } from '../../../core/source/types';
import { runCli } from '../../../core/cli/run-cli';
import type { CliIo } from '../../../core/cli/command';
import { Redactor } from '../../../core/http/redactor';
import { memoryState } from './helpers/memory-state';

/**
 * Three configs from dlt's documentation, as JSON. Only `base_url` points at the local imitation of the API, and
 * Python secret expressions (`dlt.secrets["..."]`, a function argument) become `{secrets.<name>}` references.
 * - GitHub: docs/website/docs/dlt-ecosystem/verified-sources/rest_api/basic.md, "Source configuration / Quick example".
 * - Pokémon: dlt/sources/rest_api_pipeline.py (`load_pokemon`), the config `dlt init rest_api` generates.
 * - Offset: the OffsetPaginator example of docs/website/docs/general-usage/http/rest-client.md
 *   (`items?offset=0&limit=100`, body `{"items": [...], "total": 1000}`), in the endpoint form of basic.md's
 *   paginator table.
 */
const githubConfig = (base: string) => ({
  client: { base_url: `${base}/repos/dlt-hub/dlt/`, auth: { token: '{secrets.github_token}' } },
  resource_defaults: { primary_key: 'id', write_disposition: 'merge', endpoint: { params: { per_page: 100 } } },
  resources: [
    {
      name: 'issues',
      endpoint: {
        path: 'issues',
        params: { sort: 'updated', direction: 'desc', state: 'open', since: { type: 'incremental', cursor_path: 'updated_at', initial_value: '2024-01-25T11:21:28Z' } },
      },
    },
    { name: 'issue_comments', endpoint: { path: 'issues/{resources.issues.number}/comments' }, include_from_parent: ['id'] },
  ],
});

const pokemonConfig = (base: string) => ({
  client: { base_url: `${base}/api/v2/` },
  resource_defaults: { endpoint: { params: { limit: 1000 } } },
  resources: ['pokemon', 'berry', 'location'],
});

const offsetConfig = (base: string) => ({
  client: { base_url: base },
  resources: [{
    name: 'items',
    endpoint: { path: 'items', paginator: { type: 'offset', limit: 100, offset_param: 'offset', limit_param: 'limit', total_path: 'total' } },
  }],
});

async function extractAll(config: unknown, name: string, env: Record<string, string> = {}): Promise<Record<string, SourceRecord[]>> {
  const source = restApiSource(config, { name, env, redactor: new Redactor() });
  const out: Record<string, SourceRecord[]> = {};
  const state = memoryState();
  for (const resource of source.resources) {
    out[resource.name] = [];
    for await (const batch of resource.extract({ state })) out[resource.name]!.push(...batch.records);
  }
  return out;
}

interface PreviewDoc {
  resources: Array<{ name: string; pages: Array<{ request: { method: string; url: string }; response: { status: number }; paginator: { type: string; has_next: boolean; reason: string }; records: SourceRecord[] }> }>;
}

async function preview(dir: string, file: string, config: unknown, args: string[], env: Record<string, string> = {}): Promise<{ code: number; doc?: PreviewDoc; stderr: string }> {
  await writeFile(join(dir, file), JSON.stringify(config, null, 2));
  let stdout = '';
  let stderr = '';
  const sink = (append: (s: string) => void) => new Writable({ write(chunk, _e, cb) { append(String(chunk)); cb(); } });
  const io: CliIo = { stdout: sink((s) => { stdout += s; }), stderr: sink((s) => { stderr += s; }), stdin: Readable.from([]), env: { HOME: dir, ...env }, cwd: dir };
  const code = await runCli(['preview', file, '--json', ...args], io);
  return { code, stderr, ...(stdout ? { doc: JSON.parse(stdout) as PreviewDoc } : {}) };
}

describe('configs from dlt\'s docs', () => {
  let server: ApiServer;
  let dir: string;
  beforeAll(async () => {
    server = await startApiServer([...githubRoutes({ token: 'ghp_docs_token_1234' }), ...pokemonRoutes({ maxLimit: 20 }), ...offsetRoutes({ total: 250 })]);
    server.state.set('github', createGithubData({ org: 'dlt-hub', repoNames: ['dlt'], issuesPerRepo: 5, commentsPerIssue: 2, firstDay: '2024-01-24' }));
    dir = await mkdtemp(join(tmpdir(), 'sluice-dlt-docs-'));
  });
  afterAll(async () => {
    await server.close();
    await rm(dir, { recursive: true, force: true });
  });

  it.each([
    ['GitHub', githubConfig('https://api.github.com')],
    ['Pokémon', pokemonConfig('https://pokeapi.co')],
    ['offset', offsetConfig('https://api.example.com')],
  ])('the %s config validates unchanged, without a warning', (_name, config) => {
    expect(validateSourceConfig(config)).toEqual({ ok: true, issues: [] });
  });

  it('GitHub: issues since the initial value, then comments per issue with `_issues_id`', async () => {
    const env = { SOURCES__GITHUB__GITHUB_TOKEN: 'ghp_docs_token_1234' };
    const data = await extractAll(githubConfig(server.baseUrl), 'github', env);
    // Issues are updated 2024-01-24..28 at 01:00; `since` 2024-01-25T11:21:28Z keeps 26, 27, 28.
    expect(data.issues!.map((i) => i.number).sort()).toEqual([3, 4, 5]);
    expect(data.issue_comments).toHaveLength(6);
    for (const c of data.issue_comments!) expect(data.issues!.map((i) => i.id)).toContain(c._issues_id);
    const issueRequest = server.requests.find((r) => r.path === '/repos/dlt-hub/dlt/issues')!;
    expect(new URL(issueRequest.url, server.baseUrl).searchParams.toString())
      .toBe('per_page=100&sort=updated&direction=desc&state=open&since=2024-01-25T11%3A21%3A28Z');

    const result = await preview(dir, 'github.json', githubConfig(server.baseUrl), ['--pages', '2'], env);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.doc!.resources.map((r) => [r.name, r.pages.length])).toEqual([['issues', 1], ['issue_comments', 2]]);
    const issuesPage = result.doc!.resources[0]!.pages[0]!;
    expect(issuesPage.paginator).toMatchObject({ type: 'single_page', has_next: false }); // one page: nothing to detect
    expect(issuesPage.paginator.reason).toMatch(/^detected `single_page`/);
    expect(issuesPage.records.map((r) => r.number)).toEqual([5, 4, 3]);
    expect(result.doc!.resources[1]!.pages[0]!.request.url).toBe(`${server.baseUrl}/repos/dlt-hub/dlt/issues/5/comments?per_page=100`);
  });

  it('Pokémon: the paginator and the data selector are detected; every entry arrives once', async () => {
    const data = await extractAll(pokemonConfig(server.baseUrl), 'pokemon');
    for (const kind of ['pokemon', 'berry', 'location']) {
      expect(data[kind]!.map((r) => r.name)).toEqual(POKEMON_KINDS[kind]);
    }
    const result = await preview(dir, 'pokemon.json', pokemonConfig(server.baseUrl), ['--resource', 'pokemon']);
    expect(result.code).toBe(0);
    const pages = result.doc!.resources[0]!.pages;
    expect(pages).toHaveLength(3);
    expect(pages[0]!.request.url).toBe(`${server.baseUrl}/api/v2/pokemon?limit=1000`);
    expect(pages[0]!.paginator.type).toBe('json_link');
    expect(pages[0]!.paginator.reason).toMatch(/^detected `json_link`/);
    expect(pages[1]!.request.url).toBe(`${server.baseUrl}/api/v2/pokemon?offset=20&limit=20`);
    expect(pages.map((p) => p.records.length)).toEqual([20, 20, 5]);
    expect(pages[2]!.paginator.has_next).toBe(false);
  });

  it('offset: three pages of 100, 100 and 50, stopping at the total', async () => {
    const data = await extractAll(offsetConfig(server.baseUrl), 'offset');
    expect(data.items!.map((r) => r.id)).toEqual(Array.from({ length: 250 }, (_, i) => i + 1));
    const result = await preview(dir, 'items.json', offsetConfig(server.baseUrl), []);
    expect(result.code).toBe(0);
    const pages = result.doc!.resources[0]!.pages;
    expect(pages.map((p) => p.request.url)).toEqual([0, 100, 200].map((o) => `${server.baseUrl}/items?offset=${o}&limit=100`));
    expect(pages.map((p) => p.records.length)).toEqual([100, 100, 50]);
    expect(pages.map((p) => p.paginator.has_next)).toEqual([true, true, false]);
  });
});
