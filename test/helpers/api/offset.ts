import { sendJson, type Route } from '../api-server';

/**
 * An offset/limit API like the one in dlt's OffsetPaginator docs: `GET /items?offset&limit` →
 * `{"items": [...], "total": N}`. `limit` is capped at `maxLimit`.
 */
export function offsetRoutes(options: { total?: number; maxLimit?: number } = {}): Route[] {
  const total = options.total ?? 250;
  const maxLimit = options.maxLimit ?? 100;
  const items = Array.from({ length: total }, (_, i) => ({ id: i + 1, name: `item ${i + 1}`, price: Math.round((i + 1) * 1.5 * 100) / 100 }));
  return [{
    method: 'GET', path: '/items',
    handler: (req, res) => {
      const offset = Number(req.url.searchParams.get('offset') ?? 0);
      const limit = Math.min(Number(req.url.searchParams.get('limit') ?? 10), maxLimit);
      if (!Number.isInteger(offset) || offset < 0) return sendJson(res, 400, { error: 'offset must be a non-negative integer' });
      sendJson(res, 200, { items: items.slice(offset, offset + limit), total });
    },
  }];
}
