import type { OptionSpec } from '../http/option-spec';

/**
 * Paginator configs, shaped and spelled exactly as dlt's `rest_api` config (snake_case keys), so a dlt config ports
 * unchanged. Defaults are dlt's.
 */

/** The next page's URL is in the JSON body. */
export interface JsonLinkPaginatorConfig {
  type: 'json_link';
  /** JSONPath to the next URL. Default `"next"`. Relative URLs resolve against the request URL. */
  next_url_path?: string;
}

/** The next page's URL is in a `Link: <url>; rel="next"` header (GitHub style). */
export interface HeaderLinkPaginatorConfig {
  type: 'header_link';
  /** The `rel` of the next link. Default `"next"`. */
  links_next_key?: string;
}

/** The next cursor is in a response header and goes back as a query param. */
export interface HeaderCursorPaginatorConfig {
  type: 'header_cursor';
  /** Response header holding the cursor. Default `"next"`. */
  cursor_key?: string;
  /** Query param that sends it back. Default `"cursor"`. */
  cursor_param?: string;
}

/** The next cursor is in the JSON body (dlt's `JSONResponseCursorPaginator`). */
export interface CursorPaginatorConfig {
  type: 'cursor';
  /** JSONPath to the cursor. Default `"cursors.next"`. */
  cursor_path?: string;
  /** Query param that sends it back. Default `"cursor"` unless `cursor_body_path` is set. */
  cursor_param?: string;
  /** Dotted path in the JSON request body that sends it back (POST APIs). Default none. */
  cursor_body_path?: string;
  /** JSONPath to a boolean that is false on the last page. Default none. */
  has_more_path?: string;
  /** Stop when a page has no records. Default false. */
  stop_after_empty_page?: boolean;
}

/** `offset` + `limit` params. */
export interface OffsetPaginatorConfig {
  type: 'offset';
  /** Page size. Required. */
  limit: number;
  /** First offset. Default 0. */
  offset?: number;
  /** Default `"offset"`. */
  offset_param?: string;
  /** Default `"limit"`. */
  limit_param?: string;
  /** Dotted path in the JSON request body for the offset (POST APIs). Default none (query param). */
  offset_body_path?: string;
  /** Dotted path in the JSON request body for the limit. Default none (query param). */
  limit_body_path?: string;
  /** JSONPath to the total record count; `null` when there is none. Default `"total"`. A null or missing total is "unknown". */
  total_path?: string | null;
  /** Stop before requesting this offset. Default none. */
  maximum_offset?: number;
  /** Stop when a page has no records. Default true. */
  stop_after_empty_page?: boolean;
  /** JSONPath to a boolean that is false on the last page. Default none. */
  has_more_path?: string;
}

/** `page` param. */
export interface PageNumberPaginatorConfig {
  type: 'page_number';
  /** Number of the first page (0 or 1). Default 0. */
  base_page?: number;
  /** Page to start at. Default `base_page`. */
  page?: number;
  /** Default `"page"`. */
  page_param?: string;
  /** Dotted path in the JSON request body for the page (POST APIs). Default none (query param). */
  page_body_path?: string;
  /** JSONPath to the total number of PAGES; `null` when there is none. Default `"total"`. */
  total_path?: string | null;
  /** Stop before requesting this page. Default none. */
  maximum_page?: number;
  /** Stop when a page has no records. Default true. */
  stop_after_empty_page?: boolean;
  /** JSONPath to a boolean that is false on the last page. Default none. */
  has_more_path?: string;
}

/** Exactly one request. */
export interface SinglePagePaginatorConfig { type: 'single_page' }

/** Detect the style from the first response (score and reason shown in the page). */
export interface AutoPaginatorConfig { type: 'auto' }

/** A paginator registered with `registerPaginator(name, factory)`. */
export interface CustomPaginatorConfig { type: string; [option: string]: unknown }

export type BuiltInPaginatorConfig =
  | JsonLinkPaginatorConfig | HeaderLinkPaginatorConfig | HeaderCursorPaginatorConfig | CursorPaginatorConfig
  | OffsetPaginatorConfig | PageNumberPaginatorConfig | SinglePagePaginatorConfig | AutoPaginatorConfig;

export type PaginatorConfig = BuiltInPaginatorConfig | CustomPaginatorConfig;

export type PaginatorType = BuiltInPaginatorConfig['type'];

const hasMore: OptionSpec = { name: 'has_more_path', kind: 'jsonpath', description: 'JSONPath to a boolean that is false on the last page' };
const stopEmpty = (d: boolean): OptionSpec => ({ name: 'stop_after_empty_page', kind: 'boolean', default: d, description: 'stop when a page has no records' });

/** Every built-in paginator type with its options (dlt names and defaults). The config schema and forms reuse this. */
export const PAGINATOR_OPTIONS: Readonly<Record<PaginatorType, readonly OptionSpec[]>> = {
  json_link: [{ name: 'next_url_path', kind: 'jsonpath', default: 'next', description: 'JSONPath to the next URL' }],
  header_link: [{ name: 'links_next_key', kind: 'string', default: 'next', description: 'rel of the next link in the Link header' }],
  header_cursor: [
    { name: 'cursor_key', kind: 'string', default: 'next', description: 'response header holding the next cursor' },
    { name: 'cursor_param', kind: 'string', default: 'cursor', description: 'query param that sends the cursor' },
  ],
  cursor: [
    { name: 'cursor_path', kind: 'jsonpath', default: 'cursors.next', description: 'JSONPath to the next cursor' },
    { name: 'cursor_param', kind: 'string', default: 'cursor', description: 'query param that sends the cursor' },
    { name: 'cursor_body_path', kind: 'string', description: 'dotted path in the JSON request body that sends the cursor' },
    hasMore,
    stopEmpty(false),
  ],
  offset: [
    { name: 'limit', kind: 'integer', required: true, min: 1, description: 'page size' },
    { name: 'offset', kind: 'integer', default: 0, min: 0, description: 'first offset' },
    { name: 'offset_param', kind: 'string', default: 'offset', description: 'query param for the offset' },
    { name: 'limit_param', kind: 'string', default: 'limit', description: 'query param for the limit' },
    { name: 'offset_body_path', kind: 'string', description: 'dotted path in the JSON request body for the offset' },
    { name: 'limit_body_path', kind: 'string', description: 'dotted path in the JSON request body for the limit' },
    { name: 'total_path', kind: 'jsonpath', default: 'total', nullable: true, description: 'JSONPath to the total record count' },
    { name: 'maximum_offset', kind: 'integer', min: 0, description: 'stop before this offset' },
    stopEmpty(true),
    hasMore,
  ],
  page_number: [
    { name: 'base_page', kind: 'integer', default: 0, description: 'number of the first page' },
    { name: 'page', kind: 'integer', description: 'page to start at (default base_page)' },
    { name: 'page_param', kind: 'string', default: 'page', description: 'query param for the page' },
    { name: 'page_body_path', kind: 'string', description: 'dotted path in the JSON request body for the page' },
    { name: 'total_path', kind: 'jsonpath', default: 'total', nullable: true, description: 'JSONPath to the total number of pages' },
    { name: 'maximum_page', kind: 'integer', min: 0, description: 'stop before this page' },
    stopEmpty(true),
    hasMore,
  ],
  single_page: [],
  auto: [],
};

/** Built-in type names, in the order the docs and forms list them. */
export const PAGINATOR_TYPES = Object.keys(PAGINATOR_OPTIONS) as PaginatorType[];
