import type { RetryEvent } from './retry';

/** The request as shown to people: URL, headers and body already redacted. */
export interface PageRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: unknown;
}

/** Response facts (headers redacted). `bytes` is the body size on the wire after decompression. */
export interface PageResponse {
  status: number;
  statusText: string;
  headers: Record<string, string>;
  elapsedMs: number;
  bytes: number;
}

export interface PagePaginator {
  /** The paginator's type (`auto` when detected; see `detected`). */
  type: string;
  /** Plain-data state after this page (offset, cursor, next URL...). */
  state: Record<string, unknown>;
  hasNext: boolean;
  /** Why there is a next page, or why paging stopped: "next URL in `next`", "offset 300 ≥ total 250", "empty page". */
  reason: string;
  /** For `auto`: what was chosen, how sure (0..1) and why. */
  detected?: { type: string; score: number; reason: string };
}

/** One page of a paginated walk: the records plus everything the preview timeline shows about how it was fetched. */
export interface Page {
  /** 1-based. */
  number: number;
  records: unknown[];
  request: PageRequest;
  response: PageResponse;
  paginator: PagePaginator;
  /** Retries made before this page's successful response (empty when it came first time). */
  retries: RetryEvent[];
  /** The parsed body (undefined for an empty body). */
  data: unknown;
  /** The body as received (not redacted): lets another thread parse the page again instead of being sent a copy
   *  of its records (the pipeline's normalize worker). Empty for an ignored response. */
  text: string;
  /** The data selector used, whether it was detected, and whether it matched anything. */
  selector: { path: string; detected: boolean; matched: boolean };
  /** Set when a `response_actions` rule with `ignore` matched: paging ends here without records. */
  ignored?: string;
}
