import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startApiServer, type ApiServer } from '../../helpers/api-server';
import { createGithubData, GITHUB_TOKEN, githubRoutes, type GithubData } from '../../helpers/api/github';
import { restApiSource } from '../../../core/source/rest-api-source';
import type { ResourceStateStore, SourceRecord } from '../../../core/source/types';
import { Redactor } from '../../../core/http/redactor';
import { memoryState } from './helpers/memory-state';

describe('incremental loading across two runs against changing data', () => {
  let server: ApiServer;
  beforeEach(async () => {
    server = await startApiServer(githubRoutes());
    server.state.set('github', createGithubData({ repos: 1, issuesPerRepo: 4, commentsPerIssue: 0 }));
  });
  afterEach(async () => { await server.close(); });

  // dlt's own GitHub example: `since` is an incremental param on `updated_at`.
  const config = () => ({
    client: { base_url: `${server.baseUrl}/repos/acme/repo-1/`, auth: { token: '{secrets.token}' } },
    resource_defaults: { primary_key: 'id', write_disposition: 'merge', endpoint: { params: { per_page: 100 } } },
    resources: [{
      name: 'issues',
      endpoint: {
        path: 'issues',
        params: { sort: 'updated', direction: 'desc', state: 'open', since: { type: 'incremental', cursor_path: 'updated_at', initial_value: '2024-01-02T00:00:00Z' } },
      },
    }],
  });

  async function run(state: ResourceStateStore): Promise<SourceRecord[]> {
    const source = restApiSource(config(), { name: 'github', env: { SOURCES__GITHUB__TOKEN: GITHUB_TOKEN }, redactor: new Redactor() });
    const records: SourceRecord[] = [];
    for await (const batch of source.resources[0]!.extract({ state })) records.push(...batch.records);
    return records;
  }

  const sinceOf = (i: number) => new URL(server.requests[i]!.url, server.baseUrl).searchParams.get('since');

  it('asks only for what is new, filters out-of-range records and dedups the boundary', async () => {
    const state = memoryState();
    // Run 1: issues updated 2024-01-01..04 (hour 1); the initial value drops the first.
    const first = await run(state);
    expect(first.map((r) => r.number).sort()).toEqual([2, 3, 4]);
    expect(sinceOf(0)).toBe('2024-01-02T00:00:00Z');
    const stored = (state.data.get('issues') as { incremental: { updated_at: { last_value: string; unique_hashes: string[] } } }).incremental.updated_at;
    expect(stored.last_value).toBe('2024-01-04T01:00:00Z');
    expect(stored.unique_hashes).toHaveLength(1);

    // The data changes: issue 2 is updated, a new issue 5 appears at the same instant as the old last value.
    const data = server.state.get('github') as GithubData;
    const issues = data.issues['repo-1']!;
    issues[1]!.updated_at = '2024-01-06T00:00:00Z';
    issues.push({ id: 2001, number: 5, title: 'new', state: 'open', repo: 'repo-1', updated_at: '2024-01-04T01:00:00Z' });
    // This API also ignores `since` from now on: the out-of-range issues come back and must be filtered here.
    server.state.set('github.ignoreSince', true);

    const second = await run(state);
    expect(sinceOf(1)).toBe('2024-01-04T01:00:00Z');
    // issue 4 sits on the boundary and was loaded in run 1: dropped; issues 1 and 3 are older: filtered.
    expect(second.map((r) => r.number).sort()).toEqual([2, 5]);
    const after = (state.data.get('issues') as { incremental: { updated_at: { last_value: string } } }).incremental.updated_at;
    expect(after.last_value).toBe('2024-01-06T00:00:00Z');

    // Run 3: nothing new; the request starts at the new last value and nothing is loaded twice.
    const third = await run(state);
    expect(sinceOf(2)).toBe('2024-01-06T00:00:00Z');
    expect(third).toEqual([]);
  });

  it('puts {incremental.start_value} into params and stops paging early with row_order', async () => {
    const cfg = {
      client: { base_url: `${server.baseUrl}/repos/acme/repo-1/`, auth: { token: '{secrets.token}' }, paginator: 'header_link' },
      resources: [{
        name: 'issues',
        endpoint: {
          path: 'issues',
          params: { per_page: 1, direction: 'desc', since: '{incremental.start_value}' },
          incremental: { cursor_path: 'updated_at', initial_value: '2024-01-03T00:00:00Z', row_order: 'desc' },
        },
      }],
    };
    server.state.set('github.ignoreSince', true);
    const source = restApiSource(cfg, { name: 'github', env: { SOURCES__GITHUB__TOKEN: GITHUB_TOKEN }, redactor: new Redactor() });
    const records: SourceRecord[] = [];
    for await (const batch of source.resources[0]!.extract({ state: memoryState() })) records.push(...batch.records);
    expect(records.map((r) => r.number)).toEqual([4, 3]);
    // Pages: 4 (in), 3 (in), 2 (out of range → stop). Issue 1's page is never requested.
    expect(server.requests).toHaveLength(3);
    expect(sinceOf(0)).toBe('2024-01-03T00:00:00Z');
  });
});
