import { sendJson, type ApiRequest, type Route } from '../api-server';

/**
 * One endpoint family per pagination style, all serving the same 250 records `{ id, name }` (ids 1..250) so a test
 * can check that every record arrives exactly once and in order. Page sizes come from the request where the style
 * has one, otherwise they are fixed (see each route).
 */
export const STYLE_RECORD_COUNT = 250;

export function styleRecords(from: number, to: number): Array<{ id: number; name: string }> {
  const out = [];
  for (let i = from; i < Math.min(to, STYLE_RECORD_COUNT); i++) out.push({ id: i + 1, name: `item-${i + 1}` });
  return out;
}

const int = (req: ApiRequest, name: string, fallback: number): number => {
  const raw = req.url.searchParams.get(name);
  return raw === null ? fallback : Number(raw);
};
const origin = (req: ApiRequest): string => `http://${req.headers.host}`;
/** Opaque cursors, as real APIs hand out. */
const encodeCursor = (offset: number): string => Buffer.from(`o:${offset}`).toString('base64url');
const decodeCursor = (cursor: string | null | undefined): number => (cursor ? Number(Buffer.from(cursor, 'base64url').toString().slice(2)) : 0);

export const paginationStyleRoutes: Route[] = [
  {
    // GitHub: ?page=N&per_page=P (pages from 1), Link header with next/prev/first/last as absolute URLs.
    path: '/link/items',
    handler: (req, res) => {
      const page = int(req, 'page', 1);
      const perPage = int(req, 'per_page', 30);
      const last = Math.ceil(STYLE_RECORD_COUNT / perPage);
      const link = (p: number): string => `${origin(req)}/link/items?per_page=${perPage}&page=${p}`;
      const parts = [];
      if (page < last) parts.push(`<${link(page + 1)}>; rel="next"`, `<${link(last)}>; rel="last"`);
      if (page > 1) parts.push(`<${link(1)}>; rel="first"`, `<${link(page - 1)}>; rel="prev"`);
      sendJson(res, 200, styleRecords((page - 1) * perPage, page * perPage), parts.length ? { link: parts.join(', ') } : {});
    },
  },
  {
    // JSON next URL, absolute; 100 per page.
    path: '/json-link/absolute',
    handler: (req, res) => {
      const page = int(req, 'page', 1);
      const more = page * 100 < STYLE_RECORD_COUNT;
      sendJson(res, 200, { results: styleRecords((page - 1) * 100, page * 100), next: more ? `${origin(req)}/json-link/absolute?page=${page + 1}` : null });
    },
  },
  {
    // JSON next URL, relative to the request URL (`relative?page=2`), nested under `links.next`; 100 per page.
    path: '/json-link/relative',
    handler: (req, res) => {
      const page = int(req, 'page', 1);
      const more = page * 100 < STYLE_RECORD_COUNT;
      sendJson(res, 200, { data: styleRecords((page - 1) * 100, page * 100), links: { next: more ? `relative?page=${page + 1}` : null } });
    },
  },
  {
    // Cursor in the body at `cursors.next`, sent back as ?cursor=; 100 per page; the last page has no cursor.
    path: '/cursor/body',
    handler: (req, res) => {
      const offset = decodeCursor(req.url.searchParams.get('cursor'));
      const next = offset + 100 < STYLE_RECORD_COUNT ? encodeCursor(offset + 100) : null;
      sendJson(res, 200, { data: styleRecords(offset, offset + 100), cursors: { next } });
    },
  },
  {
    // Cursor in the `X-Next-Cursor` response header, sent back as ?cursor=; 100 per page.
    path: '/cursor/header',
    handler: (req, res) => {
      const offset = decodeCursor(req.url.searchParams.get('cursor'));
      const headers: Record<string, string> = offset + 100 < STYLE_RECORD_COUNT ? { 'x-next-cursor': encodeCursor(offset + 100) } : {};
      sendJson(res, 200, { items: styleRecords(offset, offset + 100) }, headers);
    },
  },
  {
    // POST search API: the cursor goes back in the JSON body at `page.cursor`; `has_more` false on the last page.
    method: 'POST',
    path: '/cursor/post',
    handler: (req, res) => {
      const body = (req.json ?? {}) as { query?: string; page?: { cursor?: string; size?: number } };
      if (body.query !== 'all') return sendJson(res, 400, { error: 'query must be "all"' });
      const size = body.page?.size ?? 100;
      const offset = decodeCursor(body.page?.cursor);
      const more = offset + size < STYLE_RECORD_COUNT;
      sendJson(res, 200, { hits: styleRecords(offset, offset + size), next_cursor: more ? encodeCursor(offset + size) : 'end', has_more: more });
    },
  },
  {
    path: '/offset/total',
    handler: (req, res) => {
      const offset = int(req, 'offset', 0);
      const limit = int(req, 'limit', 10);
      sendJson(res, 200, { items: styleRecords(offset, offset + limit), total: STYLE_RECORD_COUNT });
    },
  },
  {
    path: '/offset/no-total',
    handler: (req, res) => {
      const offset = int(req, 'offset', 0);
      const limit = int(req, 'limit', 10);
      sendJson(res, 200, { items: styleRecords(offset, offset + limit) });
    },
  },
  {
    path: '/offset/has-more',
    handler: (req, res) => {
      const offset = int(req, 'offset', 0);
      const limit = int(req, 'limit', 10);
      sendJson(res, 200, { items: styleRecords(offset, offset + limit), meta: { has_more: offset + limit < STYLE_RECORD_COUNT } });
    },
  },
  {
    // Page numbers from 1 with `total_pages`; 100 per page.
    path: '/page/total-pages',
    handler: (req, res) => {
      const page = int(req, 'page', 1);
      sendJson(res, 200, { data: styleRecords((page - 1) * 100, page * 100), page, total_pages: Math.ceil(STYLE_RECORD_COUNT / 100) });
    },
  },
  {
    // Page numbers from 1 with `total: null` (dlt#4429); 100 per page, then empty pages.
    path: '/page/null-total',
    handler: (req, res) => {
      const page = int(req, 'page', 1);
      sendJson(res, 200, { data: styleRecords((page - 1) * 100, page * 100), total: null });
    },
  },
  {
    path: '/single/:id',
    handler: (req, res) => {
      const id = Number(req.params.id);
      if (!(id >= 1 && id <= STYLE_RECORD_COUNT)) return sendJson(res, 404, { message: `no item ${req.params.id}` });
      sendJson(res, 200, { id, name: `item-${id}`, tags: ['a', 'b'] });
    },
  },
  {
    // `pages` pages (default 3) that report which client port served them: same port = the connection was reused.
    path: '/conn/pages',
    handler: (req, res) => {
      const page = int(req, 'page', 1);
      const pages = int(req, 'pages', 3);
      const next = page < pages ? `/conn/pages?pages=${pages}&page=${page + 1}` : null;
      sendJson(res, 200, { data: [{ page, port: req.raw.socket.remotePort }], next });
    },
  },
  {
    // POST paging in the body: `{ "paging": { "offset", "limit" } }` or `{ "page": n }` (from 1), total pages in `pages`.
    method: 'POST',
    path: '/body/items',
    handler: (req, res) => {
      const body = (req.json ?? {}) as { paging?: { offset?: number; limit?: number }; page?: number };
      if (body.page !== undefined) return sendJson(res, 200, { items: styleRecords((body.page - 1) * 100, body.page * 100), pages: 3 });
      const offset = body.paging?.offset ?? 0;
      const limit = body.paging?.limit ?? 10;
      sendJson(res, 200, { items: styleRecords(offset, offset + limit), total: STYLE_RECORD_COUNT });
    },
  },
  {
    // Echoes what arrived, for checking bodies and headers.
    path: '/echo/request',
    handler: (req, res) => sendJson(res, 200, { method: req.method, query: req.url.search, headers: req.headers, body: req.body }),
  },
];
