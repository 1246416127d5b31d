import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/**
 * The local API server every test talks to (127.0.0.1, port 0). Endpoint families live one per file in
 * test/helpers/api/ and register routes here; a test starts the server with the families it needs.
 */
export interface ApiRequest {
  method: string;
  /** Path without the query string. */
  path: string;
  url: URL;
  headers: IncomingMessage['headers'];
  body: string;
  /** Parsed JSON body, or undefined when the body is not JSON. */
  json: unknown;
  /** Path params from `:name` segments of the route. */
  params: Record<string, string>;
  raw: IncomingMessage;
}

export type RouteHandler = (req: ApiRequest, res: ServerResponse, server: ApiServer) => void | Promise<void>;

export interface Route {
  method?: string;
  /** `/items/:id` style pattern. */
  path: string;
  handler: RouteHandler;
}

export interface ApiServer {
  baseUrl: string;
  port: number;
  /** Every request seen, in order (method, path with query, headers, body). */
  requests: Array<{ method: string; url: string; path: string; headers: IncomingMessage['headers']; body: string }>;
  /** Free-form state a family keeps between requests (e.g. data that changes between runs). */
  state: Map<string, unknown>;
  addRoutes(routes: Route[]): void;
  close(): Promise<void>;
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

export function sendText(res: ServerResponse, status: number, body: string, contentType = 'text/plain', headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': contentType, 'content-length': Buffer.byteLength(body), ...headers });
  res.end(body);
}

function matchPath(pattern: string, path: string): Record<string, string> | undefined {
  const p = pattern.split('/');
  const s = path.split('/');
  if (p.length !== s.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < p.length; i++) {
    const part = p[i]!;
    if (part.startsWith(':')) params[part.slice(1)] = decodeURIComponent(s[i]!);
    else if (part !== s[i]) return undefined;
  }
  return params;
}

export async function startApiServer(routes: Route[] = []): Promise<ApiServer> {
  const table: Route[] = [...routes];
  const sockets = new Set<Socket>();
  const server: Server = createServer();
  const api: ApiServer = {
    baseUrl: '',
    port: 0,
    requests: [],
    state: new Map(),
    addRoutes: (more) => { table.push(...more); },
    close: () => new Promise((resolve) => {
      for (const socket of sockets) socket.destroy();
      server.close(() => resolve());
    }),
  };
  server.on('connection', (socket) => { sockets.add(socket); socket.on('close', () => sockets.delete(socket)); });
  server.on('request', (raw, res) => {
    const chunks: Buffer[] = [];
    raw.on('data', (c: Buffer) => chunks.push(c));
    raw.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const url = new URL(raw.url ?? '/', api.baseUrl);
      api.requests.push({ method: raw.method ?? 'GET', url: url.pathname + url.search, path: url.pathname, headers: raw.headers, body });
      let json: unknown;
      try { json = body ? JSON.parse(body) : undefined; } catch { json = undefined; }
      for (const route of table) {
        if (route.method && route.method !== raw.method) continue;
        const params = matchPath(route.path, url.pathname);
        if (!params) continue;
        const req: ApiRequest = { method: raw.method ?? 'GET', path: url.pathname, url, headers: raw.headers, body, json, params, raw };
        Promise.resolve(route.handler(req, res, api)).catch((error: unknown) => {
          if (!res.headersSent) sendJson(res, 500, { error: String(error) });
        });
        return;
      }
      sendJson(res, 404, { message: `no route for ${raw.method} ${url.pathname}` });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  api.port = port;
  api.baseUrl = `http://127.0.0.1:${port}`;
  return api;
}
