import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redactor } from '../../../core/http/redactor';
import { previewRequest, toNetworkError } from '../../../core/service/preview-request';
import { startApiServer, type ApiServer } from '../../helpers/api-server';
import { basicRoutes } from '../../helpers/api/basic';

let api: ApiServer;
beforeAll(async () => { api = await startApiServer(basicRoutes); });
afterAll(async () => { await api.close(); });

describe('previewRequest', () => {
  it('returns status, timing, size and the parsed JSON body', async () => {
    const res = await previewRequest({ url: `${api.baseUrl}/hello` }, new Redactor());
    expect(res.status).toBe(200);
    expect(res.bodyKind).toBe('json');
    expect(res.body).toEqual({ message: 'hello', items: [{ id: 1, name: 'alpha' }, { id: 2, name: 'bravo' }] });
    expect(res.sizeBytes).toBe(Buffer.byteLength(JSON.stringify(res.body)));
    expect(res.elapsedMs).toBeGreaterThanOrEqual(0);
    expect(res.headers['content-type']).toBe('application/json');
  });

  it('shows 64-bit ids exactly as sent, and gives them as digit strings in the parsed body', async () => {
    const res = await previewRequest({ url: `${api.baseUrl}/big-ids` }, new Redactor());
    expect(res.bodyKind).toBe('json');
    expect(res.bodyText).toContain('"id": 1234567890123456789,');
    expect(res.bodyText).toContain('"id": 1234567890123456790,');
    expect(res.body).toEqual({ items: [{ id: '1234567890123456789', name: 'alpha' }, { id: '1234567890123456790', name: 'bravo' }] });
    // what the renderer gets over either transport: the same after a JSON round trip
    expect(JSON.parse(JSON.stringify(res))).toEqual(res);
  });

  it('returns a body that is not JSON as text', async () => {
    const res = await previewRequest({ url: `${api.baseUrl}/text` }, new Redactor());
    expect(res).toMatchObject({ bodyKind: 'text', body: 'plain words, not JSON' });
  });

  it('shows error statuses as responses, with their body', async () => {
    const res = await previewRequest({ url: `${api.baseUrl}/fail` }, new Redactor());
    expect(res.status).toBe(500);
    expect(res.body).toEqual({ error: 'internal failure', detail: 'the database is on fire' });
  });

  it('redacts credentials in request headers, echoed bodies and the URL', async () => {
    const redactor = new Redactor();
    const res = await previewRequest({
      url: `${api.baseUrl}/echo-headers?api_key=k-123456&page=2`,
      headers: { Authorization: 'Bearer tok-abcdef', 'X-API-Key': 'key-987654', Cookie: 'session=s3cr3t', Accept: 'application/json' },
    }, redactor);
    expect(res.request.url).toBe(`${api.baseUrl}/echo-headers?api_key=***&page=2`);
    expect(res.request.headers).toMatchObject({ authorization: 'Bearer ***', 'x-api-key': '***', cookie: '***', accept: 'application/json' });
    // The server echoes the headers back in its body: those values are masked too.
    const echoed = (res.body as { headers: Record<string, string> }).headers;
    expect(echoed.authorization).toBe('Bearer ***');
    expect(echoed['x-api-key']).toBe('***');
    expect(JSON.stringify(res)).not.toMatch(/tok-abcdef|key-987654|s3cr3t|k-123456/);
  });

  it('names a refused connection', async () => {
    const closed = await startApiServer();
    const url = `${closed.baseUrl}/hello`;
    await closed.close();
    await expect(previewRequest({ url }, new Redactor())).rejects.toMatchObject({
      code: 'NETWORK_REFUSED',
      message: `GET ${url} failed: the connection was refused: is the server running on that port?`,
    });
  });

  it('names a timeout', async () => {
    await expect(previewRequest({ url: `${api.baseUrl}/slow?ms=2000`, timeoutMs: 100 }, new Redactor())).rejects.toMatchObject({
      code: 'NETWORK_TIMEOUT',
      message: `GET ${api.baseUrl}/slow?ms=2000 failed: no response within 100 ms`,
    });
  });

  it('names a TLS failure (https spoken to a plain HTTP server)', async () => {
    const url = api.baseUrl.replace('http:', 'https:') + '/hello';
    await expect(previewRequest({ url }, new Redactor())).rejects.toMatchObject({ code: 'NETWORK_TLS' });
  });

  it('names a DNS failure', () => {
    // Classified from the error Node's fetch raises; no lookup leaves the machine.
    const error = toNetworkError(Object.assign(new TypeError('fetch failed'), { cause: { code: 'ENOTFOUND', message: 'getaddrinfo ENOTFOUND api.nowhere' } }), 'GET', 'https://api.nowhere/x', 1000);
    expect(error).toMatchObject({ code: 'NETWORK_DNS', message: 'GET https://api.nowhere/x failed: the host name could not be resolved (ENOTFOUND)' });
  });

  it('rejects a URL that is not absolute http(s), naming the field', async () => {
    await expect(previewRequest({ url: 'api.example.com/items' }, new Redactor())).rejects.toMatchObject({
      code: 'CONFIG_INVALID',
      message: '`url` must be an absolute http(s) URL such as https://api.example.com/items, got `api.example.com/items` (at `url`)',
    });
    await expect(previewRequest({ url: 'file:///etc/passwd' }, new Redactor())).rejects.toMatchObject({ code: 'CONFIG_INVALID' });
  });
});
