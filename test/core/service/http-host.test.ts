import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpApi } from '../../../core/api/http-transport';
import { startHttpHost, type HttpHost } from '../../../core/service/http-host';
import { PipelineService } from '../../../core/service/pipeline-service';
import { startApiServer, type ApiServer } from '../../helpers/api-server';
import { basicRoutes } from '../../helpers/api/basic';

let host: HttpHost;
let api: ApiServer;

/** Raw HTTP so the test controls Host, Origin and Cookie exactly as an attacker or a browser would send them. */
function raw(path: string, init: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: host.port, path, method: init.method ?? 'GET', headers: { host: `127.0.0.1:${host.port}`, ...init.headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end(init.body);
  });
}

const cookie = (): string => `sluice_token_${host.port}=${host.token}`;

beforeAll(async () => {
  const rendererDir = mkdtempSync(join(tmpdir(), 'sluice-renderer-'));
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Sluice</title><div id="root"></div>');
  mkdirSync(join(rendererDir, 'assets'));
  writeFileSync(join(rendererDir, 'assets', 'app.js'), 'console.log("app")');
  api = await startApiServer(basicRoutes);
  host = await startHttpHost({ rendererDir, service: new PipelineService({ transport: 'http', version: '9.9.9' }) });
});
afterAll(async () => { await host.close(); await api.close(); });

describe('browser-mode host', () => {
  it('listens on 127.0.0.1 and prints a URL that carries a random token', () => {
    expect(host.url).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${host.port}/\\?token=[A-Za-z0-9_-]{32}$`));
  });

  it('refuses every request without the token', async () => {
    expect((await raw('/')).status).toBe(401);
    expect((await raw('/assets/app.js')).status).toBe(401);
    const call = await raw('/api/getAppInfo', { method: 'POST', body: '{}' });
    expect(call.status).toBe(401);
    expect(call.body).toContain('open the URL that `sluice ui` printed');
    expect((await raw('/?token=not-the-token')).status).toBe(401);
  });

  it('moves the token from the printed URL into an HttpOnly cookie and out of the address bar', async () => {
    const res = await raw(`/?token=${host.token}`);
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/');
    expect(String(res.headers['set-cookie'])).toBe(`${cookie()}; HttpOnly; SameSite=Strict; Path=/`);
    const page = await raw('/', { headers: { cookie: cookie() } });
    expect(page.status).toBe(200);
    expect(page.body).toContain('<div id="root">');
    expect(page.headers['content-security-policy']).toContain("default-src 'self'");
    expect((await raw('/assets/app.js', { headers: { cookie: cookie() } })).body).toBe('console.log("app")');
  });

  it('rejects a Host that is not its own (DNS rebinding), even with the token', async () => {
    const res = await raw('/api/getAppInfo', { method: 'POST', body: '{}', headers: { cookie: cookie(), host: `evil.example:${host.port}` } });
    expect(res.status).toBe(403);
    expect(res.body).toContain('Host `evil.example:');
  });

  it('rejects an Origin that is not its own (cross-site calls), even with the token', async () => {
    const res = await raw('/api/getAppInfo', { method: 'POST', body: '{}', headers: { cookie: cookie(), origin: 'https://evil.example' } });
    expect(res.status).toBe(403);
    expect(res.body).toContain('Origin `https://evil.example` is not allowed');
    const own = await raw('/api/getAppInfo', { method: 'POST', body: '{}', headers: { cookie: cookie(), origin: host.origin } });
    expect(own.status).toBe(200);
  });

  it('answers 404 for a method that is not in API_METHODS', async () => {
    const res = await raw('/api/deleteEverything', { method: 'POST', body: '{}', headers: { cookie: cookie() } });
    expect(res.status).toBe(404);
    expect(JSON.parse(res.body)).toEqual({ message: 'unknown method `deleteEverything`' });
    expect((await raw('/api/constructor', { method: 'POST', body: '{}', headers: { cookie: cookie() } })).status).toBe(404);
  });

  it('answers 400 when the body is not JSON', async () => {
    const res = await raw('/api/previewRequest', { method: 'POST', body: '{not json', headers: { cookie: cookie() } });
    expect(res.status).toBe(400);
  });

  it('serves the contract through the HTTP transport, with errors as data', async () => {
    const client = createHttpApi({ baseUrl: host.origin, token: host.token });
    expect(await client.getAppInfo({})).toMatchObject({ name: 'Sluice', version: '9.9.9', transport: 'http' });
    const preview = await client.previewRequest({ url: `${api.baseUrl}/hello` });
    expect(preview.status).toBe(200);
    const failure = await raw('/api/previewRequest', { method: 'POST', body: JSON.stringify({ url: 'nope' }), headers: { cookie: cookie() } });
    expect(failure.status).toBe(200);
    expect(JSON.parse(failure.body)).toMatchObject({ ok: false, error: { name: 'ConfigError', code: 'CONFIG_INVALID' } });
    await expect(client.previewRequest({ url: 'nope' })).rejects.toMatchObject({ code: 'CONFIG_INVALID' });
  });

  it('streams events as Server-Sent Events', async () => {
    const controller = new AbortController();
    const res = await fetch(`${host.origin}/api/events`, { headers: { cookie: cookie() }, signal: controller.signal });
    expect(res.headers.get('content-type')).toBe('text/event-stream');
    const reader = res.body!.getReader();
    await createHttpApi({ baseUrl: host.origin, token: host.token }).previewRequest({ url: `${api.baseUrl}/hello?access_token=abcd1234` });
    let text = '';
    while (!text.includes('event: log.entry')) text += new TextDecoder().decode((await reader.read()).value);
    while (!text.endsWith('\n\n')) text += new TextDecoder().decode((await reader.read()).value);
    controller.abort();
    const data = JSON.parse(/data: (.*)\n/.exec(text)![1]!) as { level: string; message: string };
    expect(data.level).toBe('info');
    expect(data.message).toBe(`GET ${api.baseUrl}/hello?access_token=*** → 200 in ${data.message.match(/in (\d+) ms/)![1]} ms`);
  });

  it('never serves files outside the renderer folder', async () => {
    for (const path of ['/%2e%2e/%2e%2e/etc/passwd', '/assets/..%2f..%2f..%2fetc%2fpasswd', '/..%5c..%5cetc%5cpasswd']) {
      const res = await raw(path, { headers: { cookie: cookie() } });
      expect(res.body, path).not.toContain('root:');
      // Either refused, or the app page itself (an unknown route falls back to index.html).
      if (res.status === 200) expect(res.body, path).toContain('<div id="root">');
      else expect([403, 404], path).toContain(res.status);
    }
  });
});
