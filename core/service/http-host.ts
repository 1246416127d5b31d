import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';
import { isApiMethod, type PipelineApi } from '../api/contract';
import { TOKEN_HEADER } from '../api/http-transport';
import { settle } from '../api/result';
import type { EventHub } from './event-hub';

export interface HttpHostOptions {
  /** 0 or absent: a random free port. */
  port?: number;
  /** The built renderer (index.html and assets). */
  rendererDir: string;
  service: PipelineApi & { events: EventHub };
  /** Fixed token for tests; random per launch otherwise. */
  token?: string;
}

export interface HttpHost {
  /** The URL to open: carries the token once; the host then keeps it in a cookie. */
  url: string;
  origin: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 10 * 1024 * 1024;

/** Same policy as the Electron window: nothing remote, Monaco's workers and MUI's inline styles allowed. */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'", "script-src 'self'", "style-src 'self' 'unsafe-inline'", "img-src 'self' data:",
  "font-src 'self' data:", "worker-src 'self' blob:", "connect-src 'self'", "object-src 'none'", "base-uri 'none'",
  "frame-ancestors 'none'", "form-action 'none'",
].join('; ');

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8', '.json': 'application/json', '.svg': 'image/svg+xml', '.png': 'image/png',
  '.ico': 'image/x-icon', '.ttf': 'font/ttf', '.woff': 'font/woff', '.woff2': 'font/woff2', '.map': 'application/json',
};

/**
 * Browser mode: serves the renderer and the contract on 127.0.0.1 only. Every request must carry the per-launch
 * token (cookie, header, or the `token` query of the printed URL), and its Host and Origin must be this host's own,
 * so neither another site in the browser (cross-site requests) nor a rebinding DNS name can reach the API.
 */
export async function startHttpHost(options: HttpHostOptions): Promise<HttpHost> {
  const token = options.token ?? randomBytes(24).toString('base64url');
  const server = createServer();
  const sseClients = new Set<ServerResponse>();
  let port = 0;
  const cookieName = (): string => `sluice_token_${port}`;
  const allowedHosts = (): Set<string> => new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
  const allowedOrigins = (): Set<string> => new Set([`http://127.0.0.1:${port}`, `http://localhost:${port}`]);

  const tokenMatches = (candidate: string | undefined): boolean => {
    if (!candidate) return false;
    const a = Buffer.from(candidate);
    const b = Buffer.from(token);
    return a.length === b.length && timingSafeEqual(a, b);
  };

  const presentedToken = (req: IncomingMessage): string | undefined => {
    const header = req.headers[TOKEN_HEADER];
    if (typeof header === 'string') return header;
    const cookies = req.headers.cookie?.split(';').map((c) => c.trim().split('=')) ?? [];
    return cookies.find(([name]) => name === cookieName())?.[1];
  };

  server.on('request', (req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) sendJson(res, 500, { message: `internal error: ${String(error)}` });
      else res.end();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    res.setHeader('x-content-type-options', 'nosniff');
    res.setHeader('referrer-policy', 'no-referrer');
    if (!allowedHosts().has(req.headers.host ?? '')) {
      return sendText(res, 403, `Host \`${req.headers.host ?? ''}\` is not allowed; open http://127.0.0.1:${port}/`);
    }
    const origin = req.headers.origin;
    if (origin !== undefined && !allowedOrigins().has(origin)) {
      return sendText(res, 403, `Origin \`${origin}\` is not allowed: the Sluice host only answers its own pages`);
    }
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
    const queryToken = url.searchParams.get('token') ?? undefined;
    if (req.method === 'GET' && queryToken !== undefined) {
      if (!tokenMatches(queryToken)) return sendText(res, 401, 'This link\'s token is not valid for this launch; use the URL that `sluice ui` printed.');
      // Keep the token in a cookie, and drop it from the address bar and history.
      url.searchParams.delete('token');
      res.writeHead(303, {
        'set-cookie': `${cookieName()}=${token}; HttpOnly; SameSite=Strict; Path=/`,
        location: url.pathname + url.search,
      });
      res.end();
      return;
    }
    if (!tokenMatches(presentedToken(req))) {
      return sendText(res, 401, 'Sluice needs the per-launch token: open the URL that `sluice ui` printed.');
    }
    if (url.pathname === '/api/events' && req.method === 'GET') return openEventStream(res);
    if (url.pathname.startsWith('/api/')) return handleApi(req, res, url.pathname.slice('/api/'.length));
    if (req.method !== 'GET' && req.method !== 'HEAD') return sendText(res, 405, `${req.method} is not allowed here`);
    return serveStatic(res, url.pathname);
  }

  async function handleApi(req: IncomingMessage, res: ServerResponse, method: string): Promise<void> {
    if (!isApiMethod(method)) return sendJson(res, 404, { message: `unknown method \`${method}\`` });
    if (req.method !== 'POST') return sendJson(res, 405, { message: `use POST /api/${method}` });
    let input: unknown;
    try {
      const raw = await readBody(req);
      input = raw.length === 0 ? {} : JSON.parse(raw);
    } catch (error) {
      return sendJson(res, 400, { message: `the request body must be one JSON object: ${(error as Error).message}` });
    }
    const call = options.service[method] as (input: unknown) => Promise<unknown>;
    const result = await settle(() => call.call(options.service, input));
    sendJson(res, 200, result);
  }

  function openEventStream(res: ServerResponse): void {
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
    res.write(': connected\n\n');
    sseClients.add(res);
    res.on('close', () => sseClients.delete(res));
  }

  async function serveStatic(res: ServerResponse, pathname: string): Promise<void> {
    const root = normalize(options.rendererDir);
    let file = normalize(join(root, decodeURIComponent(pathname)));
    if (file !== root && !file.startsWith(root + sep)) return sendText(res, 403, 'outside the app folder');
    let info = await stat(file).catch(() => undefined);
    if (!info?.isFile()) {
      if (extname(pathname)) return sendText(res, 404, `not found: ${pathname}`);
      file = join(root, 'index.html');
      info = await stat(file).catch(() => undefined);
      if (!info?.isFile()) return sendText(res, 503, `the renderer is not built in ${root}: run \`npm run build\``);
    }
    const type = CONTENT_TYPES[extname(file)] ?? 'application/octet-stream';
    const headers: Record<string, string | number> = { 'content-type': type, 'content-length': info.size };
    if (type.startsWith('text/html')) {
      headers['content-security-policy'] = CONTENT_SECURITY_POLICY;
      headers['cache-control'] = 'no-store';
    }
    res.writeHead(200, headers);
    createReadStream(file).pipe(res);
  }

  const offEvents = options.service.events.onAny((event, payload) => {
    const frame = `event: ${event}\ndata: ${JSON.stringify(payload)}\n\n`;
    for (const client of sseClients) client.write(frame);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  const origin = `http://127.0.0.1:${port}`;
  return {
    url: `${origin}/?token=${token}`,
    origin,
    port,
    token,
    close: () => new Promise<void>((resolve) => {
      offEvents();
      for (const client of sseClients) client.end();
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new Error(`body larger than ${MAX_BODY_BYTES} bytes`));
        req.destroy();
      } else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

function sendText(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}
