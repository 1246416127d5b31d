import type { Source, SourceResource, RecordBatch } from '../../../../core/source/types';
import type { TableHints } from '../../../../core/schema/types';

export interface HttpResourceOptions {
  name: string;
  /** First page URL. */
  url: string;
  hints?: Partial<TableHints>;
  /** Track `updated_at` in the resource state and send it as `since`. */
  incremental?: boolean;
  /** Where the records are in the page (default `data`). */
  dataKey?: string;
}

/**
 * A small hand-written resource for pipeline tests: follows `next` links with fetch, keeps an `updated_at` cursor
 * in the resource state like dlt's incremental does. The real rest_api source is tested in its own suite.
 */
export function httpResource(options: HttpResourceOptions): SourceResource {
  const hints: TableHints = { resource: options.name, table_name: options.name, write_disposition: 'append', ...options.hints };
  return {
    name: options.name,
    hints,
    selected: true,
    async *extract(context): AsyncIterable<RecordBatch> {
      const state = context.state.get(options.name) ?? {};
      const since = options.incremental ? (state.last_value as string | undefined) : undefined;
      let url: string | null = options.url + (since ? `${options.url.includes('?') ? '&' : '?'}since=${encodeURIComponent(since)}` : '');
      let number = 0;
      let last = since;
      while (url) {
        const started = performance.now();
        const response = await fetch(url, { signal: context.signal });
        const text = await response.text();
        if (!response.ok) throw new Error(`GET ${url} failed: ${response.status}`);
        const body = JSON.parse(text) as Record<string, unknown>;
        const records = body[options.dataKey ?? 'data'] as Record<string, unknown>[];
        number++;
        for (const r of Array.isArray(records) ? records : []) {
          const value = r.updated_at as string | undefined;
          if (options.incremental && value && (!last || value > last)) last = value;
        }
        if (options.incremental && last) context.state.set(options.name, { last_value: last });
        yield {
          records,
          page: {
            number, method: 'GET', url, status: response.status, elapsedMs: performance.now() - started, bytes: text.length,
            paginator: { type: 'json_link', hasNext: Boolean(body.next), reason: body.next ? 'next URL in `next`' : 'no next URL' },
            retries: 0,
          },
        };
        url = (body.next as string | null) ?? null;
      }
    },
  };
}

export function httpSource(name: string, resources: SourceResource[]): Source {
  return { name, resources, warnings: [] };
}
