import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApiServer, type ApiServer } from '../../helpers/api-server';
import { createGithubData, GITHUB_TOKEN, githubRoutes } from '../../helpers/api/github';
import { restApiSource } from '../../../core/source/rest-api-source';
import { defineResource } from '../../../core/source/define-resource';
import { validateSourceConfig } from '../../../core/config/validate-source-config';
import type { SourceRecord } from '../../../core/source/types';
import { Redactor } from '../../../core/http/redactor';
import { memoryState } from './helpers/memory-state';

// dlt's "Define a resource which is not a REST endpoint": a seed list of repositories feeds a config resource.
describe('a config resource fed by a resource written in code', () => {
  let server: ApiServer;
  beforeAll(async () => {
    server = await startApiServer(githubRoutes());
    server.state.set('github', createGithubData({ org: 'dlt-hub', repoNames: ['dlt', 'verified-sources', 'dlthub-education'], issuesPerRepo: 2, commentsPerIssue: 0 }));
  });
  afterAll(async () => { await server.close(); });

  const config = () => ({
    client: { base_url: server.baseUrl, auth: { token: '{secrets.token}' } },
    resources: [{
      name: 'issues',
      endpoint: { path: 'repos/dlt-hub/{repository}/issues', params: { repository: { type: 'resolve', resource: 'repositories', field: 'name' } } },
      include_from_parent: ['name'],
    }],
  });

  it('validates when the parent is declared as defined in code, and not otherwise', () => {
    expect(validateSourceConfig(config(), { externalResources: ['repositories'] }).ok).toBe(true);
    expect(validateSourceConfig(config()).issues.map((i) => i.message)).toEqual([
      'resource `issues` depends on `repositories`, which is not a resource in this config; resources are: `issues`',
    ]);
  });

  it('requests each repository\'s issues', async () => {
    const repositories = defineResource({
      name: 'repositories', selected: false,
      async *extract() { yield [{ name: 'dlt' }, { name: 'verified-sources' }, { name: 'dlthub-education' }]; },
    });
    const source = restApiSource(config(), { name: 'github', env: { SOURCES__GITHUB__TOKEN: GITHUB_TOKEN }, redactor: new Redactor(), extraResources: [repositories] });
    expect(source.resources.map((r) => [r.name, r.selected])).toEqual([['repositories', false], ['issues', true]]);
    const records: SourceRecord[] = [];
    for await (const batch of source.resources[1]!.extract({ state: memoryState() })) records.push(...batch.records);
    expect(records.map((r) => `${r._repositories_name}#${r.number}`)).toEqual([
      'dlt#1', 'dlt#2', 'verified-sources#1', 'verified-sources#2', 'dlthub-education#1', 'dlthub-education#2',
    ]);
  });
});
