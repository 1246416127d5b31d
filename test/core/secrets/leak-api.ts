import type { ServerResponse } from 'node:http';
import { sendJson, sendText, type ApiRequest, type ApiServer, type Route } from '../../helpers/api-server';

/**
 * Known credentials, with characters that encoders treat differently (space, `+`, `/`, `:`, `&`, non-ASCII), so
 * every encoded form differs from the raw one.
 */
export const LEAK_SECRETS = {
  token: 'tok_Leak+/=7Q9z secret',
  api_key: 'ak-leak key&9!(x)',
  password: 'pw:leak/ü 42',
  client_secret: 'cs~leak secret*99',
};
export const LEAK_USERNAME = 'leaky_user';
export const LEAK_CLIENT_ID = 'leak-client';

/** Everything the request carried that could hold a credential, echoed back (what careless APIs do). */
function echo(req: ApiRequest): Record<string, unknown> {
  const authorization = req.headers.authorization ?? '';
  const basic = authorization.startsWith('Basic ') ? Buffer.from(authorization.slice(6), 'base64').toString() : '';
  return {
    received_authorization: authorization,
    decoded_basic: basic,
    received_url: req.url.toString(),
    received_query: Object.fromEntries(req.url.searchParams),
    received_body: req.body,
  };
}

/** The credential a request carried, raw: whatever auth it used. */
function credentialOf(req: ApiRequest): string {
  const authorization = req.headers.authorization ?? '';
  if (authorization.startsWith('Basic ')) return Buffer.from(authorization.slice(6), 'base64').toString().split(':').slice(1).join(':');
  if (authorization.startsWith('Bearer ')) return authorization.slice(7);
  return req.url.searchParams.get('credential') ?? '';
}

const deny = (req: ApiRequest, res: ServerResponse): void => sendJson(res, 401, { error: 'bad credentials', ...echo(req) });

export const leakRoutes: Route[] = [
  { path: '/leak/ok-echo', handler: (req, res) => sendJson(res, 200, { items: [{ id: 1, note: `you sent ${credentialOf(req)}`, ...echo(req) }] }) },
  { path: '/leak/401', handler: (req, res) => deny(req, res) },
  {
    path: '/leak/500-echo',
    handler: (req, res) => sendText(res, 500, `Internal error while handling ${JSON.stringify(echo(req))} credential=${credentialOf(req)}`),
  },
  {
    // Longer than the client's timeout in the timeout scenario (0.3 s).
    path: '/leak/timeout',
    handler: async (req, res) => {
      await new Promise((r) => setTimeout(r, 1500));
      if (!res.writableEnded && !res.destroyed) sendJson(res, 200, { items: [] });
    },
  },
  {
    path: '/leak/malformed',
    handler: (req, res) => sendText(res, 200, `{"items": [{"id": 1, "token": "${credentialOf(req)}", "auth": ${JSON.stringify(echo(req))}, oops`, 'application/json'),
  },
  {
    path: '/leak/redirect',
    handler: (req, res) => {
      const target = `/leak/landing?stolen=${encodeURIComponent(credentialOf(req))}&page=2`;
      res.writeHead(302, { location: target, 'content-length': '0' });
      res.end();
    },
  },
  { path: '/leak/landing', handler: (req, res) => sendText(res, 500, `landing failed for ${req.url.toString()}`) },
  {
    path: '/leak/reset',
    handler: (req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '500' });
      res.write(`{"items": [{"token": "${credentialOf(req)}"`);
      setTimeout(() => res.socket?.destroy(), 5);
    },
  },
  {
    method: 'POST',
    path: '/leak/oauth/token',
    handler: (req, res, server) => {
      const form = new URLSearchParams(req.body);
      if (form.get('client_secret') !== LEAK_SECRETS.client_secret && !req.headers.authorization) return sendJson(res, 401, { error: 'invalid_client', ...echo(req) });
      const token = `at-leak-${Math.random().toString(36).slice(2)}-access`;
      server.state.set('tokens', [...issuedTokens(server), token]);
      sendJson(res, 200, { access_token: token, token_type: 'Bearer', expires_in: 3600 });
    },
  },
  { method: 'POST', path: '/leak/oauth-fail/token', handler: (req, res) => sendJson(res, 401, { error: 'invalid_client', ...echo(req) }) },
];

export function issuedTokens(server: ApiServer): string[] {
  return (server.state.get('tokens') as string[] | undefined) ?? [];
}

export type AuthKind = 'bearer' | 'api_key' | 'http_basic' | 'oauth2';

/** The auth block for each kind, referring to secrets by name (or holding them literally, as many dlt configs do). */
export function authConfig(kind: AuthKind, baseUrl: string, literal = false, tokenPath = 'oauth/token'): Record<string, unknown> {
  const ref = (name: keyof typeof LEAK_SECRETS): string => (literal ? LEAK_SECRETS[name] : `{secrets.${name}}`);
  switch (kind) {
    case 'bearer': return { type: 'bearer', token: ref('token') };
    case 'api_key': return { type: 'api_key', name: 'credential', api_key: ref('api_key'), location: 'query' };
    case 'http_basic': return { type: 'http_basic', username: LEAK_USERNAME, password: ref('password') };
    case 'oauth2': return {
      type: 'oauth2_client_credentials', access_token_url: `${baseUrl}/leak/${tokenPath}`, client_id: LEAK_CLIENT_ID, client_secret: ref('client_secret'),
    };
  }
}

/** Every form a secret can leak in: raw, URL/form-encoded (any hex case), base64 and base64url, JSON-escaped. */
export function leakForms(secret: string): string[] {
  const pct = encodeURIComponent(secret);
  const forms = new Set([
    secret, pct, pct.replace(/%20/g, '+'), pct.replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase()),
    new URLSearchParams({ x: secret }).toString().slice(2), new URL(`http://h/?x=${secret}`).search.slice(3),
    Buffer.from(secret).toString('base64'), Buffer.from(secret).toString('base64url'), JSON.stringify(secret).slice(1, -1),
  ]);
  return [...forms];
}

/** Basic auth's wire form for the known username and password. */
export function basicForms(): string[] {
  const raw = `${LEAK_USERNAME}:${LEAK_SECRETS.password}`;
  return [Buffer.from(raw).toString('base64'), Buffer.from(`${LEAK_USERNAME}:${encodeURIComponent(LEAK_SECRETS.password)}`).toString('base64')];
}
