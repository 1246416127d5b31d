import { sendJson, sendText, type Route } from '../api-server';

/** A few plain endpoints: JSON, text, a slow one and failing ones (the walking skeleton's needs). */
export const basicRoutes: Route[] = [
  { path: '/hello', handler: (_req, res) => sendJson(res, 200, { message: 'hello', items: [{ id: 1, name: 'alpha' }, { id: 2, name: 'bravo' }] }) },
  // 64-bit ids as JSON numbers, written as text: JSON.stringify of a number would round them already here
  { path: '/big-ids', handler: (_req, res) => sendText(res, 200, '{"items":[{"id":1234567890123456789,"name":"alpha"},{"id":1234567890123456790,"name":"bravo"}]}', 'application/json') },
  { path: '/text', handler: (_req, res) => sendText(res, 200, 'plain words, not JSON') },
  { path: '/echo-headers', handler: (req, res) => sendJson(res, 200, { headers: req.headers }) },
  {
    path: '/slow',
    handler: async (req, res) => {
      const ms = Number(req.url.searchParams.get('ms') ?? 2000);
      await new Promise((r) => setTimeout(r, ms));
      if (!res.destroyed) sendJson(res, 200, { slept: ms });
    },
  },
  { path: '/fail', handler: (_req, res) => sendJson(res, 500, { error: 'internal failure', detail: 'the database is on fire' }) },
  { path: '/html-error', handler: (_req, res) => sendText(res, 502, '<html><body><h1>502 Bad Gateway</h1></body></html>', 'text/html') },
];
