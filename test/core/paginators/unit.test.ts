import { describe, expect, it } from 'vitest';
import { parseLinkHeader, detectPaginator, createPaginator, registerPaginator, BasePaginator } from '../../../core/paginators';
import type { RequestSpec, ResponseInfo } from '../../../core/http';

const response = (body: unknown, headers: Record<string, string> = {}): [ResponseInfo, unknown] => [
  { status: 200, headers: new Headers(headers), url: 'https://api.x.test/v1/items?page=1' }, body,
];

describe('Link header parsing', () => {
  it('reads GitHub-style headers, several rels and commas inside URLs', () => {
    const links = parseLinkHeader('<https://api.x.test/items?page=2&a=1,2>; rel="next", <https://api.x.test/items?page=9>; rel="last end"');
    expect(links.get('next')).toBe('https://api.x.test/items?page=2&a=1,2');
    expect(links.get('last')).toBe('https://api.x.test/items?page=9');
    expect(links.get('end')).toBe('https://api.x.test/items?page=9');
    expect(parseLinkHeader(null).size).toBe(0);
    expect(parseLinkHeader('<https://a.test/x>; rel=next').get('next')).toBe('https://a.test/x');
  });
});

describe('paginator detection', () => {
  it.each([
    ['Link header', [{ id: 1 }], { link: '<https://api.x.test/items?page=2>; rel="next"' }, 'header_link', 1],
    ['absolute next URL', { next: 'https://api.x.test/items?page=2', results: [] }, {}, 'json_link', 1],
    ['relative next URL', { _links: { next: { href: '/v1/items?page=2' } } }, {}, 'json_link', 0.9],
    ['total pages', { page: 1, total_pages: 4, data: [] }, {}, 'page_number', 0.7],
    ['cursor', { data: [], next: 'eyJvIjoxMDB9' }, {}, 'cursor', 0.5],
    ['Slack cursor', { members: [], response_metadata: { next_cursor: 'dXNlcjpVMEc5V0ZYTlo=' } }, {}, 'cursor', 0.5],
    ['nothing', { data: [{ id: 1 }] }, {}, 'single_page', 0.1],
    ['OData nextLink', { value: [{ id: 1 }], '@odata.nextLink': 'https://graph.x.test/v1/users?$skiptoken=abc' }, {}, 'json_link', 0.9],
    ['nextUrl', { items: [{ id: 1 }], nextUrl: '/items?page=2' }, {}, 'json_link', 0.8],
    ['deep links.next', { data: [], meta: { pagination: { links: { next: 'https://api.x.test/items?page=2' } } } }, {}, 'json_link', 0.9],
  ])('%s', (_name, body, headers, type, score) => {
    const [info, data] = response(body, headers as Record<string, string>);
    const detection = detectPaginator(info, data);
    expect(detection.type).toBe(type);
    expect(detection.score).toBe(score);
    expect(detection.paginator.type).toBe(type);
    expect(detection.reason.length).toBeGreaterThan(10);
  });
});

describe('next links found anywhere in the body (dlt\'s search)', () => {
  it('the detected path reads the link: quoted where a key needs it', () => {
    for (const [body, path] of [
      [{ value: [], '@odata.nextLink': 'https://graph.x.test/v1/users?$skiptoken=abc' }, "$['@odata.nextLink']"],
      [{ data: [], meta: { pagination: { links: { next: 'https://api.x.test/items?page=2' } } } }, 'meta.pagination.links.next'],
      [{ data: [{ next: 'https://not.this/' }], paging: { nextPage: { url: '/items?page=2' } } }, 'paging.nextPage.url'],
    ] as const) {
      const [info, data] = response(body, {});
      const detection = detectPaginator(info, data);
      expect(detection.reason).toContain(`\`${path}\``);
      detection.paginator.initRequest({ method: 'GET', url: 'https://api.x.test/items', params: {}, headers: {} });
      detection.paginator.updateState(info, data, []);
      expect(detection.paginator.hasNextPage).toBe(true);
    }
  });
});

describe('relative next links', () => {
  it('resolve against the request URL and replace its params', () => {
    const paginator = createPaginator({ type: 'json_link' });
    const request: RequestSpec = { method: 'GET', url: 'https://api.x.test/v1/items', params: { page: 1, per_page: 10 }, headers: {} };
    paginator.initRequest(request);
    paginator.updateState({ status: 200, headers: new Headers(), url: 'https://api.x.test/v1/items?page=1&per_page=10' }, { next: 'items?cursor=abc' }, []);
    paginator.updateRequest(request);
    expect(request.url).toBe('https://api.x.test/v1/items?cursor=abc');
    expect(request.params).toEqual({});
  });
});

describe('custom paginators', () => {
  class SkipTokenPaginator extends BasePaginator {
    readonly type = 'skip_token';
    private token: string | undefined;
    updateState(_r: ResponseInfo, data: unknown): void {
      this.token = (data as { skip?: string }).skip;
      if (this.token) this.next('skip token present');
      else this.stop('no skip token');
    }
    updateRequest(request: RequestSpec): void {
      request.params = { ...request.params, $skiptoken: this.token };
    }
  }

  it('are registered by name, listed as valid values, and built from config', () => {
    registerPaginator('skip_token', () => new SkipTokenPaginator());
    const p = createPaginator({ type: 'skip_token' });
    expect(p).toBeInstanceOf(SkipTokenPaginator);
    expect(() => createPaginator({ type: 'nope' })).toThrow(/valid values are: .*auto, skip_token/);
    expect(() => registerPaginator('offset', () => new SkipTokenPaginator())).toThrow('cannot register paginator `offset`: it is a built-in type');
  });
});

describe('loop memory', () => {
  it('stays bounded: only the most recent next links are remembered', () => {
    const saved = BasePaginator.loopMemory;
    BasePaginator.loopMemory = 3;
    try {
      const paginator = createPaginator({ type: 'cursor', cursor_path: 'next' });
      paginator.initRequest({ method: 'GET', url: 'https://x.test/', params: {}, headers: {} });
      const info = { status: 200, headers: new Headers(), url: 'https://x.test/' };
      for (const c of ['a', 'b', 'c', 'd', 'a']) paginator.updateState(info, { next: c }, [{}]);
      expect(paginator.loop).toBeUndefined(); // `a` fell out of the window
      paginator.updateState(info, { next: 'd' }, [{}]);
      expect(paginator.loop).toEqual({ kind: 'cursor', value: 'd' });
    } finally {
      BasePaginator.loopMemory = saved;
    }
  });
});

describe('cursor stop rules', () => {
  const info = { status: 200, headers: new Headers(), url: 'https://x.test/items' };
  it.each([
    ['cursor present', {}, { next: 'n1', data: [1] }, [1], true, 'cursor in `next`'],
    ['cursor missing', {}, { data: [1] }, [1], false, 'no cursor in `next`'],
    ['empty cursor string', {}, { next: '', data: [1] }, [1], false, 'no cursor in `next`'],
    ['has_more false wins over a cursor', { has_more_path: 'more' }, { next: 'n1', more: false }, [1], false, '`more` is false'],
    ['empty page with stop_after_empty_page', { stop_after_empty_page: true }, { next: 'n1' }, [], false, 'empty page'],
    ['empty page without it keeps going', {}, { next: 'n1' }, [], true, 'cursor in `next`'],
  ])('%s', (_name, options, data, records, hasNext, reason) => {
    const paginator = createPaginator({ type: 'cursor', cursor_path: 'next', ...options });
    const request: RequestSpec = { method: 'GET', url: 'https://x.test/items', params: {}, headers: {} };
    paginator.initRequest(request);
    paginator.updateState(info, data, records);
    expect(paginator.hasNextPage).toBe(hasNext);
    expect(paginator.reason).toBe(reason);
    if (hasNext) {
      paginator.updateRequest(request);
      expect(request.params).toEqual({ cursor: 'n1' });
    }
  });
});
