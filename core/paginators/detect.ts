import type { BasePaginator } from './base';
import { findJsonValue } from '../http/json-path';
import { parseLinkHeader } from './link-header';
import { HeaderLinkPaginator } from './header-link-paginator';
import { JsonLinkPaginator } from './json-link-paginator';
import { PageNumberPaginator } from './page-number-paginator';
import { CursorPaginator } from './cursor-paginator';
import { SinglePagePaginator } from './single-page-paginator';
import type { ResponseInfo } from '../http/request-spec';

/** What `auto` chose from the first response: the paginator, how sure (0..1) and why, in words. */
export interface PaginatorDetection {
  paginator: BasePaginator;
  type: string;
  score: number;
  reason: string;
}

const NEXT_URL_PATHS = ['next', 'next_url', 'next_page_url', 'links.next', 'links.next.href', '_links.next.href', 'pagination.next', 'meta.next', 'paging.next'];
const TOTAL_PAGES_PATHS = ['total_pages', 'pages', 'totalPages', 'page_count', 'meta.total_pages', 'meta.pages', 'pagination.total_pages', 'pagination.pages'];
const CURRENT_PAGE_PATHS = ['page', 'current_page', 'meta.page', 'meta.current_page', 'pagination.page', 'pagination.current_page'];
const CURSOR_PATHS = ['next', 'next_cursor', 'cursors.next', 'cursor', 'meta.next_cursor', 'pagination.next_cursor', 'response_metadata.next_cursor'];

/** Absolute URLs, and relative ones that look like paths (`/items?page=2`, `?page=2`, `items?page=2`); not opaque cursors. */
const isUrl = (v: unknown): v is string =>
  typeof v === 'string' && (/^https?:\/\//i.test(v) || /^(\/|\?|\.\.?\/)/.test(v) || /^[\w.-]+(\/[\w.-]+)*\?[\w.%-]+=/.test(v));

/**
 * dlt's detection order: `Link rel=next` header → a JSON next URL → a total-pages key (page number) → a non-URL
 * `next` (cursor) → single page.
 */
export function detectPaginator(response: ResponseInfo, data: unknown): PaginatorDetection {
  if (parseLinkHeader(response.headers.get('link')).has('next')) {
    return { paginator: new HeaderLinkPaginator(), type: 'header_link', score: 1, reason: 'the `Link` header has rel="next"' };
  }
  for (const path of NEXT_URL_PATHS) {
    const value = findJsonValue(data, path);
    if (isUrl(value)) {
      const absolute = /^https?:/i.test(value);
      return {
        paginator: new JsonLinkPaginator(path), type: 'json_link', score: absolute ? 1 : 0.9,
        reason: `\`${path}\` holds ${absolute ? 'a URL' : 'a relative URL'}`,
      };
    }
  }
  const found = findNextUrl(data);
  if (found) {
    const absolute = /^https?:/i.test(found.url);
    return {
      paginator: new JsonLinkPaginator(found.path), type: 'json_link', score: absolute ? 0.9 : 0.8,
      reason: `\`${found.path}\` holds ${absolute ? 'a URL' : 'a relative URL'}`,
    };
  }
  for (const path of TOTAL_PAGES_PATHS) {
    const total = findJsonValue(data, path);
    if (typeof total === 'number' && Number.isInteger(total)) {
      const current = CURRENT_PAGE_PATHS.map((p) => findJsonValue(data, p)).find((v) => v === 0 || v === 1);
      const basePage = typeof current === 'number' ? current : 1;
      return {
        paginator: new PageNumberPaginator({ basePage, totalPath: path }), type: 'page_number', score: 0.7,
        reason: `\`${path}\` holds a page count (${total}); first page ${basePage}`,
      };
    }
  }
  for (const path of CURSOR_PATHS) {
    const value = findJsonValue(data, path);
    if ((typeof value === 'string' && value !== '') || (typeof value === 'number' && path !== 'cursor')) {
      return {
        paginator: new CursorPaginator({ cursorPath: path }), type: 'cursor', score: 0.5,
        reason: `\`${path}\` holds a value that is not a URL (a cursor, sent back as \`cursor\`)`,
      };
    }
  }
  return { paginator: new SinglePagePaginator(), type: 'single_page', score: 0.1, reason: 'no pagination hints in headers or body' };
}

/**
 * dlt's search for a next link anywhere in the body's objects (never inside lists, where the records are): a key
 * that contains `next` in any case (`next`, `nextUrl`, `@odata.nextLink`) holding a URL, or an object with an
 * `href` or `url` that does (`links: {next: {href}}`). Depth-first in key order; the path as JSONPath.
 */
function findNextUrl(data: unknown, path: string[] = []): { path: string; url: string } | undefined {
  if (data === null || typeof data !== 'object' || Array.isArray(data) || path.length > 8) return undefined;
  for (const [key, value] of Object.entries(data as Record<string, unknown>)) {
    if (key.toLowerCase().includes('next')) {
      if (isUrl(value)) return { path: jsonPath([...path, key]), url: value };
      if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
        for (const inner of ['href', 'url']) {
          const url = (value as Record<string, unknown>)[inner];
          if (isUrl(url)) return { path: jsonPath([...path, key, inner]), url };
        }
      }
    }
    const deeper = findNextUrl(value, [...path, key]);
    if (deeper) return deeper;
  }
  return undefined;
}

/** `a.b` for plain names, `$['@odata.nextLink']` where a name needs quoting. */
function jsonPath(segments: string[]): string {
  if (segments.every((s) => /^[A-Za-z_][A-Za-z0-9_]*$/.test(s))) return segments.join('.');
  return `$${segments.map((s) => (/^[A-Za-z_][A-Za-z0-9_]*$/.test(s) ? `.${s}` : `['${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}']`)).join('')}`;
}
