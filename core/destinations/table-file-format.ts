import type { TableBatch } from '../normalize/table-batch';

/**
 * How a load package's normalized table files hold their rows. Both are newline-delimited JSON; they differ in what
 * a line is:
 * - `jsonl`: one row object per line, keys are column names (dlt's `jsonl`). BigQuery loads it as it is.
 * - `jsonl_columns`: one line per normalized batch of a table: an object whose keys are column names and whose
 *   values are arrays with one value per row (`null` where a row has none); a column no row of the batch has is left
 *   out. The pipeline serializes each batch once, without repeating the column names per row and without splitting
 *   text into lines, and DuckDB reads a line as one list per column and unnests them side by side. Measured on dlt's
 *   anchor workload (see README, Speed and memory): less work for both, on either side of the load. Row ids and
 *   the load id are given once per line (`#_dlt_id: {prefix, first}` and so on, with `#rows`; see TableBatch);
 *   lines that list them per row, as Sluice wrote them before, load the same.
 *
 * A destination names the one it prefers (`capabilities.tableFileFormat`) and loads either: a package normalized
 * for one destination can be loaded by another (packages are never rewritten).
 */
export type TableFileFormat = 'jsonl' | 'jsonl_columns';

/** Part files of the column format end so; a `jsonl` part ends in `.<part number>.ndjson`, which this never matches. */
const COLUMNS_SUFFIX = '.columns.ndjson';

/** The format a part file is in, from its name (`items.0000.ndjson`, `items.0000.columns.ndjson`). */
export function tableFileFormatOf(file: string): TableFileFormat {
  return file.endsWith(COLUMNS_SUFFIX) ? 'jsonl_columns' : 'jsonl';
}

/** The name ending of a part file in `format`. */
export function tableFileSuffix(format: TableFileFormat): string {
  return format === 'jsonl_columns' ? COLUMNS_SUFFIX : '.ndjson';
}

/** The one format of a table's files: a package is written in one format, so its files never mix two. */
export function formatOfFiles(files: readonly string[]): TableFileFormat {
  const format = tableFileFormatOf(files[0] ?? '');
  const other = files.find((file) => tableFileFormatOf(file) !== format);
  if (other !== undefined) {
    throw new Error(`table files in two formats cannot be loaded together: \`${files[0]}\` is ${format}, \`${other}\` is ${tableFileFormatOf(other)}`);
  }
  return format;
}

/** The `jsonl_columns` line (without its newline) of a batch's rows `from` to `to` (exclusive). */
export function columnsLine(batch: TableBatch, from = 0, to = batch.rows): string {
  return JSON.stringify(batch.line(from, to));
}
