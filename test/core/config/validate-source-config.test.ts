import { describe, expect, it } from 'vitest';
import { validateSourceConfig } from '../../../core/config/validate-source-config';
import { resolveSourceConfig } from '../../../core/config/resolve-source-config';
import { ConfigError } from '../../../core/errors/config-error';
import { INVALID_CASES } from './cases';
import { EXPECTED_ISSUES } from './expected-issues';

const base = (resources: unknown[], client: Record<string, unknown> = {}, extra: Record<string, unknown> = {}) =>
  ({ client: { base_url: 'https://api.example.com/', ...client }, resources, ...extra });

const VALID: Array<[string, unknown]> = [
  ['bare string resources', base(['pokemon', 'berry'])],
  ['endpoint as a string', base([{ name: 'issues', endpoint: 'repos/x/issues' }])],
  ['auth shorthand', base(['a'], { auth: 'bearer' })],
  ['auth object without type (bearer)', base(['a'], { auth: { token: '{secrets.token}' } })],
  ['api key in a query param', base(['a'], { auth: { type: 'api_key', name: 'key', api_key: '{secrets.key}', location: 'query' } })],
  ['http basic', base(['a'], { auth: { type: 'http_basic', username: 'me', password: '{secrets.password}' } })],
  ['oauth2 client credentials', base(['a'], { auth: { type: 'oauth2_client_credentials', access_token_url: 'https://auth.example.com/token', client_id: 'id', client_secret: '{secrets.client_secret}', access_token_request_data: { scope: 'read' } } })],
  ['paginator shorthand', base(['a'], { paginator: 'header_link' })],
  ['json_link', base([{ name: 'a', endpoint: { paginator: { type: 'json_link', next_url_path: 'paging.next' } } }])],
  ['header_cursor', base([{ name: 'a', endpoint: { paginator: { type: 'header_cursor', cursor_key: 'X-Next', cursor_param: 'after' } } }])],
  ['cursor', base([{ name: 'a', endpoint: { paginator: { type: 'cursor', cursor_path: 'meta.next', cursor_param: 'cursor', has_more_path: 'meta.has_more' } } }])],
  ['offset with null total', base([{ name: 'a', endpoint: { paginator: { type: 'offset', limit: 100, total_path: null } } }])],
  ['page_number', base([{ name: 'a', endpoint: { paginator: { type: 'page_number', base_page: 1, page_param: 'p', total_path: 'meta.pages', maximum_page: 20 } } }])],
  ['single_page and auto', base([{ name: 'a', endpoint: { paginator: 'single_page' } }, { name: 'b', endpoint: { paginator: { type: 'auto' } } }])],
  ['incremental object', base([{ name: 'a', endpoint: { incremental: { start_param: 'since', end_param: 'until', cursor_path: 'updated_at', initial_value: '2024-01-01T00:00:00Z', end_value: '2024-02-01T00:00:00Z', last_value_func: 'max', row_order: 'asc', on_cursor_value_missing: 'exclude', lag: 3600, range_start: 'open', range_end: 'closed', primary_key: ['id'] } } }])],
  ['incremental param', base([{ name: 'a', endpoint: { params: { since: { type: 'incremental', cursor_path: 'updated_at', initial_value: '2024-01-01' } } } }])],
  ['incremental placeholders', base([{ name: 'a', endpoint: { path: 'a', params: { q: 'updated>{incremental.start_value}' }, json: { from: '{incremental.last_value}' }, incremental: { cursor_path: 'u', initial_value: 1 } } }])],
  ['dependent resource (placeholder)', base(['posts', { name: 'comments', endpoint: { path: 'posts/{resources.posts.id}/comments', params: { sort: 'created_at' } }, include_from_parent: ['id'], parallelized: true }])],
  ['dependent resource (json body)', base(['posts', { name: 'details', endpoint: { path: 'search', method: 'POST', json: { filters: { id: '{resources.posts.id}' }, limit: 5 } } }])],
  ['dependent resource (legacy resolve)', base(['issues', { name: 'comments', endpoint: { path: 'issues/{issue_number}/comments', params: { issue_number: { type: 'resolve', resource: 'issues', field: 'number' } } } }])],
  ['secrets in client headers and params', base([{ name: 'a', endpoint: { params: { key: '{secrets.api_key}' } } }], { headers: { 'X-Token': '{secrets.token}' } })],
  ['escaped braces', base([{ name: 'a', endpoint: { path: 'a', json: { query: '{{ id }}' } } }])],
  ['processing steps', base([{ name: 'a', processing_steps: [{ filter: 'id < 10' }, { map: '$merge([$, {"title": $lowercase(title)}])' }] }])],
  ['response actions', base([{ name: 'a', endpoint: { response_actions: [{ status_code: 404, action: 'ignore' }, { content: 'rate limited', action: 'retry' }, { status_code: [500, 503], action: 'fail' }] } }])],
  ['sluice client additions', base(['a'], { retry: { max_attempts: 3, backoff_factor: 0.5, max_delay: 10 }, timeout: 30 })],
  ['resource hints', base([{ name: 'a', table_name: 'things', primary_key: ['id', 'kind'], merge_key: 'id', write_disposition: { disposition: 'merge', strategy: 'delete-insert' }, columns: { price: { data_type: 'decimal', precision: 10, scale: 2 } }, max_table_nesting: 1, schema_contract: 'freeze', selected: false }])],
  ['resource_defaults', base(['a'], {}, { resource_defaults: { primary_key: 'id', write_disposition: 'merge', endpoint: { params: { per_page: 100 }, paginator: 'header_link' } } })],
];

describe('validateSourceConfig: invalid configs', () => {
  it('has an expected issue list for every case', () => {
    expect(Object.keys(EXPECTED_ISSUES).sort()).toEqual(INVALID_CASES.map((c) => c.name).sort());
  });

  it.each(INVALID_CASES)('$name', ({ name, config }) => {
    const result = validateSourceConfig(config);
    expect(result.ok).toBe(false);
    expect(result.issues.map((i) => [i.path, i.message])).toEqual(EXPECTED_ISSUES[name]);
    let thrown: unknown;
    try { resolveSourceConfig(config); } catch (error) { thrown = error; }
    expect(thrown).toBeInstanceOf(ConfigError);
    expect((thrown as ConfigError).code).toBe('CONFIG_INVALID');
    expect((thrown as ConfigError).issues.map((i) => i.path)).toEqual(result.issues.filter((i) => i.severity !== 'warning').map((i) => i.path));
  });
});

describe('validateSourceConfig: valid configs', () => {
  it.each(VALID)('%s', (_name, config) => {
    const result = validateSourceConfig(config);
    expect(result.issues.filter((i) => i.severity !== 'warning')).toEqual([]);
    expect(result.ok).toBe(true);
  });

  it('formats several problems in one ConfigError message, each with its path', () => {
    const config = { client: { base_url: 1 }, resources: [{ name: 'a', write_disposition: 'x' }] };
    expect(() => resolveSourceConfig(config)).toThrow(
      '2 problems in the config:\n- expected a string, got a number (1) (at `client.base_url`)\n' +
      '- invalid value `x`; valid values are: `append`, `replace`, `merge` (at `resources[0].write_disposition`)',
    );
  });

  it('accepts functions as processing steps from the programmatic API', () => {
    const config = base([{ name: 'a', processing_steps: [{ filter: (r: Record<string, unknown>) => r.id !== 1 }, { map: (r: Record<string, unknown>) => r }] }]);
    expect(validateSourceConfig(config).ok).toBe(true);
  });
});
