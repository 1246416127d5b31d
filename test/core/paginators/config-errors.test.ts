import { describe, expect, it } from 'vitest';
import { createPaginator, PAGINATOR_TYPES } from '../../../core/paginators';
import { createAuth } from '../../../core/auth';
import { RestClient, Redactor, checkResponseActions } from '../../../core/http';
import type { ConfigError } from '../../../core/errors';

const PAGINATOR_LIST = 'json_link, header_link, header_cursor, cursor, offset, page_number, single_page, auto';

function configError(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (error) {
    return error as ConfigError;
  }
  throw new Error('expected a ConfigError');
}

// Table-driven: one row per invalid config, asserting code, message and the path of every issue.
const paginatorCases: Array<{ name: string; config: unknown; message: string; paths: string[] }> = [
  {
    name: 'unknown type',
    config: { type: 'link_header' },
    message: `unknown paginator type \`link_header\`: valid values are: ${PAGINATOR_LIST} (at \`paginator.type\`)`,
    paths: ['paginator.type'],
  },
  {
    name: 'unknown type as a string',
    config: 'pages',
    message: `unknown paginator type \`pages\`: valid values are: ${PAGINATOR_LIST} (at \`paginator.type\`)`,
    paths: ['paginator.type'],
  },
  {
    name: 'missing type',
    config: { limit: 10 },
    message: `paginator \`type\` is missing: valid values are: ${PAGINATOR_LIST} (at \`paginator.type\`)`,
    paths: ['paginator.type'],
  },
  {
    name: 'offset without limit',
    config: { type: 'offset' },
    message: '`limit` is required for the `offset` paginator: expected a positive integer, got nothing (at `paginator.limit`)',
    paths: ['paginator.limit'],
  },
  {
    name: 'offset given as a bare string needs a limit',
    config: 'offset',
    message: '`limit` is required for the `offset` paginator: expected a positive integer, got nothing (at `paginator.limit`)',
    paths: ['paginator.limit'],
  },
  {
    name: 'limit not a positive integer',
    config: { type: 'offset', limit: 0 },
    message: '`limit` of the `offset` paginator must be a positive integer, got 0 (at `paginator.limit`)',
    paths: ['paginator.limit'],
  },
  {
    name: 'limit as a string',
    config: { type: 'offset', limit: '100' },
    message: '`limit` of the `offset` paginator must be a positive integer, got "100" (at `paginator.limit`)',
    paths: ['paginator.limit'],
  },
  {
    name: 'misspelled option',
    config: { type: 'json_link', next_url: 'links.next' },
    message: 'unknown option `next_url` for the `json_link` paginator: valid options are: next_url_path (at `paginator.next_url`)',
    paths: ['paginator.next_url'],
  },
  {
    name: 'boolean option with a string',
    config: { type: 'page_number', stop_after_empty_page: 'yes' },
    message: '`stop_after_empty_page` of the `page_number` paginator must be true or false, got "yes" (at `paginator.stop_after_empty_page`)',
    paths: ['paginator.stop_after_empty_page'],
  },
  {
    name: 'range paginator with no way to stop',
    config: { type: 'offset', limit: 10, total_path: null, stop_after_empty_page: false },
    message: 'the `offset` paginator has no way to stop: set `total_path`, `maximum_offset`, `has_more_path` or `stop_after_empty_page: true` (at `paginator`)',
    paths: ['paginator'],
  },
  {
    name: 'JSONPath with a filter',
    config: { type: 'cursor', cursor_path: '$.items[?(@.next)]' },
    message: "`cursor_path` of the `cursor` paginator: invalid JSONPath `$.items[?(@.next)]`: filter and script expressions are not supported at position 7; supported syntax is $, .key, ['key'], [n], [*], ..key (no filters or scripts) (at `paginator.cursor_path`)",
    paths: ['paginator.cursor_path'],
  },
  {
    name: 'several problems at once',
    config: { type: 'offset', limit: -1, offset_param: 5 },
    message: '2 problems in the config:\n- `limit` of the `offset` paginator must be a positive integer, got -1 (at `paginator.limit`)\n- `offset_param` of the `offset` paginator must be a non-empty string, got 5 (at `paginator.offset_param`)',
    paths: ['paginator.limit', 'paginator.offset_param'],
  },
];

describe('paginator config errors', () => {
  it.each(paginatorCases)('$name', ({ config, message, paths }) => {
    const error = configError(() => createPaginator(config as never));
    expect(error.code).toBe('CONFIG_INVALID');
    expect(error.message).toBe(message);
    expect(error.issues.map((i) => i.path)).toEqual(paths);
  });

  it('locates errors at the caller’s config path', () => {
    const error = configError(() => createPaginator({ type: 'offset' } as never, 'resources[2].endpoint.paginator'));
    expect(error.issues[0]!.path).toBe('resources[2].endpoint.paginator.limit');
  });

  it('every built-in type with valid options builds', () => {
    for (const type of PAGINATOR_TYPES) {
      const config = type === 'offset' ? { type, limit: 10 } : { type };
      expect(createPaginator(config as never).type).toBe(type);
    }
  });

  it('the client rejects a bad paginator at construction, not at the first request', () => {
    expect(() => new RestClient({ paginator: { type: 'offset' } as never })).toThrow('`limit` is required for the `offset` paginator');
  });
});

const AUTH_LIST = 'bearer, api_key, http_basic, oauth2_client_credentials';

const authCases: Array<{ name: string; config: unknown; message: string }> = [
  { name: 'unknown type', config: { type: 'oauth2' }, message: `unknown auth type \`oauth2\`: valid values are: ${AUTH_LIST} (at \`auth.type\`)` },
  { name: 'a bare string', config: 'bearer', message: `auth must be an object with a \`type\`: valid types are: ${AUTH_LIST} (at \`auth\`)` },
  { name: 'bearer without token', config: { type: 'bearer' }, message: '`token` is required for `bearer` auth: expected a non-empty string, got nothing (at `auth.token`)' },
  {
    name: 'an object without type is bearer',
    config: { api_key: 'x' },
    message: '2 problems in the config:\n- unknown option `api_key` for `bearer` auth: valid options are: token (at `auth.api_key`)\n- `token` is required for `bearer` auth: expected a non-empty string, got nothing (at `auth.token`)',
  },
  {
    name: 'api_key with a bad location',
    config: { type: 'api_key', api_key: 'secret-value-1', location: 'body' },
    message: '`location` of `api_key` auth must be one of the valid values: header, query, cookie; got "body" (at `auth.location`)',
  },
  {
    name: 'a secret of the wrong type is not echoed',
    config: { type: 'http_basic', username: 'ada', password: 12345678 },
    message: '`password` of `http_basic` auth must be a non-empty string, got a number (at `auth.password`)',
  },
  {
    name: 'oauth2 without its URL and id',
    config: { type: 'oauth2_client_credentials', client_secret: 'cs-secret' },
    message: '2 problems in the config:\n- `access_token_url` is required for `oauth2_client_credentials` auth: expected a non-empty string, got nothing (at `auth.access_token_url`)\n- `client_id` is required for `oauth2_client_credentials` auth: expected a non-empty string, got nothing (at `auth.client_id`)',
  },
  {
    name: 'oauth2 credentials location',
    config: { type: 'oauth2_client_credentials', access_token_url: 'https://x/token', client_id: 'id', client_secret: 'cs-secret', client_credentials_location: 'query' },
    message: '`client_credentials_location` of `oauth2_client_credentials` auth must be one of the valid values: body, header; got "query" (at `auth.client_credentials_location`)',
  },
];

describe('auth config errors', () => {
  it.each(authCases)('$name', ({ config, message }) => {
    const error = configError(() => createAuth(config as never, { redactor: new Redactor() }));
    expect(error.code).toBe('CONFIG_INVALID');
    expect(error.message).toBe(message);
  });

  it('secrets are registered even when the config is invalid', () => {
    const redactor = new Redactor();
    configError(() => createAuth({ type: 'api_key', api_key: 'leaky-secret-1', location: 'body' } as never, { redactor }));
    expect(redactor.redactText('leaky-secret-1')).toBe('***');
  });
});

const actionCases: Array<{ name: string; actions: unknown; message: string }> = [
  { name: 'unknown action', actions: [{ status_code: 404, action: 'skip' }], message: 'unknown response action `skip`: valid values are: ignore, retry, fail (at `response_actions[0].action`)' },
  { name: 'bad status', actions: [{ status_code: 4040, action: 'ignore' }], message: '`status_code` must be an HTTP status (100–599), got 4040 (at `response_actions[0].status_code`)' },
  { name: 'nothing to match', actions: [{ action: 'ignore' }], message: 'a response action needs `status_code`, `content` or both (at `response_actions[0]`)' },
  { name: 'not a list', actions: { status_code: 404, action: 'ignore' }, message: '`response_actions` must be a list of `{ status_code, content, action }` (at `response_actions`)' },
];

describe('response_actions config errors', () => {
  it.each(actionCases)('$name', ({ actions, message }) => {
    const error = configError(() => checkResponseActions(actions));
    expect(error.code).toBe('CONFIG_INVALID');
    expect(error.message).toBe(message);
  });
});
