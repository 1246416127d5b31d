import { describe, expect, it } from 'vitest';
import { resolveSourceConfig } from '../../../core/config/resolve-source-config';
import { sourceConfigJsonSchema } from '../../../core/config/schema';
import { renderDeep, parseTemplate } from '../../../core/config/placeholders';

describe('resolveSourceConfig', () => {
  it('expands a bare string resource into name, path, append and the client paginator', () => {
    const r = resolveSourceConfig({ client: { base_url: 'https://pokeapi.co/api/v2/', paginator: 'json_link' }, resources: ['pokemon'] });
    expect(r.resources[0]).toMatchObject({
      name: 'pokemon', selected: true, concurrency: 1, single_entity: false,
      endpoint: { path: 'pokemon', method: 'GET', params: {}, headers: {}, paginator: { type: 'json_link' } },
      hints: { resource: 'pokemon', table_name: 'pokemon', write_disposition: 'append' },
    });
    expect(r.client).toEqual({ base_url: 'https://pokeapi.co/api/v2/', headers: {}, paginator: { type: 'json_link' } });
  });

  it('expands auth shorthands into secrets references', () => {
    const bearer = resolveSourceConfig({ client: { base_url: 'https://x.test/', auth: 'bearer' }, resources: ['a'] });
    expect(bearer.client.auth).toEqual({ type: 'bearer', token: '{secrets.token}' });
    expect(bearer.secret_names).toEqual(['token']);
    const basic = resolveSourceConfig({ client: { base_url: 'https://x.test/', auth: 'http_basic' }, resources: ['a'] });
    expect(basic.client.auth).toEqual({ type: 'http_basic', username: '{secrets.username}', password: '{secrets.password}' });
    const typeless = resolveSourceConfig({ client: { base_url: 'https://x.test/', auth: { token: '{secrets.gh}' } }, resources: ['a'] });
    expect(typeless.client.auth).toEqual({ type: 'bearer', token: '{secrets.gh}' });
  });

  it('merges resource_defaults under each resource (endpoint params key by key, resource wins)', () => {
    const r = resolveSourceConfig({
      client: { base_url: 'https://x.test/' },
      resource_defaults: { primary_key: 'id', write_disposition: 'merge', endpoint: { params: { per_page: 100, state: 'open' } } },
      resources: ['a', { name: 'b', write_disposition: 'append', endpoint: { path: 'bees', params: { state: 'all' } } }],
    });
    expect(r.resources[0]!.hints).toEqual({ resource: 'a', table_name: 'a', write_disposition: 'merge', primary_key: ['id'] });
    expect(r.resources[0]!.endpoint.params).toEqual({ per_page: 100, state: 'open' });
    expect(r.resources[1]!.hints.write_disposition).toBe('append');
    expect(r.resources[1]!.endpoint).toMatchObject({ path: 'bees', params: { per_page: 100, state: 'all' } });
  });

  it('applies paginator and auth precedence: endpoint > resource_defaults > client', () => {
    const r = resolveSourceConfig({
      client: { base_url: 'https://x.test/', paginator: 'header_link', auth: { token: '{secrets.a}' } },
      resource_defaults: { endpoint: { paginator: 'json_link' } },
      resources: ['a', { name: 'b', endpoint: { paginator: { type: 'offset', limit: 10 }, auth: { type: 'api_key', api_key: '{secrets.b}' } } }],
    });
    expect(r.resources[0]!.endpoint.paginator).toEqual({ type: 'json_link' });
    expect(r.resources[0]!.endpoint.auth).toBe(r.client.auth);
    expect(r.resources[1]!.endpoint.paginator).toEqual({ type: 'offset', limit: 10 });
    expect(r.resources[1]!.endpoint.auth).toEqual({ type: 'api_key', api_key: '{secrets.b}' });
    expect(r.secret_names.sort()).toEqual(['a', 'b']);
  });

  it('reads a path ending in a placeholder as a single entity and warns that the client paginator is overridden', () => {
    const r = resolveSourceConfig({
      client: { base_url: 'https://x.test/', paginator: 'header_link' },
      resources: ['repos', { name: 'repo', endpoint: 'repos/{resources.repos.name}' }, { name: 'own', endpoint: { path: 'x/{resources.repos.id}', paginator: 'json_link' } }],
    });
    expect(r.resources[1]).toMatchObject({ single_entity: true, parent: 'repos', endpoint: { paginator: { type: 'single_page' }, data_selector: '$' } });
    expect(r.resources[2]!.endpoint.paginator).toEqual({ type: 'json_link' });
    expect(r.warnings).toEqual([{
      path: 'resources[1].endpoint.path', severity: 'warning',
      message: '`client.paginator` (`header_link`) does not apply to resource `repo`: its path `repos/{resources.repos.name}` ends in a placeholder, so it is read as a single entity with `single_page`; set `endpoint.paginator` to page it anyway',
    }]);
  });

  it('moves dlt\'s incremental param into the incremental config with start_param', () => {
    const r = resolveSourceConfig({
      client: { base_url: 'https://x.test/' },
      resources: [{ name: 'issues', primary_key: 'id', endpoint: { params: { state: 'open', since: { type: 'incremental', cursor_path: 'updated_at', initial_value: '2024-01-25T11:21:28Z' } } } }],
    });
    expect(r.resources[0]!.endpoint.params).toEqual({ state: 'open' });
    expect(r.resources[0]!.endpoint.incremental).toEqual({
      cursor_path: 'updated_at', initial_value: '2024-01-25T11:21:28Z', start_param: 'since', primary_key: ['id'],
      last_value_func: 'max', on_cursor_value_missing: 'raise', lag: 0, range_start: 'closed', range_end: 'open',
    });
  });

  it('turns a legacy resolve param into a parent dependency', () => {
    const r = resolveSourceConfig({
      client: { base_url: 'https://x.test/' },
      resources: ['issues', { name: 'comments', endpoint: { path: 'issues/{issue_number}/comments', params: { issue_number: { type: 'resolve', resource: 'issues', field: 'number' } } } }],
    });
    expect(r.resources[1]).toMatchObject({ parent: 'issues', resolve_params: { issue_number: 'number' } });
    expect(r.resources[1]!.endpoint.params).toEqual({});
  });

  it('warns about literal credentials and keeps them for redaction', () => {
    const r = resolveSourceConfig({ client: { base_url: 'https://x.test/', auth: { type: 'bearer', token: 'ghp_literal_123' } }, resources: ['a'] });
    expect(r.literal_secrets).toEqual(['ghp_literal_123']);
    expect(r.warnings[0]).toMatchObject({ path: 'client.auth.token', severity: 'warning' });
    expect(r.warnings[0]!.message).not.toContain('ghp_literal_123');
  });

  it('parallelized: true means 4 requests at once, a number means that many', () => {
    const r = resolveSourceConfig({ client: { base_url: 'https://x.test/' }, resources: ['p', { name: 'a', endpoint: 'p/{resources.p.id}/a', parallelized: true }, { name: 'b', endpoint: 'p/{resources.p.id}/b', parallelized: 9 }] });
    expect(r.resources.map((x) => x.concurrency)).toEqual([1, 4, 9]);
  });
});

describe('placeholders', () => {
  const lookup = (expr: string) => ({ 'resources.posts.id': 42, 'secrets.token': 's3cret', 'incremental.start_value': '2024-01-01' } as Record<string, unknown>)[expr];

  it('keeps the type of a value that is exactly one placeholder in a JSON body, and stringifies inside text', () => {
    expect(renderDeep({ filters: { id: '{resources.posts.id}' }, q: 'id:{resources.posts.id}', n: 5 }, lookup, true))
      .toEqual({ filters: { id: 42 }, q: 'id:42', n: 5 });
  });

  it('treats {{ and }} as literal braces', () => {
    expect(renderDeep('{{"since": "{incremental.start_value}"}}', lookup, true)).toBe('{"since": "2024-01-01"}');
    expect(parseTemplate('a{{b}}c')).toEqual([{ kind: 'text', text: 'a{b}c' }]);
  });
});

describe('sourceConfigJsonSchema', () => {
  it('is plain JSON Schema with descriptions and defaults for the editor', () => {
    const text = JSON.stringify(sourceConfigJsonSchema);
    expect(JSON.parse(text)).toEqual(sourceConfigJsonSchema);
    const props = sourceConfigJsonSchema.properties as Record<string, { properties?: Record<string, { description?: string }> }>;
    expect(Object.keys(props)).toEqual(['client', 'resource_defaults', 'resources']);
    expect(Object.keys(props.client!.properties!)).toEqual(['base_url', 'headers', 'auth', 'paginator', 'retry', 'timeout']);
    expect(props.client!.properties!.timeout!.description).toContain('Default: 60');
    expect(text).toContain('"next_url_path"');
    expect(text).toContain('"default":"next"');
  });

  it('covers every resource and endpoint key of dlt\'s rest_api config', () => {
    const resource = ((sourceConfigJsonSchema.properties as any).resources.items.anyOf[1]) as { properties: Record<string, { anyOf?: Array<{ properties?: Record<string, unknown> }> }> }; // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(Object.keys(resource.properties)).toEqual(expect.arrayContaining([
      'name', 'endpoint', 'primary_key', 'merge_key', 'write_disposition', 'table_name', 'columns', 'include_from_parent',
      'processing_steps', 'selected', 'parallelized', 'max_table_nesting',
    ]));
    const endpoint = resource.properties.endpoint!.anyOf![1]!.properties!;
    expect(Object.keys(endpoint)).toEqual(expect.arrayContaining([
      'path', 'method', 'params', 'json', 'data', 'headers', 'paginator', 'data_selector', 'response_actions', 'incremental', 'auth',
    ]));
  });
});

describe('custom paginators and auths', () => {
  it('accepts a type registered at runtime, by object or by name', async () => {
    const { registerPaginator } = await import('../../../core/paginators/registry');
    const { SinglePagePaginator } = await import('../../../core/paginators/single-page-paginator');
    registerPaginator('skip_token_test', () => new SinglePagePaginator());
    const { validateSourceConfig } = await import('../../../core/config/validate-source-config');
    expect(validateSourceConfig({ client: { base_url: 'https://x.test/', paginator: 'skip_token_test' }, resources: [{ name: 'a', endpoint: { paginator: { type: 'skip_token_test', page_size: 5 } } }] }).ok).toBe(true);
    expect(validateSourceConfig({ client: { base_url: 'https://x.test/' }, resources: [{ name: 'a', endpoint: { paginator: { type: 'skip_tokn_test' } } }] }).issues[0]!.message)
      .toContain('valid values are: `json_link`, `header_link`, `header_cursor`, `cursor`, `offset`, `page_number`, `single_page`, `auto`, `skip_token_test`; did you mean `skip_token_test`?');
  });
});

describe('single entity and resource_defaults', () => {
  it('lets a single entity override a resource_defaults paginator too, with a warning naming it', () => {
    const r = resolveSourceConfig({
      client: { base_url: 'https://x.test/' },
      resource_defaults: { endpoint: { paginator: 'json_link' } },
      resources: ['users', { name: 'user', endpoint: 'users/{resources.users.id}' }],
    });
    expect(r.resources[0]!.endpoint.paginator).toEqual({ type: 'json_link' });
    expect(r.resources[1]!.endpoint.paginator).toEqual({ type: 'single_page' });
    expect(r.warnings.map((w) => w.message)).toEqual([
      '`resource_defaults.endpoint.paginator` (`json_link`) does not apply to resource `user`: its path `users/{resources.users.id}` ends in a placeholder, so it is read as a single entity with `single_page`; set `endpoint.paginator` to page it anyway',
    ]);
  });
});

describe('literal credentials in headers', () => {
  it('keeps them for redaction and warns, for client and endpoint headers', () => {
    const r = resolveSourceConfig({
      client: { base_url: 'https://x.test/', headers: { Authorization: 'Bearer abc123secret', Accept: 'application/json' } },
      resources: [{ name: 'a', endpoint: { headers: { 'X-Api-Key': 'k-987654', 'X-Other': 'plain' } } }],
    });
    expect(r.literal_secrets).toEqual(['Bearer abc123secret', 'abc123secret', 'k-987654']);
    expect(r.warnings.map((w) => w.path)).toEqual(['client.headers.Authorization', 'resources[0].endpoint.headers.X-Api-Key']);
  });
});

describe('resource_defaults merge', () => {
  it('replaces a default paginator or auth whole instead of mixing their options', () => {
    const r = resolveSourceConfig({
      client: { base_url: 'https://x.test/' },
      resource_defaults: { endpoint: { paginator: { type: 'offset', limit: 100 }, auth: { type: 'api_key', api_key: '{secrets.k}', location: 'query' } } },
      resources: [{ name: 'a', endpoint: { paginator: { type: 'json_link' }, auth: { token: '{secrets.t}' } } }],
    });
    expect(r.resources[0]!.endpoint.paginator).toEqual({ type: 'json_link' });
    expect(r.resources[0]!.endpoint.auth).toEqual({ type: 'bearer', token: '{secrets.t}' });
  });
});
