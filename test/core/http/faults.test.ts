import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendJson, startApiServer, type ApiServer } from '../../helpers/api-server';
import { faultRoutes } from '../../helpers/api/faults';
import { paginationStyleRoutes } from '../../helpers/api/pagination-styles';
import { RestClient, type Page, type PaginateOptions, type RestClientOptions, type RetryEvent } from '../../../core/http';
import { isSluiceError } from '../../../core/errors';

let server: ApiServer;
beforeAll(async () => { server = await startApiServer([...faultRoutes, ...paginationStyleRoutes]); });
afterAll(async () => { await server.close(); });

/** Millisecond retries so the suite stays fast. */
const FAST = { backoffFactor: 0.002, maxDelayMs: 30 };

function client(options: RestClientOptions = {}): RestClient {
  return new RestClient({ baseUrl: server.baseUrl, retry: FAST, ...options });
}

async function collect(c: RestClient, path: string, options: PaginateOptions = {}): Promise<Page[]> {
  const pages: Page[] = [];
  for await (const page of c.paginate(path, options)) pages.push(page);
  return pages;
}

function requestsTo(path: string): number {
  return server.requests.filter((r) => r.path === path).length;
}

async function failure(promise: Promise<unknown>): Promise<Error & { code: string }> {
  try {
    await promise;
  } catch (error) {
    expect(isSluiceError(error)).toBe(true);
    return error as Error & { code: string };
  }
  throw new Error('expected a failure');
}

describe('retries', () => {
  it('429 with Retry-After in seconds: waits as asked (capped by maxDelayMs) and every retry is visible', async () => {
    server.state.clear();
    const seen: RetryEvent[] = [];
    const warnings: string[] = [];
    const c = client({ logger: { debug: () => {}, info: () => {}, warn: (m) => warnings.push(m), error: () => {} } });
    const pages = await collect(c, '/faults/429-seconds?n=2&after=1', { paginator: 'single_page', hooks: { onRetry: (e) => seen.push(e) } });
    expect(pages[0]!.records).toHaveLength(3);
    expect(requestsTo('/faults/429-seconds')).toBe(3);
    expect(pages[0]!.retries).toHaveLength(2);
    expect(pages[0]!.retries[0]).toMatchObject({ attempt: 1, status: 429, reason: '429 Too Many Requests', retryAfter: true, delayMs: 30 });
    expect(seen).toEqual(pages[0]!.retries);
    expect(warnings[0]).toBe(`Retrying GET ${server.baseUrl}/faults/429-seconds?n=2&after=1 after 429 Too Many Requests (attempt 1 of 5, waiting 30 ms as Retry-After asks)`);
  });

  it('429 with a fractional Retry-After below the cap waits exactly that long', async () => {
    server.state.clear();
    const started = performance.now();
    const pages = await collect(client(), '/faults/429-seconds?n=1&after=0.02', { paginator: 'single_page' });
    expect(pages[0]!.retries[0]).toMatchObject({ delayMs: 20, retryAfter: true });
    expect(performance.now() - started).toBeGreaterThanOrEqual(19);
  });

  it('429 with Retry-After as an HTTP date is honoured and capped', async () => {
    server.state.clear();
    const pages = await collect(client(), '/faults/429-date?ms=60000', { paginator: 'single_page' });
    expect(pages[0]!.retries).toHaveLength(1);
    expect(pages[0]!.retries[0]).toMatchObject({ status: 429, retryAfter: true, delayMs: 30 });
  });

  it('a 503 burst is retried with exponential backoff and jitter, then succeeds', async () => {
    server.state.clear();
    const pages = await collect(client({ retry: { backoffFactor: 0.004, maxDelayMs: 1000 } }), '/faults/503-burst?n=3', { paginator: 'single_page' });
    expect(requestsTo('/faults/503-burst')).toBe(4);
    const delays = pages[0]!.retries.map((r) => r.delayMs);
    expect(delays).toHaveLength(3);
    [4, 8, 16].forEach((base, i) => {
      expect(delays[i]).toBeGreaterThanOrEqual(base / 2);
      expect(delays[i]).toBeLessThanOrEqual(base);
    });
    expect(pages[0]!.retries.every((r) => r.status === 503 && !r.retryAfter)).toBe(true);
  });

  it('gives up after the configured attempts with an HttpError naming method, URL, status and attempts', async () => {
    server.state.clear();
    const before = requestsTo('/faults/503-burst');
    const error = await failure(collect(client({ retry: { ...FAST, attempts: 3 } }), '/faults/503-burst?n=10'));
    expect(error.code).toBe('HTTP_STATUS');
    expect(error.message).toBe(`GET ${server.baseUrl}/faults/503-burst?n=10 failed: 503 Service Unavailable (after 3 attempts): Service Unavailable: try later`);
    expect(requestsTo('/faults/503-burst') - before).toBe(3);
  });

  it('a connection reset mid-body is retried', async () => {
    server.state.clear();
    const pages = await collect(client(), '/faults/reset-mid-body?n=1', { paginator: 'single_page' });
    expect(pages[0]!.records).toHaveLength(3);
    expect(pages[0]!.retries).toHaveLength(1);
    expect(pages[0]!.retries[0]!.reason).toMatch(/connection reset/);
  });

  it('a connection reset with no attempts left is a NetworkError with code NETWORK_RESET', async () => {
    server.state.clear();
    const error = await failure(collect(client({ retry: { attempts: 1 } }), '/faults/reset-mid-body?n=5'));
    expect(error.code).toBe('NETWORK_RESET');
    expect(error.message).toMatch(new RegExp(`^GET ${server.baseUrl}/faults/reset-mid-body\\?n=5 failed: connection reset`));
  });

  it('a response slower than the timeout is abandoned and retried', async () => {
    server.state.clear();
    const pages = await collect(client({ timeoutMs: 80 }), '/faults/slow?n=1&ms=400', { paginator: 'single_page' });
    expect(pages[0]!.records).toHaveLength(3);
    expect(pages[0]!.retries[0]!.reason).toBe('timeout after 80 ms');
    expect(requestsTo('/faults/slow')).toBe(2);
  });

  it('a timeout with no attempts left is NETWORK_TIMEOUT', async () => {
    server.state.clear();
    const error = await failure(client({ timeoutMs: 50, retry: { attempts: 1 } }).get('/faults/slow?n=1&ms=300'));
    expect(error.code).toBe('NETWORK_TIMEOUT');
    expect(error.message).toBe(`GET ${server.baseUrl}/faults/slow?n=1&ms=300 failed: no complete response within 50 ms`);
  });

  it('an AbortSignal stops at once and is not retried', async () => {
    server.state.clear();
    const before = requestsTo('/faults/slow');
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 30);
    const started = performance.now();
    const error = await failure(collect(client(), '/faults/slow?n=5&ms=400', { signal: controller.signal }));
    expect(error.code).toBe('NETWORK_ABORTED');
    expect(performance.now() - started).toBeLessThan(300);
    expect(requestsTo('/faults/slow') - before).toBe(1);
  });

  it('a 4xx other than 429 is not retried', async () => {
    const before = requestsTo('/faults/not-found');
    const error = await failure(client().get('/faults/not-found'));
    expect(error.message).toBe(`GET ${server.baseUrl}/faults/not-found failed: 404 Not Found: {"message":"no such thing"}`);
    expect(requestsTo('/faults/not-found') - before).toBe(1);
  });
});

describe('bad bodies', () => {
  it('malformed JSON: ResponseParseError with where and a bounded excerpt, not retried', async () => {
    const before = requestsTo('/faults/malformed');
    const error = await failure(collect(client(), '/faults/malformed'));
    expect(error.code).toBe('RESPONSE_PARSE');
    expect(error.message).toMatch(new RegExp(`^GET ${server.baseUrl}/faults/malformed: response is not valid JSON \\(.+\\) at line 1, column 32, near \`\\{"id": 1\\}, \\{"id": 2,, \\]\\}\`;`));
    expect(error.message).toContain('body starts: {"items": [{"id": 1}, {"id": 2,, ]}');
    expect(requestsTo('/faults/malformed') - before).toBe(1);
  });

  it('an HTML error page is retried as a 5xx, then reported with a bounded excerpt', async () => {
    const error = await failure(collect(client({ retry: { ...FAST, attempts: 2 } }), '/faults/html-error'));
    expect(error.code).toBe('HTTP_STATUS');
    expect(error.message).toMatch(new RegExp(`^GET ${server.baseUrl}/faults/html-error failed: 500 Internal Server Error \\(after 2 attempts\\): <!DOCTYPE html>`));
    expect(error.message).toMatch(/… \(\d+ more characters\)$/);
    expect(error.message.length).toBeLessThan(700);
  });

  it('an HTML page with status 200 says a JSON body was expected', async () => {
    const error = await failure(collect(client(), '/faults/html-200'));
    expect(error.code).toBe('RESPONSE_PARSE');
    expect(error.message).toMatch(/: expected a JSON body, got `text\/html` \(.*\); body starts: <html><body>Please log in<\/body><\/html>$/);
  });

  it('an empty body is a page without records, and paging stops', async () => {
    const before = requestsTo('/faults/empty');
    const pages = await collect(client(), '/faults/empty');
    expect(pages).toHaveLength(1);
    expect(pages[0]!.records).toEqual([]);
    expect(pages[0]!.data).toBeUndefined();
    expect(pages[0]!.paginator.hasNext).toBe(false);
    expect(requestsTo('/faults/empty') - before).toBe(1);
  });

  it('a huge page arrives whole, in one request', async () => {
    const before = requestsTo('/faults/huge');
    const pages = await collect(client(), '/faults/huge?n=50000');
    expect(pages).toHaveLength(1);
    expect(pages[0]!.records).toHaveLength(50_000);
    expect((pages[0]!.records[49_999] as { id: number }).id).toBe(50_000);
    expect(pages[0]!.response.bytes).toBeGreaterThan(3_000_000);
    expect(requestsTo('/faults/huge') - before).toBe(1);
  });

  it('a page larger than maxResponseBytes fails clearly instead of exhausting memory', async () => {
    const error = await failure(collect(client({ maxResponseBytes: 100_000 }), '/faults/huge?n=50000'));
    expect(error.code).toBe('RESPONSE_TOO_LARGE');
    expect(error.message).toBe(
      `GET ${server.baseUrl}/faults/huge?n=50000: response body is larger than 100000 bytes (maxResponseBytes); expected smaller pages: lower the page size (\`limit\`, \`per_page\`) or raise maxResponseBytes`,
    );
  });
});

describe('loops', () => {
  it('a next link seen twice stops with PaginationLoopError after yielding every new page once', async () => {
    const before = requestsTo('/faults/loop');
    const ids: number[] = [];
    const error = await failure((async () => {
      for await (const page of client().paginate('/faults/loop', { paginator: 'json_link' })) ids.push(...page.records.map((r) => (r as { id: number }).id));
    })());
    expect(ids).toEqual([1, 2]);
    expect(requestsTo('/faults/loop') - before).toBe(2);
    expect(error.code).toBe('PAGINATION_LOOP');
    expect(error.message).toBe(
      `\`json_link\` paginator saw the same next link twice (\`${server.baseUrl}/faults/loop?page=2\`) after 2 page(s): stopped instead of looping forever; expected a new value on every page`,
    );
  });

  it('an API that ignores the paging parameter (the same page again) stops before loading it twice', async () => {
    server.addRoutes([{ path: '/faults/deaf', handler: (_req, res) => sendJson(res, 200, { items: [{ id: 1 }, { id: 2 }], total: 1000 }) }]);
    const ids: number[] = [];
    const error = await failure((async () => {
      for await (const page of client().paginate('/faults/deaf', { paginator: { type: 'offset', limit: 2 }, dataSelector: 'items' })) ids.push(...page.records.map((r) => (r as { id: number }).id));
    })());
    expect(ids).toEqual([1, 2]);
    expect(requestsTo('/faults/deaf')).toBe(2);
    expect(error.code).toBe('PAGINATION_LOOP');
    expect(error.message).toBe(
      `\`offset\` paginator got the same response twice in a row (to \`${server.baseUrl}/faults/deaf?offset=2&limit=2\`) after 1 page(s), as if the API ignored the paging parameter: stopped instead of loading it again and again; expected a different page each time`,
    );
  });

  it('a cursor seen twice stops with PaginationLoopError', async () => {
    const before = requestsTo('/faults/cursor-loop');
    const error = await failure(collect(client(), '/faults/cursor-loop', { paginator: { type: 'cursor', cursor_path: 'next_cursor' } }));
    expect(error.message).toBe('`cursor` paginator saw the same cursor twice (`c1`) after 3 page(s): stopped instead of looping forever; expected a new value on every page');
    expect(requestsTo('/faults/cursor-loop') - before).toBe(3);
  });
});

describe('response_actions', () => {
  it('retry: a rate limit signalled in a 200 body is retried like a 503', async () => {
    server.state.clear();
    const pages = await collect(client({ responseActions: [{ content: 'RATE_LIMITED', action: 'retry' }] }), '/faults/soft-limit', { paginator: 'single_page' });
    expect(pages[0]!.records).toHaveLength(3);
    expect(pages[0]!.retries.map((r) => r.reason)).toEqual(['200 OK (response_actions[0]: retry)', '200 OK (response_actions[0]: retry)']);
  });

  it('ignore: a 404 ends paging without records and without an error', async () => {
    const pages = await collect(client(), '/faults/not-found', { responseActions: [{ status_code: 404, action: 'ignore' }] });
    expect(pages).toHaveLength(1);
    expect(pages[0]!.records).toEqual([]);
    expect(pages[0]!.ignored).toBe('response_actions[0]');
    expect(pages[0]!.paginator).toMatchObject({ hasNext: false, reason: 'response ignored by response_actions[0]' });
  });

  it('fail: a matching 200 raises ResponseActionError', async () => {
    const error = await failure(collect(client(), '/faults/maintenance', { responseActions: [{ status_code: 200, content: 'ACCOUNT_SUSPENDED', action: 'fail' }] }));
    expect(error.code).toBe('RESPONSE_ACTION_FAIL');
    expect(error.message).toBe(`GET ${server.baseUrl}/faults/maintenance matched response action response_actions[0] (action \`fail\`): status 200: {"error":"ACCOUNT_SUSPENDED","items":[]}`);
  });
});

describe('connections', () => {
  it('consecutive pages reuse keep-alive connections', async () => {
    const pages = await collect(client(), '/conn/pages?pages=20', { paginator: 'json_link' });
    const ports = pages.map((p) => (p.records[0] as { port: number }).port);
    expect(ports).toHaveLength(20);
    // undici may open a second socket while the first is being released; it must not open one per page.
    expect(new Set(ports).size).toBeLessThanOrEqual(3);
  });
});

describe('request bodies and headers', () => {
  it('sends form data urlencoded, JSON as application/json, and merges client and request headers', async () => {
    const c = client({ headers: { 'X-Client': 'sluice', 'X-Override': 'client' } });
    const form = (await c.post('/echo/request', { data: { a: '1', b: 'two words' }, headers: { 'X-Override': 'request' } })).json() as { body: string; headers: Record<string, string> };
    expect(form.body).toBe('a=1&b=two+words');
    expect(form.headers['content-type']).toBe('application/x-www-form-urlencoded;charset=UTF-8');
    expect(form.headers['x-client']).toBe('sluice');
    expect(form.headers['x-override']).toBe('request');
    expect(form.headers.accept).toBe('application/json');
    const json = (await c.request('/echo/request', { method: 'PUT', json: { x: [1] } })).json() as { method: string; body: string; headers: Record<string, string> };
    expect(json).toMatchObject({ method: 'PUT', body: '{"x":[1]}' });
    expect(json.headers['content-type']).toBe('application/json');
  });
});
