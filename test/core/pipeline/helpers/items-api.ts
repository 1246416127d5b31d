import { sendJson, sendText, startApiServer, type ApiServer, type Route } from '../../../helpers/api-server';

export interface Item {
  id: number;
  name: string;
  price: number;
  active: boolean;
  updated_at: string;
  customer: { id: number; email: string };
  tags: string[];
  lines: { sku: string; qty: number }[];
}

export function makeItem(id: number, version = 0): Item {
  return {
    id,
    name: `item-${id}${version ? `-v${version}` : ''}`,
    price: id * 1.5 + version,
    active: id % 2 === 0,
    updated_at: new Date(Date.UTC(2024, 0, 1, 0, id + version * 1000)).toISOString(),
    customer: { id: 100 + (id % 7), email: `c${id % 7}@example.com` },
    tags: version ? ['updated'] : [`t${id % 3}`, `t${(id + 1) % 3}`],
    lines: Array.from({ length: (id % 3) + 1 }, (_, j) => ({ sku: `SKU-${id}-${j}`, qty: j + 1 })),
  };
}

/** Knobs a test turns on the running server. */
export interface ItemsApiControl {
  items: Item[];
  pageSize: number;
  /** Delay before each page answer. */
  delayMs: number;
  /** Pages (1-based) answered with 500 while set. */
  failPages: Set<number>;
  /** Page answered with text that is not JSON. */
  garbagePage?: number;
}

/**
 * `/items?page=N[&since=ISO]`: pages of `{data: [...], next}` over `control.items` sorted by id, filtered by
 * `updated_at > since` (what an API with an `updated_since` filter does).
 */
export function itemsRoutes(control: ItemsApiControl): Route[] {
  return [{
    path: '/items',
    handler: async (req, res, server) => {
      const page = Number(req.url.searchParams.get('page') ?? 1);
      const since = req.url.searchParams.get('since');
      if (control.delayMs > 0) await new Promise((r) => setTimeout(r, control.delayMs));
      if (res.destroyed) return;
      if (control.failPages.has(page)) return sendJson(res, 500, { error: 'database unavailable' });
      if (control.garbagePage === page) return sendText(res, 200, '<html>oops</html>', 'application/json');
      const selected = control.items.filter((i) => !since || i.updated_at > since).sort((a, b) => a.id - b.id);
      const data = selected.slice((page - 1) * control.pageSize, page * control.pageSize);
      const hasNext = page * control.pageSize < selected.length;
      const next = hasNext ? `${server.baseUrl}/items?page=${page + 1}${since ? `&since=${encodeURIComponent(since)}` : ''}` : null;
      sendJson(res, 200, { data, next });
    },
  }];
}

export async function startItemsApi(items: Item[], pageSize = 10): Promise<{ server: ApiServer; control: ItemsApiControl }> {
  const control: ItemsApiControl = { items, pageSize, delayMs: 0, failPages: new Set() };
  const server = await startApiServer(itemsRoutes(control));
  return { server, control };
}

/** The `shop` source the CLI tests run: the items API, merged on `id`, incremental on `updated_at`. */
export function shopConfig(baseUrl: string): Record<string, unknown> {
  return {
    client: { base_url: baseUrl, paginator: { type: 'json_link', next_url_path: 'next' }, retry: { max_attempts: 1 } },
    resources: [{
      name: 'items', primary_key: 'id', write_disposition: 'merge',
      endpoint: { path: 'items', data_selector: 'data', params: { since: { type: 'incremental', cursor_path: 'updated_at', initial_value: '2000-01-01T00:00:00.000Z' } } },
    }],
  };
}
