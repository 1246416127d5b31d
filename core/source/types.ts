import type { TableHints } from '../schema/types';

/** A record as it comes from an API (after the data selector and processing steps). */
export type SourceRecord = Record<string, unknown>;

/** What a page of a resource looked like on the wire; redacted, for progress and preview. */
export interface PageInfo {
  /** 1-based page number within this resource (for a dependent resource: across all parent records). */
  number: number;
  method: string;
  /** Redacted URL. */
  url: string;
  status: number;
  elapsedMs: number;
  bytes: number;
  paginator: { type: string; hasNext: boolean; reason: string };
  retries: number;
}

export interface RecordBatch {
  records: SourceRecord[];
  page?: PageInfo;
  /** Set when `records` are exactly what the data selector picks from the page body, untouched: another thread
   *  can then parse the body itself (`selectRecords(JSON.parse(text), dataSelector)`) rather than be sent a
   *  serialized copy. Anything that drops, adds or changes records removes it. */
  pageBody?: PageBody;
}

export interface PageBody {
  text: string;
  /** The data selector path that found the records (`$` for the whole body). */
  dataSelector: string;
}

/**
 * Per-resource state (incremental cursors and the like). The pipeline hands a resource its state at extract
 * start and commits what the resource wrote with the load that carries the records; the preview uses a
 * throw-away store.
 */
export interface ResourceStateStore {
  get(resource: string): Record<string, unknown> | undefined;
  set(resource: string, value: Record<string, unknown>): void;
}

/** Limits for sampling (dlt's `add_limit`). */
export interface ExtractLimits {
  maxPages?: number;
  maxRecords?: number;
}

export interface ExtractContext {
  state: ResourceStateStore;
  signal?: AbortSignal;
  limits?: ExtractLimits;
}

/** One resource of a source: an async iterable of record batches plus the hints for its table. */
export interface SourceResource {
  name: string;
  hints: TableHints;
  /** Name of the parent resource for a dependent resource. */
  parent?: string;
  /** False when the resource only feeds children (`selected: false`). */
  selected: boolean;
  extract(context: ExtractContext): AsyncIterable<RecordBatch>;
  /**
   * For a dependent resource: extracts from its parent's records as they arrive instead of walking the parent
   * itself, so that a parent extracted for its own table in the same run is requested once (`ResourceExtraction`).
   * Without it, `extract` walks the parent again.
   */
  extractFrom?(parentRecords: AsyncIterable<SourceRecord>, context: ExtractContext): AsyncIterable<RecordBatch>;
}

export interface Source {
  /** Section name: secrets and state are kept under it. */
  name: string;
  resources: SourceResource[];
  /** Warnings found while resolving the config (e.g. a single-entity path overriding a client paginator). */
  warnings: string[];
}
