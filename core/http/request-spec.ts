/** A query param value: arrays repeat the key, `null`/`undefined` drop it. */
export type QueryValue = string | number | boolean | null | undefined | readonly (string | number | boolean)[];

/**
 * A request before auth is applied: what paginators read and change between pages. `url` is absolute and may carry
 * its own query string; `params` are added on top of it.
 */
export interface RequestSpec {
  method: string;
  url: string;
  params: Record<string, QueryValue>;
  /** JSON body. */
  json?: unknown;
  /** Form body (`application/x-www-form-urlencoded`) or a raw string body. */
  data?: Record<string, string | number | boolean> | string;
  headers: Record<string, string>;
}

/** What a paginator may read from a response besides the parsed body. */
export interface ResponseInfo {
  status: number;
  headers: Headers;
  /** The URL that was requested, with params (unredacted: paginators resolve relative links against it). */
  url: string;
}

/** The URL a RequestSpec resolves to, params included. */
export function buildUrl(spec: Pick<RequestSpec, 'url' | 'params'>): string {
  const entries = Object.entries(spec.params);
  if (entries.length === 0) return spec.url;
  const url = new URL(spec.url);
  for (const [name, value] of entries) {
    if (value === null || value === undefined) continue;
    url.searchParams.delete(name);
    if (Array.isArray(value)) for (const v of value) url.searchParams.append(name, String(v));
    else url.searchParams.set(name, String(value));
  }
  return url.href;
}

/** dlt's join: the path is appended to the base URL's path; an absolute URL bypasses the base. */
export function joinUrl(baseUrl: string | undefined, path: string): string {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(path)) return path;
  if (!baseUrl) return path;
  if (!path) return baseUrl;
  return `${baseUrl.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`;
}
