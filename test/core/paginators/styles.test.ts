import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApiServer, type ApiServer } from '../../helpers/api-server';
import { paginationStyleRoutes, STYLE_RECORD_COUNT } from '../../helpers/api/pagination-styles';
import { RestClient, type Page, type PaginateOptions } from '../../../core/http';

let server: ApiServer;
beforeAll(async () => { server = await startApiServer(paginationStyleRoutes); });
afterAll(async () => { await server.close(); });

async function walk(path: string, options: PaginateOptions): Promise<{ pages: Page[]; ids: number[]; requests: number }> {
  const before = server.requests.length;
  const client = new RestClient({ baseUrl: server.baseUrl, retry: { attempts: 1 } });
  const pages: Page[] = [];
  for await (const page of client.paginate(path, options)) pages.push(page);
  const ids = pages.flatMap((p) => p.records.map((r) => (r as { id: number }).id));
  return { pages, ids, requests: server.requests.length - before };
}

const all = Array.from({ length: STYLE_RECORD_COUNT }, (_, i) => i + 1);

// Every style serves ids 1..250; `requests` is the minimum the style allows (one extra empty page only where
// nothing in the response says "last page").
const cases: Array<{ style: string; path: string; options: PaginateOptions; requests: number; last: string; type?: string }> = [
  { style: 'Link header (GitHub)', path: '/link/items', options: { params: { per_page: 100 }, paginator: { type: 'header_link' } }, requests: 3, last: 'no `Link: rel=next` header' },
  { style: 'JSON next URL, absolute', path: '/json-link/absolute', options: { paginator: { type: 'json_link' } }, requests: 3, last: 'no next URL in `next`' },
  { style: 'JSON next URL, relative', path: '/json-link/relative', options: { paginator: { type: 'json_link', next_url_path: 'links.next' } }, requests: 3, last: 'no next URL in `links.next`' },
  { style: 'cursor in the body', path: '/cursor/body', options: { paginator: { type: 'cursor' } }, requests: 3, last: 'no cursor in `cursors.next`' },
  { style: 'cursor in a header', path: '/cursor/header', options: { paginator: { type: 'header_cursor', cursor_key: 'X-Next-Cursor' } }, requests: 3, last: 'no `X-Next-Cursor` header' },
  {
    style: 'POST body cursor',
    path: '/cursor/post',
    options: {
      method: 'POST', json: { query: 'all', page: { size: 100 } }, dataSelector: 'hits',
      paginator: { type: 'cursor', cursor_path: 'next_cursor', cursor_body_path: 'page.cursor', has_more_path: 'has_more' },
    },
    requests: 3,
    last: '`has_more` is false',
  },
  { style: 'offset with total', path: '/offset/total', options: { paginator: { type: 'offset', limit: 100 } }, requests: 3, last: 'offset 300 ≥ total 250' },
  { style: 'offset without total', path: '/offset/no-total', options: { paginator: { type: 'offset', limit: 100 } }, requests: 4, last: 'empty page' },
  { style: 'offset with has_more', path: '/offset/has-more', options: { paginator: { type: 'offset', limit: 100, total_path: null, has_more_path: 'meta.has_more' } }, requests: 3, last: '`meta.has_more` is false' },
  { style: 'page number with total pages', path: '/page/total-pages', options: { paginator: { type: 'page_number', base_page: 1, total_path: 'total_pages' } }, requests: 3, last: 'page 3 was the last of 3 page(s)' },
  { style: 'page number with a null total', path: '/page/null-total', options: { paginator: { type: 'page_number', base_page: 1 } }, requests: 4, last: 'empty page' },
  {
    style: 'offset in a POST body',
    path: '/body/items',
    options: { method: 'POST', json: { filter: 'all' }, paginator: { type: 'offset', limit: 100, offset_body_path: 'paging.offset', limit_body_path: 'paging.limit' } },
    requests: 3,
    last: 'offset 300 ≥ total 250',
  },
  {
    style: 'page number in a POST body',
    path: '/body/items',
    options: { method: 'POST', paginator: { type: 'page_number', base_page: 1, page_body_path: 'page', total_path: 'pages' } },
    requests: 3,
    last: 'page 3 was the last of 3 page(s)',
  },
  // auto: detected from the first response
  { style: 'auto: Link header', path: '/link/items', options: { params: { per_page: 100 } }, requests: 3, last: 'no `Link: rel=next` header', type: 'header_link' },
  { style: 'auto: JSON next URL', path: '/json-link/absolute', options: { paginator: 'auto' }, requests: 3, last: 'no next URL in `next`', type: 'json_link' },
  { style: 'auto: relative next URL under links', path: '/json-link/relative', options: {}, requests: 3, last: 'no next URL in `links.next`', type: 'json_link' },
  { style: 'auto: total pages', path: '/page/total-pages', options: {}, requests: 3, last: 'page 3 was the last of 3 page(s)', type: 'page_number' },
  { style: 'auto: cursor', path: '/cursor/body', options: {}, requests: 3, last: 'no cursor in `cursors.next`', type: 'cursor' },
];

describe('every pagination style walks all records exactly once, in order, with the minimum requests', () => {
  it.each(cases)('$style', async ({ path, options, requests, last, type }) => {
    const result = await walk(path, options);
    expect(result.ids).toEqual(all);
    expect(result.requests).toBe(requests);
    const final = result.pages[result.pages.length - 1]!;
    expect(final.paginator.hasNext).toBe(false);
    expect(final.paginator.reason).toBe(last);
    expect(result.pages.slice(0, -1).every((p) => p.paginator.hasNext)).toBe(true);
    expect(result.pages.map((p) => p.number)).toEqual(result.pages.map((_, i) => i + 1));
    if (type) {
      expect(final.paginator.type).toBe('auto');
      expect(final.paginator.detected?.type).toBe(type);
      expect(final.paginator.detected?.reason).toBeTruthy();
    }
  });

  it('single entity: one request, the object is the one record', async () => {
    const result = await walk('/single/7', { paginator: 'single_page', dataSelector: '$' });
    expect(result.requests).toBe(1);
    expect(result.pages).toHaveLength(1);
    expect(result.pages[0]!.records).toEqual([{ id: 7, name: 'item-7', tags: ['a', 'b'] }]);
    expect(result.pages[0]!.paginator.reason).toBe('single page: one request only');
  });

  it('auto on a single entity detects a single page and the whole object as the record', async () => {
    const result = await walk('/single/8', {});
    expect(result.requests).toBe(1);
    expect(result.pages[0]!.paginator.detected).toMatchObject({ type: 'single_page' });
    expect(result.pages[0]!.records).toEqual([{ id: 8, name: 'item-8', tags: ['a', 'b'] }]);
  });

  it('sends the paging params each style needs', async () => {
    const before = server.requests.length;
    await walk('/offset/total', { paginator: { type: 'offset', limit: 100, offset_param: 'offset', limit_param: 'limit' }, params: { sort: 'id' } });
    expect(server.requests.slice(before).map((r) => r.url)).toEqual([
      '/offset/total?sort=id&offset=0&limit=100',
      '/offset/total?sort=id&offset=100&limit=100',
      '/offset/total?sort=id&offset=200&limit=100',
    ]);
    const post = server.requests.length;
    await walk('/cursor/post', {
      method: 'POST', json: { query: 'all', page: { size: 100 } }, dataSelector: 'hits',
      paginator: { type: 'cursor', cursor_path: 'next_cursor', cursor_body_path: 'page.cursor', has_more_path: 'has_more' },
    });
    const bodies = server.requests.slice(post).map((r) => JSON.parse(r.body) as { page: { cursor?: string } });
    expect(bodies[0]!.page.cursor).toBeUndefined();
    expect(typeof bodies[1]!.page.cursor).toBe('string');
    expect(bodies[1]!.page.cursor).not.toBe(bodies[2]!.page.cursor);
  });

  it('POST body paging keeps the caller’s body and sets the paging fields', async () => {
    const before = server.requests.length;
    await walk('/body/items', { method: 'POST', json: { filter: 'all' }, paginator: { type: 'offset', limit: 100, offset_body_path: 'paging.offset', limit_body_path: 'paging.limit' } });
    expect(server.requests.slice(before).map((r) => JSON.parse(r.body) as unknown)).toEqual([
      { filter: 'all', paging: { offset: 0, limit: 100 } },
      { filter: 'all', paging: { offset: 100, limit: 100 } },
      { filter: 'all', paging: { offset: 200, limit: 100 } },
    ]);
    expect(server.requests.slice(before).every((r) => r.url === '/body/items' && r.headers['content-type'] === 'application/json')).toBe(true);
  });

  it('maximum_offset and maximum_page stop before the limit is requested', async () => {
    const offset = await walk('/offset/no-total', { paginator: { type: 'offset', limit: 50, maximum_offset: 100 } });
    expect(offset.ids).toEqual(all.slice(0, 100));
    expect(offset.requests).toBe(2);
    expect(offset.pages.at(-1)!.paginator.reason).toBe('offset 100 ≥ maximum 100');
    const pages = await walk('/page/null-total', { paginator: { type: 'page_number', base_page: 1, maximum_page: 3 } });
    expect(pages.ids).toEqual(all.slice(0, 200));
    expect(pages.requests).toBe(2);
  });

  it('a range paginator with no total and stop_after_empty_page false fails instead of looping', async () => {
    await expect(walk('/offset/no-total', { paginator: { type: 'offset', limit: 100, stop_after_empty_page: false } })).rejects.toMatchObject({
      code: 'PAGINATION_FAILED',
      message: '`offset` paginator cannot tell where the data ends: no total at `total` and no other stop rule; expected a total in the response, or set `stop_after_empty_page`, a maximum or `has_more_path`',
    });
  });

  it('a data_selector that matches nothing gives empty pages and one warning', async () => {
    const warnings: string[] = [];
    const client = new RestClient({ baseUrl: server.baseUrl, logger: { debug: () => {}, info: () => {}, warn: (m) => warnings.push(m), error: () => {} } });
    const pages = [];
    for await (const page of client.paginate('/json-link/absolute', { dataSelector: '$.result', paginator: 'json_link' })) pages.push(page);
    expect(pages).toHaveLength(3);
    expect(pages.every((p) => p.records.length === 0 && !p.selector.matched)).toBe(true);
    expect(warnings).toEqual([`data_selector \`$.result\` matched nothing in the response of GET ${server.baseUrl}/json-link/absolute`]);
  });

  it('the page carries redacted request facts, response facts and paginator state', async () => {
    const { pages } = await walk('/offset/total', { paginator: { type: 'offset', limit: 100 } });
    const first = pages[0]!;
    expect(first.request.method).toBe('GET');
    expect(first.request.url).toBe(`${server.baseUrl}/offset/total?offset=0&limit=100`);
    expect(first.response.status).toBe(200);
    expect(first.response.bytes).toBeGreaterThan(1000);
    expect(first.response.headers['content-type']).toBe('application/json');
    expect(first.paginator).toMatchObject({ type: 'offset', hasNext: true, reason: 'next offset 100 < total 250', state: { offset: 100, limit: 100, total: 250 } });
    expect(first.selector).toEqual({ path: '$.items', detected: true, matched: true });
    expect(first.retries).toEqual([]);
  });
});
