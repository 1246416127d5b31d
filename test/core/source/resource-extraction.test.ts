import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startApiServer, type ApiServer } from '../../helpers/api-server';
import { createGithubData, GITHUB_TOKEN, githubRoutes, type GithubData } from '../../helpers/api/github';
import { restApiSource } from '../../../core/source/rest-api-source';
import { defineResource } from '../../../core/source/define-resource';
import { ResourceExtraction } from '../../../core/source/resource-extraction';
import type { ExtractLimits, ResourceStateStore, Source, SourceRecord } from '../../../core/source/types';
import { Redactor } from '../../../core/http/redactor';
import { memoryState } from './helpers/memory-state';

/** What the pipeline does: the selected resources (or `names`) in one pass; records per resource. */
async function extractAll(source: Source, state: ResourceStateStore, limits?: ExtractLimits, names?: string[]) {
  const wanted = names ? source.resources.filter((r) => names.includes(r.name)) : source.resources.filter((r) => r.selected);
  const extraction = new ResourceExtraction(wanted, source.resources, { state, ...(limits ? { limits } : {}) });
  const records: Record<string, SourceRecord[]> = {};
  const pages: Record<string, number[]> = {};
  for await (const { resource, batch } of extraction) {
    (records[resource.name] ??= []).push(...batch.records);
    if (batch.page) (pages[resource.name] ??= []).push(batch.page.number);
  }
  return { records, pages, extraction };
}

const since = (date: string) => ({ type: 'incremental', cursor_path: 'updated_at', initial_value: date });

describe('one-pass extraction of parents and their children', () => {
  let server: ApiServer;
  beforeEach(async () => {
    server = await startApiServer(githubRoutes());
    server.state.set('github', createGithubData({ repos: 3, issuesPerRepo: 4, commentsPerIssue: 3 }));
  });
  afterEach(async () => { await server.close(); });

  const data = () => server.state.get('github') as GithubData;
  const requests = (path: string | RegExp) => server.requests.filter((r) => (typeof path === 'string' ? r.path === path : path.test(r.path)));
  const config = (issues: Record<string, unknown> = {}, comments: Record<string, unknown> = {}) => ({
    client: { base_url: server.baseUrl, auth: { type: 'bearer', token: '{secrets.token}' }, paginator: 'header_link', retry: { max_attempts: 1 } },
    resource_defaults: { primary_key: 'id', endpoint: { params: { per_page: 2 } } },
    resources: [
      { name: 'repos', endpoint: 'orgs/acme/repos' },
      { name: 'issues', endpoint: { path: 'repos/acme/{resources.repos.name}/issues' }, include_from_parent: ['name'], ...issues },
      {
        name: 'comments', endpoint: { path: 'repos/acme/{resources.issues.repo}/issues/{resources.issues.number}/comments' },
        include_from_parent: ['id', 'number'], parallelized: 3, ...comments,
      },
    ],
  });
  const source = (cfg: unknown, resources?: string[]) =>
    restApiSource(cfg, { name: 'github', env: { SOURCES__GITHUB__TOKEN: GITHUB_TOKEN }, redactor: new Redactor(), ...(resources ? { resources } : {}) });

  it('requests every page of a parent, child and grandchild once, and yields each resource\'s records once', async () => {
    const { records, pages, extraction } = await extractAll(source(config()), memoryState());
    const urls = server.requests.map((r) => r.url);
    expect(urls.length).toBe(new Set(urls).size);
    expect(requests('/orgs/acme/repos')).toHaveLength(2); // 3 repos, 2 a page
    expect(requests(/^\/repos\/acme\/repo-\d\/issues$/)).toHaveLength(6); // 4 issues a repo: 2 pages each
    expect(requests(/\/comments$/)).toHaveLength(24); // 3 comments an issue: 2 pages each

    expect(records.repos!.map((r) => r.name)).toEqual(['repo-1', 'repo-2', 'repo-3']);
    expect(records.issues).toHaveLength(12);
    for (const issue of records.issues!) expect(issue._repos_name).toBe(issue.repo);
    expect(records.comments).toHaveLength(36);
    expect(new Set(records.comments!.map((c) => c.id)).size).toBe(36);
    const issues = Object.values(data().issues).flat();
    for (const comment of records.comments!) {
      const issue = issues.find((i) => i.id === comment.issue_id)!;
      expect([comment._issues_id, comment._issues_number]).toEqual([issue.id, issue.number]);
    }
    // Page numbers count per resource, as when each runs alone.
    expect(pages.issues).toEqual([1, 2, 3, 4, 5, 6]);
    expect(pages.comments).toHaveLength(24);
    expect(new Set(pages.comments)).toEqual(new Set(Array.from({ length: 24 }, (_, i) => i + 1)));
    expect(extraction.failedResource).toBeUndefined();
  });

  it('runs a parent written in code once when it is loaded too, and feeds the config child from it', async () => {
    let runs = 0;
    const repositories = defineResource({
      name: 'repositories',
      async *extract() { runs++; yield [{ name: 'repo-1' }, { name: 'repo-3' }]; },
    });
    const cfg = {
      client: { base_url: server.baseUrl, auth: { token: '{secrets.token}' } },
      resources: [{
        name: 'issues', include_from_parent: ['name'],
        endpoint: { path: 'repos/acme/{repository}/issues', params: { repository: { type: 'resolve', resource: 'repositories', field: 'name' } } },
      }],
    };
    const src = restApiSource(cfg, { name: 'github', env: { SOURCES__GITHUB__TOKEN: GITHUB_TOKEN }, redactor: new Redactor(), extraResources: [repositories] });
    const { records } = await extractAll(src, memoryState());
    expect(runs).toBe(1);
    expect(records.repositories).toEqual([{ name: 'repo-1' }, { name: 'repo-3' }]);
    expect(records.issues!.map((i) => `${i._repositories_name}#${i.number}`)).toEqual(['repo-1#1', 'repo-1#2', 'repo-1#3', 'repo-1#4', 'repo-3#1', 'repo-3#2', 'repo-3#3', 'repo-3#4']);
  });

  it('runs an unselected parent as a feeder: once, from its stored cursor, which it never moves', async () => {
    const cfg = config({ endpoint: { path: 'repos/acme/{resources.repos.name}/issues', params: { since: since('2024-01-01T00:00:00Z') } } });
    const state = memoryState();
    const stored = { incremental: { updated_at: { initial_value: '2024-01-01T00:00:00Z', last_value: '2024-01-04T00:00:00Z', unique_hashes: [] } } };
    state.set('issues', stored);
    const src = source(cfg, ['comments']);
    expect(src.resources.map((r) => [r.name, r.selected])).toEqual([['repos', false], ['issues', false], ['comments', true]]);
    const { records } = await extractAll(src, state);

    expect(Object.keys(records)).toEqual(['comments']);
    const urls = server.requests.map((r) => r.url);
    expect(urls.length).toBe(new Set(urls).size);
    // Issues updated on or after Jan 4: the 4th issue of each repo (issue n is updated on day n, hour r).
    expect(requests(/\/issues$/).every((r) => r.url.includes('since=2024-01-04T00%3A00%3A00Z'))).toBe(true);
    expect([...new Set(records.comments!.map((c) => c._issues_number))]).toEqual([4]);
    expect(records.comments).toHaveLength(9);
    expect(state.get('issues')).toEqual(stored);
    expect(state.data.has('repos')).toBe(false);
  });

  it('advances a loaded parent\'s cursor as when it runs alone, and feeds its children only the records it loads', async () => {
    const cfg = config({ endpoint: { path: 'repos/acme/{resources.repos.name}/issues', params: { since: since('2024-01-03T00:00:00Z') } } });
    const alone = memoryState();
    const aloneIssues: SourceRecord[] = [];
    for await (const batch of source(cfg).resources.find((r) => r.name === 'issues')!.extract({ state: alone })) aloneIssues.push(...batch.records);

    server.requests.length = 0;
    const together = memoryState();
    const { records } = await extractAll(source(cfg), together);
    expect(together.get('issues')).toEqual(alone.get('issues'));
    expect(records.issues).toEqual(aloneIssues);
    expect(records.issues!.map((i) => i.number)).toEqual([3, 4, 3, 4, 3, 4]);
    const fed = records.comments!.map((c) => `${c._issues_id}`);
    expect(new Set(fed)).toEqual(new Set(aloneIssues.map((i) => `${i.id}`)));
    expect(requests(/\/issues$/)).toHaveLength(3);
  });

  it('applies limits to each resource, and a child sees only the parent records within the parent\'s limit', async () => {
    const { records, pages } = await extractAll(source(config({}, { parallelized: false })), memoryState(), { maxPages: 1 });
    expect(pages).toEqual({ repos: [1], issues: [1], comments: [1] });
    expect(records.repos!.map((r) => r.name)).toEqual(['repo-1', 'repo-2']);
    expect(records.issues!.map((i) => `${i.repo}#${i.number}`)).toEqual(['repo-1#1', 'repo-1#2']);
    expect(records.comments!.map((c) => c._issues_number)).toEqual([1, 1]);
    // The parent stopped at its limit: its second page was never asked for, nor was repo-3.
    expect(requests('/orgs/acme/repos')).toHaveLength(1);
    expect(requests('/repos/acme/repo-3/issues')).toHaveLength(0);
  });

  it('stops walking a feeder once its only child reached its limit', async () => {
    const { records } = await extractAll(source(config({}, { parallelized: false }), ['comments']), memoryState(), { maxRecords: 2 });
    expect(records.comments).toHaveLength(2);
    // repo-1's first page of issues (2 issues) is all the child ever needed; the feeder may be one page ahead.
    expect(requests(/\/issues$/).length).toBeLessThanOrEqual(2);
    expect(requests('/repos/acme/repo-3/issues')).toHaveLength(0);
  });

  it('fails with the child\'s error and names the child when one of its requests fails', async () => {
    delete data().comments['repo-2#3'];
    const src = source(config());
    const extraction = new ResourceExtraction(src.resources, src.resources, { state: memoryState() });
    const seen: string[] = [];
    await expect((async () => { for await (const { resource } of extraction) seen.push(resource.name); })())
      .rejects.toMatchObject({ name: 'HttpError', status: 404 });
    expect(extraction.failedResource).toBe('comments');
    expect(seen).toContain('repos');
  });

  it('fails naming the parent when the parent fails, even while its children are busy', async () => {
    server.state.set('github', { ...data(), issues: { ...data().issues, 'repo-3': undefined } });
    const src = source(config());
    const extraction = new ResourceExtraction(src.resources, src.resources, { state: memoryState() });
    await expect((async () => { for await (const _ of extraction) void _; })()).rejects.toMatchObject({ name: 'HttpError', status: 404 });
    expect(extraction.failedResource).toBe('issues');
  });

  it('streams: the parent runs at most a page or two ahead of its child', async () => {
    server.state.set('github', createGithubData({ repos: 1, issuesPerRepo: 20, commentsPerIssue: 3 }));
    const cfg = config({ endpoint: { path: 'repos/acme/{resources.repos.name}/issues', params: { per_page: 1 } } }, { parallelized: false });
    const src = source(cfg);
    const extraction = new ResourceExtraction(src.resources, src.resources, { state: memoryState() });
    for await (const { resource } of extraction) if (resource.name === 'comments') break;
    const issuePages = requests('/repos/acme/repo-1/issues').length;
    expect(issuePages).toBeGreaterThanOrEqual(1);
    expect(issuePages).toBeLessThanOrEqual(3);
    // Stopping the consumer stopped the walk: nothing more is requested afterwards.
    const before = server.requests.length;
    await new Promise((r) => setTimeout(r, 50));
    expect(server.requests.length).toBe(before);
  });
});
