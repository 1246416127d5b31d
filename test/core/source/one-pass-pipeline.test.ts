import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startApiServer, type ApiServer } from '../../helpers/api-server';
import { createGithubData, GITHUB_TOKEN, githubRoutes, type GithubData } from '../../helpers/api/github';
import { tempPipeline, type TempPipeline } from '../pipeline/helpers/temp-pipeline';
import { restApiSource } from '../../../core/source/rest-api-source';
import { Redactor } from '../../../core/http/redactor';
import { PipelineStepError } from '../../../core/errors/pipeline-step-error';
import type { ProgressEvent } from '../../../core/pipeline/progress';
import type { CliIo } from '../../../core/cli/command';
import { runCli } from '../../../core/cli/run-cli';
import { pipeline } from '../../../core/pipeline/pipeline';
import { DuckDbDestination } from '../../../core/destinations/duckdb/duckdb-destination';

// A parent and its children selected in one pipeline run: each parent page is requested once and feeds both the
// parent's table and the children's requests (real HTTP server, real DuckDB).
describe('pipeline run of a parent with its children (one pass)', () => {
  let server: ApiServer;
  let t: TempPipeline;
  beforeEach(async () => {
    server = await startApiServer(githubRoutes());
    server.state.set('github', createGithubData({ repos: 3, issuesPerRepo: 4, commentsPerIssue: 3 }));
    t = tempPipeline('sluice-one-pass-');
  });
  afterEach(async () => {
    await t.cleanup();
    await server.close();
  });

  const data = () => server.state.get('github') as GithubData;
  const requests = (path: string | RegExp) => server.requests.filter((r) => (typeof path === 'string' ? r.path === path : path.test(r.path)));
  const duplicates = () => {
    const urls = server.requests.map((r) => r.url);
    return urls.filter((u, i) => urls.indexOf(u) !== i);
  };
  const config = (issueParams: Record<string, unknown> = {}) => ({
    client: { base_url: server.baseUrl, auth: { type: 'bearer', token: '{secrets.token}' }, paginator: 'header_link', retry: { max_attempts: 1 } },
    resource_defaults: { primary_key: 'id', write_disposition: 'merge', endpoint: { params: { per_page: 2 } } },
    resources: [
      { name: 'repos', endpoint: 'orgs/acme/repos' },
      { name: 'issues', endpoint: { path: 'repos/acme/{resources.repos.name}/issues', params: issueParams }, include_from_parent: ['name'] },
      {
        name: 'comments', endpoint: { path: 'repos/acme/{resources.issues.repo}/issues/{resources.issues.number}/comments' },
        include_from_parent: ['id', 'number'], parallelized: 3,
      },
    ],
  });
  const source = (cfg: unknown, resources?: string[]) =>
    restApiSource(cfg, { name: 'github', env: { SOURCES__GITHUB__TOKEN: GITHUB_TOKEN }, redactor: new Redactor(), ...(resources ? { resources } : {}) });
  const lastProgress = (resource: string, step: string) =>
    t.events.filter((e): e is Extract<ProgressEvent, { type: 'resource_progress' }> => e.type === 'resource_progress' && e.step === step && e.resource === resource).at(-1);
  const cursor = (p: ReturnType<TempPipeline['make']>, resource: string) =>
    (p.state().sources.github?.resources[resource] as { incremental?: { updated_at?: { last_value?: string } } } | undefined)?.incremental?.updated_at?.last_value;

  it('requests every parent page once, loads all three tables, and child rows carry the parent fields', async () => {
    const p = t.make('github');
    const info = await p.run(source(config()));
    expect(duplicates()).toEqual([]);
    expect(requests('/orgs/acme/repos')).toHaveLength(2);
    expect(requests(/^\/repos\/acme\/repo-\d\/issues$/)).toHaveLength(6);
    expect(requests(/\/comments$/)).toHaveLength(24);

    expect(info.records).toEqual({ repos: 3, issues: 12, comments: 36 });
    expect(info.pages).toBe(2 + 6 + 24);
    expect(info.tables).toMatchObject({ repos: 3, issues: 12, comments: 36 });
    expect((await t.rows('repos', 'id')).map((r) => r.name)).toEqual(['repo-1', 'repo-2', 'repo-3']);
    const issues = await t.rows('issues', 'id');
    expect(issues).toHaveLength(12);
    for (const issue of issues) expect(issue._repos_name).toBe(issue.repo);
    const comments = await t.rows('comments', 'id');
    expect(comments).toHaveLength(36);
    const byId = new Map(Object.values(data().issues).flat().map((i) => [i.id, i]));
    for (const c of comments) {
      const issue = byId.get(Number(c.issue_id))!;
      expect([Number(c._issues_id), Number(c._issues_number)]).toEqual([issue.id, issue.number]);
    }
    // Progress stays per resource.
    expect(lastProgress('repos', 'extract')).toMatchObject({ pages: 2, records: 3 });
    expect(lastProgress('issues', 'extract')).toMatchObject({ pages: 6, records: 12 });
    expect(lastProgress('comments', 'extract')).toMatchObject({ pages: 24, records: 36 });
    expect(lastProgress('comments', 'normalize')).toMatchObject({ records: 36, rows: 36 });
  });

  it('normalizes the interleaved batches of parent and children in the worker thread too', async () => {
    const p = t.make('github', { normalizeWorkerAfterRecords: 0 });
    const info = await p.run(source(config()));
    expect(info.tables).toMatchObject({ repos: 3, issues: 12, comments: 36 });
    expect(new Set((await t.rows('comments', 'id')).map((c) => Number(c._issues_id))).size).toBe(12);
  });

  it('loads a grandchild chain under --limit: each resource one page, children only of loaded parents', async () => {
    const p = t.make('github');
    const info = await p.run(source(config()), { limits: { maxPages: 1 } });
    expect(info.records).toEqual({ repos: 2, issues: 2, comments: 2 });
    expect(requests('/orgs/acme/repos')).toHaveLength(1);
    expect((await t.rows('issues', 'id')).map((i) => `${i._repos_name}#${i.number}`)).toEqual(['repo-1#1', 'repo-1#2']);
    const loadedIssues = new Set((await t.rows('issues', 'id')).map((i) => Number(i.id)));
    for (const c of await t.rows('comments', 'id')) expect(loadedIssues.has(Number(c._issues_id))).toBe(true);
  });

  it('moves the parent cursor as when it runs alone, and feeds the child only what is new on the second run', async () => {
    const cfg = config({ since: { type: 'incremental', cursor_path: 'updated_at', initial_value: '2024-01-01T00:00:00Z' } });
    const alone = pipeline({ pipelineName: 'alone', destination: new DuckDbDestination({ path: ':memory:', datasetName: 'data' }), pipelinesDir: t.pipelinesDir });
    try {
      await alone.run(source(cfg, ['issues']));
    } finally {
      await alone.close();
    }
    server.requests.length = 0;

    const p = t.make('github');
    await p.run(source(cfg));
    expect(duplicates()).toEqual([]);
    expect(cursor(p, 'issues')).toBe(cursor(alone, 'issues'));
    expect(cursor(p, 'issues')).toBe('2024-01-04T03:00:00Z');

    // repo-2#1 changes. The second run asks for issues since the cursor; the boundary issue (repo-3#4) comes back
    // too and is deduplicated away, so only the changed issue is loaded and only its comments are requested.
    data().issues['repo-2']![0]!.updated_at = '2024-02-01T00:00:00Z';
    server.requests.length = 0;
    const second = await p.run(source(cfg));
    expect(requests(/\/issues$/).map((r) => new URL(r.url, server.baseUrl).searchParams.get('since'))).toEqual(['2024-01-04T03:00:00Z', '2024-01-04T03:00:00Z', '2024-01-04T03:00:00Z']);
    expect(second.records).toEqual({ repos: 3, issues: 1, comments: 3 });
    expect(requests(/\/comments$/).map((r) => r.path)).toEqual(['/repos/acme/repo-2/issues/1/comments', '/repos/acme/repo-2/issues/1/comments']);
    expect(cursor(p, 'issues')).toBe('2024-02-01T00:00:00Z');
  });

  it('runs an unselected parent once as a feeder and leaves its cursor where it was', async () => {
    const cfg = config({ since: { type: 'incremental', cursor_path: 'updated_at', initial_value: '2024-01-01T00:00:00Z' } });
    const p = t.make('github');
    await p.run(source(cfg, ['issues']));
    const before = p.state().sources.github!.resources.issues;
    expect(cursor(p, 'issues')).toBe('2024-01-04T03:00:00Z');

    data().issues['repo-1']![3]!.updated_at = '2024-03-01T00:00:00Z';
    server.requests.length = 0;
    const info = await p.run(source(cfg, ['comments']));
    expect(duplicates()).toEqual([]);
    expect(requests('/orgs/acme/repos')).toHaveLength(2);
    expect(requests(/\/issues$/)).toHaveLength(3);
    // repo-1#4 changed; repo-3#4 is the boundary the feeder deduplicates as its own run would.
    expect(info.records).toEqual({ comments: 3 });
    expect(new Set((await t.rows('comments', 'id')).map((c) => Number(c._issues_number)))).toEqual(new Set([4]));
    expect(p.state().sources.github!.resources.issues).toEqual(before);
    expect(info.tables).not.toHaveProperty('issues');
  });

  it('extracts in one pass with the separate steps too: raw pages per resource, then normalize and load', async () => {
    const p = t.make('github');
    await p.extract(source(config()));
    expect(duplicates()).toEqual([]);
    const [pending] = p.pendingPackages();
    expect(pending).toBeDefined();
    expect(await p.normalize()).toHaveLength(1);
    const info = await p.load();
    expect(info.tables).toMatchObject({ repos: 3, issues: 12, comments: 36 });
    expect(requests(/\/comments$/)).toHaveLength(24);
  });

  it('a run cancelled while children are fetching stops without hanging, and a rerun loads everything once', async () => {
    const p = t.make('github');
    const controller = new AbortController();
    const run = p.run(source(config()), {
      signal: controller.signal,
      onProgress: (e) => { if (e.type === 'resource_progress' && e.resource === 'comments' && e.pages === 3) controller.abort(new Error('stop')); },
    });
    await expect(run).rejects.toBeInstanceOf(PipelineStepError);
    const info = await p.run(source(config()));
    expect(info.tables).toMatchObject({ repos: 3, issues: 12, comments: 36 });
    expect(await t.query('SELECT count(*)::INT AS n FROM data.comments')).toEqual([{ n: 36 }]);
  });

  it('fails the run naming the child when a child request fails, and loads nothing', async () => {
    delete data().comments['repo-2#3'];
    const p = t.make('github');
    const error = await p.run(source(config())).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PipelineStepError);
    expect(error).toMatchObject({ step: 'extract', resource: 'comments' });
    expect((error as Error).message).toMatch(/^extract of resource `comments` failed in pipeline `github`.*404/);
    expect(p.state().sources.github).toBeUndefined();
  });

  it('`sluice run --resource issues --resource comments` requests each issues page once (repos only feeds)', async () => {
    const file = join(t.dir, 'github.json');
    writeFileSync(file, JSON.stringify(config()));
    let stdout = '';
    let stderr = '';
    const sink = (append: (s: string) => void) => Object.assign(new Writable({ write(chunk, _e, cb) { append(String(chunk)); cb(); } }), { isTTY: false });
    const io: CliIo = {
      stdout: sink((s) => { stdout += s; }), stderr: sink((s) => { stderr += s; }),
      stdin: Object.assign(Readable.from([]), { isTTY: false }),
      env: { HOME: t.dir, PATH: process.env.PATH ?? '', SOURCES__GITHUB__TOKEN: GITHUB_TOKEN }, cwd: t.dir,
    };
    const code = await runCli(['run', file, '--pipeline-name', 'gh', '--pipelines-dir', t.pipelinesDir, '--duckdb-path', t.dbPath,
      '--dataset-name', 'data', '--resource', 'issues', '--resource', 'comments', '--json'], io);
    expect({ code, stderr: code === 0 ? '' : stderr }).toEqual({ code: 0, stderr: '' });
    expect(duplicates()).toEqual([]);
    expect(requests(/^\/repos\/acme\/repo-\d\/issues$/)).toHaveLength(6);
    const out = JSON.parse(stdout) as { tables: Record<string, number> };
    expect(out.tables).toMatchObject({ issues: 12, comments: 36 });
    expect(out.tables).not.toHaveProperty('repos');
  });
});
