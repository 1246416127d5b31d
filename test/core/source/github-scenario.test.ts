import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startApiServer, type ApiServer } from '../../helpers/api-server';
import { createGithubData, GITHUB_TOKEN, githubRoutes } from '../../helpers/api/github';
import { restApiSource } from '../../../core/source/rest-api-source';
import type { SourceRecord, Source } from '../../../core/source/types';
import { Redactor } from '../../../core/http/redactor';
import { memoryState } from './helpers/memory-state';

async function collect(source: Source, name: string, state = memoryState()): Promise<SourceRecord[]> {
  const resource = source.resources.find((r) => r.name === name)!;
  const out: SourceRecord[] = [];
  for await (const batch of resource.extract({ state })) out.push(...batch.records);
  return out;
}

describe('GitHub-like scenario: repos → issues → comments', () => {
  let server: ApiServer;
  beforeEach(async () => {
    server = await startApiServer(githubRoutes());
    server.state.set('github', createGithubData({ repos: 3, issuesPerRepo: 4, commentsPerIssue: 3 }));
  });
  afterEach(async () => { await server.close(); });

  const config = () => ({
    client: { base_url: server.baseUrl, auth: { type: 'bearer', token: '{secrets.token}' }, paginator: 'header_link' },
    resource_defaults: { primary_key: 'id', endpoint: { params: { per_page: 2 } } },
    resources: [
      { name: 'repos', endpoint: 'orgs/acme/repos' },
      { name: 'issues', endpoint: { path: 'repos/acme/{resources.repos.name}/issues' }, include_from_parent: ['name'] },
      {
        name: 'comments',
        endpoint: { path: 'repos/acme/{resources.issues.repo}/issues/{resources.issues.number}/comments' },
        include_from_parent: ['id', 'number'],
        parallelized: 3,
      },
    ],
  });

  it('delivers every record once, with the parent fields, over Link-header pages with bearer auth', async () => {
    const redactor = new Redactor();
    const source = restApiSource(config(), { name: 'github', env: { SOURCES__GITHUB__TOKEN: GITHUB_TOKEN }, redactor });
    const repos = await collect(source, 'repos');
    const issues = await collect(source, 'issues');
    const comments = await collect(source, 'comments');

    expect(repos.map((r) => r.name)).toEqual(['repo-1', 'repo-2', 'repo-3']);
    expect(issues).toHaveLength(12);
    expect(new Set(issues.map((i) => i.id)).size).toBe(12);
    for (const issue of issues) expect(issue._repos_name).toBe(issue.repo);

    expect(comments).toHaveLength(36);
    expect(new Set(comments.map((c) => c.id)).size).toBe(36);
    const data = createGithubData({ repos: 3, issuesPerRepo: 4, commentsPerIssue: 3 });
    const allIssues = Object.values(data.issues).flat();
    for (const comment of comments) {
      const issue = allIssues.find((i) => i.id === comment.issue_id)!;
      expect(comment._issues_id).toBe(issue.id);
      expect(comment._issues_number).toBe(issue.number);
    }

    // Every request carried the token; the issues list was walked through the Link header (2 per page → 2 pages).
    expect(server.requests.every((r) => r.headers.authorization === `Bearer ${GITHUB_TOKEN}`)).toBe(true);
    const issuePages = server.requests.filter((r) => r.path === '/repos/acme/repo-1/issues');
    const pageParams = issuePages.map((r) => new URL(r.url, server.baseUrl).searchParams.get('page'));
    expect(new Set(pageParams)).toEqual(new Set([null, '2']));
    expect(issuePages.every((r) => new URL(r.url, server.baseUrl).searchParams.get('per_page') === '2')).toBe(true);
  });

  it('reports the page facts with a redacted URL and the paginator decision', async () => {
    const redactor = new Redactor();
    const source = restApiSource(config(), { name: 'github', env: { SOURCES__GITHUB__TOKEN: GITHUB_TOKEN }, redactor });
    const batches = [];
    for await (const batch of source.resources[1]!.extract({ state: memoryState() })) batches.push(batch);
    expect(batches.map((b) => b.page!.number)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(batches[0]!.page).toMatchObject({ method: 'GET', status: 200, paginator: { type: 'header_link', hasNext: true } });
    expect(batches[1]!.page!.paginator.hasNext).toBe(false);
  });

  it('fails with the HTTP error when the token is wrong (401)', async () => {
    const source = restApiSource(config(), { name: 'github', env: { SOURCES__GITHUB__TOKEN: 'wrong-token-value' }, redactor: new Redactor() });
    await expect(collect(source, 'repos')).rejects.toMatchObject({ name: 'HttpError', status: 401 });
  });

  it('fails naming the environment variable when the secret is missing', async () => {
    const source = restApiSource(config(), { name: 'github', env: {} });
    await expect(collect(source, 'repos')).rejects.toThrow(/SOURCES__GITHUB__TOKEN/);
  });
});
