import type { Row } from '../schema/types';

/**
 * Where normalized rows go. The normalizer itself returns each batch's rows (`Map<table, Row[]>`) and keeps
 * none; the pipeline (Node side) implements this to append them as NDJSON lines to per-table files of the load
 * package, so memory stays bounded by one batch. Isomorphic on purpose: the preview can collect rows in memory
 * with the same interface.
 */
export interface RowSink {
  /** Appends rows of one table; called parents-first within a batch. */
  write(table: string, rows: readonly Row[]): void | Promise<void>;
  /** Flushes and closes every table file; returns rows written per table. */
  close(): Promise<Record<string, number>>;
}

/** Writes every table of a normalized batch to a sink, parents before children. */
export async function writeBatch(sink: RowSink, batch: Map<string, Row[]>): Promise<void> {
  for (const [table, rows] of batch) await sink.write(table, rows);
}
