import type { Row } from '../schema/types';

/**
 * One table's rows of a normalized batch, held by column: `values[slot][row]`, where a slot stands for one column
 * name (`names[slot]`) for the life of the normalizer. `undefined`, a hole or `null` is a row without a value there
 * (the normalizer writes no `null`; a `jsonl_columns` line read back has them).
 *
 * The normalizer writes rows this way rather than as one object per row: storing into an array by a slot number
 * is cheaper than a keyed store into a fresh object, and a `jsonl_columns` table file line is then the arrays as
 * they are (see `columnsLine`), with no row objects to build, collect and turn around.
 */
export class TableBatch {
  /** Column values by slot; a slot no row of the batch wrote has no array. */
  readonly values: (unknown[] | undefined)[] = [];
  /** Rows completed so far; the row being written is at this index. */
  rows = 0;

  /** @param names column name of each slot (the table's, shared and only ever appended to) */
  constructor(readonly names: readonly string[]) {}

  /** The batch a parsed `jsonl_columns` line holds. */
  static fromColumns(columns: Record<string, unknown[]>): TableBatch {
    const batch = new TableBatch(Object.keys(columns));
    for (const values of Object.values(columns)) {
      batch.values.push(values);
      batch.rows = Math.max(batch.rows, values.length);
    }
    return batch;
  }

  /** Sets a value of the row being written. */
  write(slot: number, value: unknown): void {
    let column = this.values[slot];
    if (column === undefined) {
      while (this.values.length < slot) this.values.push(undefined);
      column = [];
      this.values[slot] = column;
    }
    const at = this.rows;
    // Fill up to the row instead of leaving a gap: a long gap would turn the array into a slow dictionary.
    while (column.length < at) column.push(undefined);
    column[at] = value;
  }

  /** The row being written is complete. */
  endRow(): void {
    this.rows++;
  }

  /** Forgets what was written of the row being written (a row the schema contract discards). */
  dropRow(): void {
    for (const column of this.values) if (column !== undefined && column.length > this.rows) column.length = this.rows;
  }

  /** Values of rows `from` to `to` (exclusive) by column name, every array `to - from` long; columns none of those
   *  rows has are left out. */
  columns(from = 0, to = this.rows): Record<string, unknown[]> {
    const out: Record<string, unknown[]> = {};
    for (let slot = 0; slot < this.values.length; slot++) {
      const column = this.values[slot];
      if (column === undefined || column.length <= from) continue;
      const part = from === 0 && to >= column.length ? column : column.slice(from, to);
      // Rows after the last value: holes, which serialize as `null` (a row without a value, in a columns line).
      if (part.length < to - from) part.length = to - from;
      if (part.some((value) => value !== undefined)) out[this.names[slot]!] = part;
    }
    return out;
  }

  /** The rows as objects (keys in slot order, only the values a row has). */
  toRows(): Row[] {
    const rows: Row[] = [];
    for (let r = 0; r < this.rows; r++) {
      const row: Row = {};
      for (let slot = 0; slot < this.values.length; slot++) {
        const value = this.values[slot]?.[r];
        if (value !== undefined && value !== null) row[this.names[slot]!] = value;
      }
      rows.push(row);
    }
    return rows;
  }
}
