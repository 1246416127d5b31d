import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendJson, startApiServer, type ApiServer } from '../../helpers/api-server';
import { authRoutes, AUTH_SECRETS } from '../../helpers/api/auth';
import { faultRoutes } from '../../helpers/api/faults';
import { RestClient, Redactor, type Page } from '../../../core/http';
import { AuthBase, createAuth, registerAuth, OAuth2ClientCredentialsAuth, type AuthConfig, type AuthRequest } from '../../../core/auth';

let server: ApiServer;
beforeAll(async () => { server = await startApiServer([...authRoutes, ...faultRoutes]); });
afterAll(async () => { await server.close(); });

const FAST = { backoffFactor: 0.002, maxDelayMs: 20 };

function client(auth: AuthConfig | AuthBase | undefined, redactor = new Redactor()): RestClient {
  return new RestClient({ baseUrl: server.baseUrl, auth, redactor, retry: FAST });
}

async function rejection(promise: Promise<unknown>): Promise<Error & { code: string }> {
  try {
    await promise;
  } catch (error) {
    return error as Error & { code: string };
  }
  throw new Error('expected a failure');
}

async function firstPage(c: RestClient, path: string): Promise<Page> {
  for await (const page of c.paginate(path, { paginator: 'single_page' })) return page;
  throw new Error('no page');
}

const cases: Array<{ name: string; path: string; auth: AuthConfig; header?: string }> = [
  { name: 'bearer', path: '/auth/bearer', auth: { type: 'bearer', token: AUTH_SECRETS.token }, header: 'authorization' },
  { name: 'bearer without type', path: '/auth/bearer', auth: { token: AUTH_SECRETS.token }, header: 'authorization' },
  { name: 'api_key in a header', path: '/auth/api-key-header', auth: { type: 'api_key', name: 'X-API-Key', api_key: AUTH_SECRETS.apiKey }, header: 'x-api-key' },
  { name: 'api_key in the query', path: '/auth/api-key-query', auth: { type: 'api_key', name: 'api_key', api_key: AUTH_SECRETS.apiKey, location: 'query' } },
  { name: 'api_key in a cookie', path: '/auth/api-key-cookie', auth: { type: 'api_key', name: 'session_key', api_key: AUTH_SECRETS.apiKey, location: 'cookie' }, header: 'cookie' },
  { name: 'http_basic', path: '/auth/basic', auth: { type: 'http_basic', username: AUTH_SECRETS.username, password: AUTH_SECRETS.password }, header: 'authorization' },
];

describe('each auth type is accepted by its endpoint, which answers 401 without it', () => {
  it.each(cases)('$name', async ({ path, auth, header }) => {
    const error = await client(undefined).get(path).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'HTTP_STATUS', status: 401 });

    const redactor = new Redactor();
    const page = await firstPage(client(auth, redactor), path);
    expect(page.records).toEqual([{ id: 1 }, { id: 2 }]);
    // The page shows the request with the credential masked, wherever it went.
    const shown = JSON.stringify(page.request);
    for (const secret of [AUTH_SECRETS.token, AUTH_SECRETS.apiKey, AUTH_SECRETS.password, encodeURIComponent(AUTH_SECRETS.apiKey)]) {
      expect(shown).not.toContain(secret);
    }
    if (header) expect(page.request.headers[header]).toMatch(/\*\*\*/);
    else expect(page.request.url).toBe(`${server.baseUrl}${path}?api_key=***`);
    expect(redactor.secretCount).toBeGreaterThan(0);
  });
});

describe('oauth2_client_credentials', () => {
  const config = (extra: Partial<Record<string, unknown>> = {}): AuthConfig => ({
    type: 'oauth2_client_credentials', access_token_url: `${server.baseUrl}/oauth/token`,
    client_id: AUTH_SECRETS.clientId, client_secret: AUTH_SECRETS.clientSecret, ...extra,
  });

  const tokenRequests = (): number => server.requests.filter((r) => r.path === '/oauth/token').length;

  it('fetches the token lazily, once, and reuses it for every request', async () => {
    server.state.clear();
    server.state.set('oauth.expires_in', 3600);
    await expect(client(undefined).get('/auth/oauth/items')).rejects.toMatchObject({ code: 'HTTP_STATUS', status: 401 });
    const before = tokenRequests();
    const c = client(config());
    expect(tokenRequests() - before).toBe(0);
    await c.get('/auth/oauth/items');
    await c.get('/auth/oauth/items');
    const response = await c.get('/auth/oauth/items');
    expect(response.json()).toMatchObject({ token_number: 1 });
    expect(tokenRequests() - before).toBe(1);
  });

  it('sends the client credentials in a Basic header when asked (dlt#4206), and extra request data', async () => {
    server.state.clear();
    server.state.set('oauth.scope', 'read:items');
    const before = server.requests.length;
    await client(config({ client_credentials_location: 'header', access_token_request_data: { scope: 'read:items' } })).get('/auth/oauth/items');
    const tokenCall = server.requests.slice(before).find((r) => r.path === '/oauth/token')!;
    expect(tokenCall.headers.authorization).toMatch(/^Basic /);
    expect(tokenCall.body).not.toContain('client_secret');
    expect(new URLSearchParams(tokenCall.body).get('scope')).toBe('read:items');
  });

  it('refreshes a token that expires in seconds before it expires', async () => {
    server.state.clear();
    server.state.set('oauth.expires_in', 1);
    const c = client(config());
    const first = await c.get('/auth/oauth/items');
    expect(first.json()).toMatchObject({ token_number: 1 });
    await new Promise((r) => setTimeout(r, 950)); // past the refresh point (90% of 1 s), before the server's expiry
    const second = await c.get('/auth/oauth/items');
    expect(second.json()).toMatchObject({ token_number: 2 });
    expect(second.retries).toEqual([]); // refreshed ahead of time, not after a 401
  });

  it('refetches the token once on a 401 and retries the request once', async () => {
    server.state.clear();
    server.state.set('oauth.expires_in', 3600);
    const auth = createAuth(config(), { redactor: new Redactor() }) as OAuth2ClientCredentialsAuth;
    const c = client(auth);
    await c.get('/auth/oauth/items');
    server.state.set('oauth.revoked', true);
    const response = await c.get('/auth/oauth/items');
    expect(response.json()).toMatchObject({ token_number: 1 });
    expect(auth.tokenRequests).toBe(2);
    expect(response.retries).toHaveLength(1);
    expect(response.retries[0]).toMatchObject({ status: 401, reason: '401 Unauthorized: credentials refreshed', delayMs: 0 });
  });

  it('a refused token request is an AuthError that does not leak the client secret', async () => {
    const redactor = new Redactor();
    const c = client(config({ client_secret: 'wrong-secret-value' }), redactor);
    const error = await rejection(c.get('/auth/oauth/items'));
    expect(error.code).toBe('AUTH_FAILED');
    expect(error.message).toBe(`OAuth2 token request to ${server.baseUrl}/oauth/token failed: 401 Unauthorized: {"error":"invalid_client"}`);
    expect(error.message).not.toContain('wrong-secret-value');
  });

  it('the access token is masked in what the page shows', async () => {
    server.state.clear();
    server.state.set('oauth.expires_in', 3600);
    const redactor = new Redactor();
    const page = await firstPage(client(config(), redactor), '/auth/oauth/items');
    expect(page.request.headers.authorization).toBe('Bearer ***');
    const token = server.requests.filter((r) => r.path === '/auth/oauth/items').at(-1)!.headers.authorization!.slice(7);
    expect(redactor.redactText(`token=${token}`)).toBe('token=***');
  });
});

describe('custom auth', () => {
  class SignatureAuth extends AuthBase {
    readonly type = 'signature';
    constructor(private readonly key: string) { super(); }
    apply(request: AuthRequest): void {
      request.headers.set('Authorization', `Bearer ${this.key}`);
    }
  }

  it('is registered by name and used from a config', async () => {
    registerAuth('signature', (c, { redactor }) => {
      redactor.registerSecret(c.key as string);
      return new SignatureAuth(c.key as string);
    });
    const redactor = new Redactor();
    const page = await firstPage(client({ type: 'signature', key: AUTH_SECRETS.token }, redactor), '/auth/bearer');
    expect(page.records).toHaveLength(2);
    expect(redactor.redactText(AUTH_SECRETS.token)).toBe('***');
  });

  it('an instance can be passed directly', async () => {
    const page = await firstPage(client(new SignatureAuth(AUTH_SECRETS.token)), '/auth/bearer');
    expect(page.records).toHaveLength(2);
  });
});

describe('secrets echoed by a server never reach an error message', () => {
  it('a 403 body that repeats the bearer token is masked', async () => {
    const redactor = new Redactor();
    const error = await rejection(client({ token: AUTH_SECRETS.token }, redactor).get('/faults/echo-secret'));
    expect(error.message).toBe(`GET ${server.baseUrl}/faults/echo-secret failed: 403 Forbidden: {"error":"forbidden","you_sent":"Bearer ***"}`);
  });

  it('a query api key echoed back is masked in URL and body', async () => {
    const redactor = new Redactor();
    const error = await rejection(client({ type: 'api_key', name: 'key', api_key: AUTH_SECRETS.apiKey, location: 'query' }, redactor).get('/faults/echo-secret'));
    expect(error.message).toBe(`GET ${server.baseUrl}/faults/echo-secret?key=*** failed: 403 Forbidden: {"error":"forbidden","you_sent":"?key=***"}`);
  });
});

describe('oauth2 under concurrency', () => {
  it('parallel first requests share one token request', async () => {
    server.state.clear();
    server.state.set('oauth.expires_in', 3600);
    const before = server.requests.filter((r) => r.path === '/oauth/token').length;
    const c = client({ type: 'oauth2_client_credentials', access_token_url: `${server.baseUrl}/oauth/token`, client_id: AUTH_SECRETS.clientId, client_secret: AUTH_SECRETS.clientSecret });
    const responses = await Promise.all(Array.from({ length: 5 }, () => c.get('/auth/oauth/items')));
    expect(responses.every((r) => r.status === 200)).toBe(true);
    expect(server.requests.filter((r) => r.path === '/oauth/token').length - before).toBe(1);
  });
});

describe('credentials stay on the origin the walk started on', () => {
  it('a next link to another host is followed without the Authorization header', async () => {
    const other = await startApiServer([
      { path: '/elsewhere', handler: (req, res) => sendJson(res, 200, { data: [{ auth: req.headers.authorization ?? null }], next: null }) },
    ]);
    try {
      server.addRoutes([
        { path: '/auth/hop', handler: (req, res) => sendJson(res, 200, { data: [{ auth: req.headers.authorization ?? null }], next: `${other.baseUrl}/elsewhere` }) },
      ]);
      const records: unknown[] = [];
      for await (const page of client({ token: AUTH_SECRETS.token }).paginate('/auth/hop', { paginator: 'json_link' })) records.push(...page.records);
      expect(records).toEqual([{ auth: `Bearer ${AUTH_SECRETS.token}` }, { auth: null }]);
    } finally {
      await other.close();
    }
  });
});

describe('configured headers that carry credentials stay on the origin too', () => {
  it('a header holding a secret, or named like a credential, is not sent to another host; plain headers are', async () => {
    const other = await startApiServer([
      { path: '/elsewhere', handler: (req, res) => sendJson(res, 200, { data: [{ custom: req.headers['x-custom'] ?? null, key: req.headers['x-api-key'] ?? null, trace: req.headers['x-trace'] ?? null }], next: null }) },
    ]);
    try {
      server.addRoutes([
        { path: '/hdr/hop', handler: (req, res) => sendJson(res, 200, { data: [{ custom: req.headers['x-custom'] ?? null, key: req.headers['x-api-key'] ?? null, trace: req.headers['x-trace'] ?? null }], next: `${other.baseUrl}/elsewhere` }) },
      ]);
      const redactor = new Redactor();
      redactor.registerSecret('s3cr3t-header-value');
      const c = new RestClient({
        baseUrl: server.baseUrl, redactor, retry: FAST,
        headers: { 'X-Custom': 'Token s3cr3t-header-value', 'X-Api-Key': 'literal-key', 'X-Trace': 'run-7' },
      });
      const records: unknown[] = [];
      for await (const page of c.paginate('/hdr/hop', { paginator: 'json_link' })) records.push(...page.records);
      expect(records).toEqual([
        { custom: 'Token s3cr3t-header-value', key: 'literal-key', trace: 'run-7' },
        { custom: null, key: null, trace: 'run-7' },
      ]);
    } finally {
      await other.close();
    }
  });
});

describe('oauth2 token lifetime without expires_in', () => {
  it('uses default_token_expiration and refreshes ahead of it', async () => {
    server.state.clear();
    server.state.set('oauth.expires_in', 3600);
    server.state.set('oauth.omit_expires_in', true);
    let now = 1_000_000;
    const auth = new OAuth2ClientCredentialsAuth({
      accessTokenUrl: `${server.baseUrl}/oauth/token`, clientId: AUTH_SECRETS.clientId, clientSecret: AUTH_SECRETS.clientSecret,
      defaultTokenExpiration: 100, redactor: new Redactor(), now: () => now,
    });
    const c = client(auth);
    await c.get('/auth/oauth/items');
    now += 89_000; // before the refresh point (90 s of 100 s)
    await c.get('/auth/oauth/items');
    expect(auth.tokenRequests).toBe(1);
    now += 2_000;
    await c.get('/auth/oauth/items');
    expect(auth.tokenRequests).toBe(2);
  });
});
