import { describe, expect, it } from 'vitest';
import { DEFAULT_SOURCE_CONFIG } from '../../renderer/features/source-editor/default-config';
import { outlineSource } from '../../renderer/features/source-editor/source-outline';

describe('outlineSource', () => {
  it('lists the default config resources with preview URLs built from base_url and scalar params', () => {
    expect(outlineSource(DEFAULT_SOURCE_CONFIG)).toEqual({
      baseUrl: 'https://api.example.com/v1/',
      resources: [
        { name: 'issues', path: 'issues', url: 'https://api.example.com/v1/issues?per_page=100' },
        { name: 'users', path: 'users', url: 'https://api.example.com/v1/users?per_page=100&active=true' },
      ],
    });
  });

  it.each([
    ['string endpoint', { name: 'a', endpoint: 'things/list' }, 'http://h/api/things/list'],
    ['leading slash stays under base_url', { name: 'a', endpoint: { path: '/things' } }, 'http://h/api/things'],
    ['name as path when endpoint has none', { name: 'orders', endpoint: { params: { x: 1 } } }, 'http://h/api/orders?x=1'],
    ['absolute endpoint URL', { name: 'a', endpoint: 'https://other.test/v2/x' }, 'https://other.test/v2/x'],
    ['object params (incremental, resolve) left out', { name: 'a', endpoint: { path: 'p', params: { since: { type: 'incremental' }, n: 2 } } }, 'http://h/api/p?n=2'],
  ])('%s', (_case, resource, url) => {
    const outline = outlineSource(JSON.stringify({ client: { base_url: 'http://h/api' }, resources: [resource] }));
    expect(outline.resources[0]?.url).toBe(url);
  });

  it('lists resources without URLs when there is no base_url', () => {
    expect(outlineSource('{"resources": ["a"]}')).toEqual({ resources: [{ name: 'a', path: 'a' }] });
  });

  it('skips entries without a name', () => {
    expect(outlineSource('{"resources": ["", {"endpoint": "x"}, 42, "ok"]}').resources.map((r) => r.name)).toEqual(['ok']);
  });

  it('says why text that is not a JSON object cannot be outlined, without throwing', () => {
    expect(outlineSource('{"resources": [').problem).toMatch(/^The config is not valid JSON: /);
    expect(outlineSource('[1, 2]').problem).toBe('The config must be a JSON object with `client` and `resources`');
    expect(outlineSource('[1, 2]').resources).toEqual([]);
  });
});
