import { sendJson, sendText, type ApiServer, type Route } from '../api-server';

/**
 * Misbehaving endpoints. Counters live in `server.state` under `faults.<name>`, so `?n=3` means "fail the first 3
 * requests of this test's server, then answer normally".
 */
function count(server: ApiServer, key: string): number {
  const n = ((server.state.get(key) as number | undefined) ?? 0) + 1;
  server.state.set(key, n);
  return n;
}

const ok = { items: [{ id: 1 }, { id: 2 }, { id: 3 }] };

export const faultRoutes: Route[] = [
  {
    path: '/faults/429-seconds',
    handler: (req, res, server) => {
      const fails = Number(req.url.searchParams.get('n') ?? 2);
      if (count(server, 'faults.429s') <= fails) return sendJson(res, 429, { error: 'slow down' }, { 'retry-after': req.url.searchParams.get('after') ?? '1' });
      sendJson(res, 200, ok);
    },
  },
  {
    path: '/faults/429-date',
    handler: (req, res, server) => {
      if (count(server, 'faults.429d') <= 1) {
        const when = new Date(Date.now() + Number(req.url.searchParams.get('ms') ?? 60_000)).toUTCString();
        return sendJson(res, 429, { error: 'slow down' }, { 'retry-after': when });
      }
      sendJson(res, 200, ok);
    },
  },
  {
    path: '/faults/503-burst',
    handler: (req, res, server) => {
      const fails = Number(req.url.searchParams.get('n') ?? 3);
      if (count(server, 'faults.503') <= fails) return sendText(res, 503, 'Service Unavailable: try later');
      sendJson(res, 200, ok);
    },
  },
  {
    // Sends headers and half a body, then kills the socket.
    path: '/faults/reset-mid-body',
    handler: (req, res, server) => {
      const fails = Number(req.url.searchParams.get('n') ?? 1);
      if (count(server, 'faults.reset') <= fails) {
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': '1000' });
        res.write('{"items": [{"id": 1}, {"id"');
        setTimeout(() => res.socket?.destroy(), 5);
        return;
      }
      sendJson(res, 200, ok);
    },
  },
  {
    // The first `n` answers come after `ms` (longer than the client's timeout), then answers are immediate.
    path: '/faults/slow',
    handler: async (req, res, server) => {
      const fails = Number(req.url.searchParams.get('n') ?? 1);
      if (count(server, 'faults.slow') <= fails) await new Promise((r) => setTimeout(r, Number(req.url.searchParams.get('ms') ?? 500)));
      if (!res.destroyed && !res.writableEnded) sendJson(res, 200, ok);
    },
  },
  { path: '/faults/malformed', handler: (_req, res) => sendText(res, 200, '{"items": [{"id": 1}, {"id": 2,, ]}', 'application/json') },
  {
    path: '/faults/html-error',
    handler: (_req, res) => sendText(res, 500, `<!DOCTYPE html><html><head><title>500</title></head><body><h1>Internal Server Error</h1>${'<p>stack frame</p>'.repeat(100)}</body></html>`, 'text/html'),
  },
  { path: '/faults/html-200', handler: (_req, res) => sendText(res, 200, '<html><body>Please log in</body></html>', 'text/html') },
  { path: '/faults/empty', handler: (_req, res) => sendText(res, 200, '', 'application/json') },
  { path: '/faults/echo-secret', handler: (req, res) => sendJson(res, 403, { error: 'forbidden', you_sent: req.headers.authorization ?? req.url.search }) },
  {
    // Page 1 links to page 2, and page 2 links to itself.
    path: '/faults/loop',
    handler: (req, res) => {
      const page = Number(req.url.searchParams.get('page') ?? 1);
      sendJson(res, 200, { data: [{ id: page }], next: `/faults/loop?page=2` });
    },
  },
  {
    // The cursor repeats: c1 → c2 → c1.
    path: '/faults/cursor-loop',
    handler: (req, res) => {
      const cursor = req.url.searchParams.get('cursor');
      sendJson(res, 200, { data: [{ cursor }], next_cursor: cursor === 'c1' ? 'c2' : 'c1' });
    },
  },
  {
    // One page with `n` records (default 50 000, several MB).
    path: '/faults/huge',
    handler: (req, res) => {
      const n = Number(req.url.searchParams.get('n') ?? 50_000);
      const records = Array.from({ length: n }, (_, i) => ({ id: i + 1, name: `record-${i + 1}`, padding: 'x'.repeat(40) }));
      sendJson(res, 200, { items: records });
    },
  },
  {
    // Rate-limit signalled in a 200 body (for `response_actions` retry), then data.
    path: '/faults/soft-limit',
    handler: (_req, res, server) => {
      if (count(server, 'faults.soft') <= 2) return sendJson(res, 200, { status: 'RATE_LIMITED', items: [] });
      sendJson(res, 200, ok);
    },
  },
  { path: '/faults/not-found', handler: (_req, res) => sendJson(res, 404, { message: 'no such thing' }) },
  { path: '/faults/maintenance', handler: (_req, res) => sendJson(res, 200, { error: 'ACCOUNT_SUSPENDED', items: [] }) },
];
