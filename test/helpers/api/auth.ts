import { sendJson, type ApiRequest, type ApiServer, type Route } from '../api-server';
import type { ServerResponse } from 'node:http';

/**
 * Endpoints that require one auth type each and answer 401 otherwise, plus an OAuth2 client-credentials token
 * endpoint whose tokens expire after `oauth.expires_in` seconds (state key, default 1) and can be revoked
 * (`oauth.revoked` = true makes every issued token invalid once).
 */
export const AUTH_SECRETS = {
  token: 'bearer-secret-token-123',
  apiKey: 'api-key-secret-456',
  username: 'ada',
  password: 'p@ss:wörd-789',
  clientId: 'client-abc',
  clientSecret: 'client-secret-xyz-000',
};

const items = { items: [{ id: 1 }, { id: 2 }] };
const deny = (res: ServerResponse, why: string): void => sendJson(res, 401, { error: 'unauthorized', why }, { 'www-authenticate': 'Bearer' });

interface IssuedToken { value: string; expiresAt: number }

function tokens(server: ApiServer): IssuedToken[] {
  let list = server.state.get('oauth.tokens') as IssuedToken[] | undefined;
  if (!list) server.state.set('oauth.tokens', (list = []));
  return list;
}

function clientCredentials(req: ApiRequest): { id: string | null; secret: string | null } {
  const header = req.headers.authorization;
  if (header?.startsWith('Basic ')) {
    const [id, secret] = Buffer.from(header.slice(6), 'base64').toString().split(':').map(decodeURIComponent);
    return { id: id ?? null, secret: secret ?? null };
  }
  const form = new URLSearchParams(req.body);
  return { id: form.get('client_id'), secret: form.get('client_secret') };
}

export const authRoutes: Route[] = [
  {
    path: '/auth/bearer',
    handler: (req, res) => req.headers.authorization === `Bearer ${AUTH_SECRETS.token}` ? sendJson(res, 200, items) : deny(res, 'bearer'),
  },
  {
    path: '/auth/api-key-header',
    handler: (req, res) => req.headers['x-api-key'] === AUTH_SECRETS.apiKey ? sendJson(res, 200, items) : deny(res, 'x-api-key header'),
  },
  {
    path: '/auth/api-key-query',
    handler: (req, res) => req.url.searchParams.get('api_key') === AUTH_SECRETS.apiKey ? sendJson(res, 200, items) : deny(res, 'api_key param'),
  },
  {
    path: '/auth/api-key-cookie',
    handler: (req, res) => {
      const cookies = (req.headers.cookie ?? '').split(/;\s*/).map((c) => c.split('='));
      const ok = cookies.some(([name, value]) => name === 'session_key' && decodeURIComponent(value ?? '') === AUTH_SECRETS.apiKey);
      if (ok) sendJson(res, 200, items);
      else deny(res, 'session_key cookie');
    },
  },
  {
    path: '/auth/basic',
    handler: (req, res) => {
      const expected = `Basic ${Buffer.from(`${AUTH_SECRETS.username}:${AUTH_SECRETS.password}`).toString('base64')}`;
      if (req.headers.authorization === expected) sendJson(res, 200, items);
      else deny(res, 'basic');
    },
  },
  {
    method: 'POST',
    path: '/oauth/token',
    handler: (req, res, server) => {
      const form = new URLSearchParams(req.body);
      const { id, secret } = clientCredentials(req);
      if (form.get('grant_type') !== 'client_credentials') return sendJson(res, 400, { error: 'unsupported_grant_type' });
      if (id !== AUTH_SECRETS.clientId || secret !== AUTH_SECRETS.clientSecret) return sendJson(res, 401, { error: 'invalid_client' });
      const required = server.state.get('oauth.scope') as string | undefined;
      if (required && form.get('scope') !== required) return sendJson(res, 400, { error: 'invalid_scope' });
      const list = tokens(server);
      const expiresIn = (server.state.get('oauth.expires_in') as number | undefined) ?? 1;
      const value = `access-${list.length + 1}-${Math.random().toString(36).slice(2)}`;
      list.push({ value, expiresAt: Date.now() + expiresIn * 1000 });
      const body: Record<string, unknown> = { access_token: value, token_type: 'Bearer' };
      if (!server.state.get('oauth.omit_expires_in')) body.expires_in = expiresIn;
      sendJson(res, 200, body);
    },
  },
  {
    path: '/auth/oauth/items',
    handler: (req, res, server) => {
      if (server.state.get('oauth.revoked')) {
        server.state.set('oauth.revoked', false);
        tokens(server).length = 0;
      }
      const value = req.headers.authorization?.replace(/^Bearer /, '');
      const token = tokens(server).find((t) => t.value === value);
      if (!token) return deny(res, 'unknown token');
      if (Date.now() >= token.expiresAt) return deny(res, 'expired token');
      sendJson(res, 200, { ...items, token_number: tokens(server).indexOf(token) + 1 });
    },
  },
];
