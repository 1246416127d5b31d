import type { Row } from '../schema/types';
import { rowIdOf } from './row-id';

/** A column of a batch whose values are made from one value per batch (see TableBatch): row ids, references to
 *  another table's row ids, or one value for every row. */
type Derived =
  | { kind: 'ids'; prefix: string; first: number }
  | { kind: 'references'; prefix: string }
  | { kind: 'constant'; value: unknown };

/**
 * What a `jsonl_columns` line holds for a derived column, under the key `#<column>`: `{prefix, first}` (row r's value
 * is `prefix + (first + r)`), `{prefix, numbers}` (row r's value is `prefix + numbers[r]`) or `{value}` (every row's
 * value). The line then also says its row count as `#rows`. `#` never survives name normalization, so these keys
 * never meet a column's.
 */
export interface DerivedColumnText {
  prefix?: string;
  first?: number;
  numbers?: (number | null)[];
  value?: unknown;
}

export const DERIVED_KEY = '#';
export const ROWS_KEY = '#rows';

/**
 * One table's rows of a normalized batch, held by column: `values[slot][row]`, where a slot stands for one column
 * name (`names[slot]`) for the life of the normalizer. `undefined`, a hole or `null` is a row without a value there
 * (the normalizer writes no `null`; a `jsonl_columns` line read back has them).
 *
 * The normalizer writes rows this way rather than as one object per row: storing into an array by a slot number
 * is cheaper than a keyed store into a fresh object, and a `jsonl_columns` table file line is then the arrays as
 * they are (see `line`), with no row objects to build, collect and turn around.
 *
 * Row ids are not held as text: `_dlt_id` of row r is the table's prefix and its row number (`ids`), and
 * `_dlt_parent_id`/`_dlt_root_id` slots hold the parent's or root's row number under that table's prefix
 * (`references`); `_dlt_load_id` is one value (`constant`). They are half the text of the anchor workload's table
 * files, and making, serializing and writing them was ~0.15 s of the pipeline thread per 100,000 records.
 */
export class TableBatch {
  /** Column values by slot; a slot no row of the batch wrote has no array. */
  readonly values: (unknown[] | undefined)[] = [];
  /** Rows completed so far; the row being written is at this index. */
  rows = 0;
  private readonly derived = new Map<number, Derived>();

  /** @param names column name of each slot (the table's, shared and only ever appended to) */
  constructor(readonly names: readonly string[]) {}

  /** The batch a parsed `jsonl_columns` line holds, derived columns made into values. */
  static fromColumns(line: Record<string, unknown>): TableBatch {
    const rows = typeof line[ROWS_KEY] === 'number' ? line[ROWS_KEY] : 0;
    const names: string[] = [];
    const values: unknown[][] = [];
    for (const [key, held] of Object.entries(line)) {
      if (key === ROWS_KEY) continue;
      if (key.startsWith(DERIVED_KEY)) {
        names.push(key.slice(DERIVED_KEY.length));
        values.push(derivedValues(held as DerivedColumnText, rows));
      } else {
        names.push(key);
        values.push(held as unknown[]);
      }
    }
    const batch = new TableBatch(names);
    batch.values.push(...values);
    batch.rows = Math.max(rows, ...values.map((column) => column.length));
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

  /** Every row's value at `slot` is `prefix + (first + row)`: the batch's rows are numbers `first`… of the table. */
  deriveIds(slot: number, prefix: string, first: number): void {
    this.derive(slot, { kind: 'ids', prefix, first });
  }

  /** The numbers written at `slot` stand for `prefix + number` (another table's row ids). */
  deriveReferences(slot: number, prefix: string): void {
    this.derive(slot, { kind: 'references', prefix });
  }

  /** Every row's value at `slot` is `value`. */
  deriveConstant(slot: number, value: unknown): void {
    this.derive(slot, { kind: 'constant', value });
  }

  private derive(slot: number, how: Derived): void {
    while (this.values.length <= slot) this.values.push(undefined);
    this.derived.set(slot, how);
  }

  /** The row being written is complete. */
  endRow(): void {
    this.rows++;
  }

  /** Forgets what was written of the row being written (a row the schema contract discards). */
  dropRow(): void {
    for (const column of this.values) if (column !== undefined && column.length > this.rows) column.length = this.rows;
  }

  /** Values of rows `from` to `to` (exclusive) by column name, every array `to - from` long, derived columns made
   *  into values; columns none of those rows has are left out. */
  columns(from = 0, to = this.rows): Record<string, unknown[]> {
    const out: Record<string, unknown[]> = {};
    for (let slot = 0; slot < this.values.length; slot++) {
      const values = this.slotValues(slot, from, to);
      if (values !== undefined) out[this.names[slot]!] = values;
    }
    return out;
  }

  /** The `jsonl_columns` line of rows `from` to `to` (exclusive), as an object: `columns`, except that derived
   *  columns are given as `#<column>` (see DerivedColumnText) and the row count as `#rows`. */
  line(from = 0, to = this.rows): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (let slot = 0; slot < this.values.length; slot++) {
      const how = this.derived.get(slot);
      if (how === undefined) {
        const values = this.heldValues(slot, from, to);
        if (values !== undefined) out[this.names[slot]!] = values;
        continue;
      }
      const text = derivedText(how, this.heldValues(slot, from, to), from);
      if (text !== undefined) out[DERIVED_KEY + this.names[slot]!] = text;
    }
    out[ROWS_KEY] = to - from;
    return out;
  }

  /** The rows as objects (keys in slot order, only the values a row has). */
  toRows(): Row[] {
    const columns = this.values.map((_, slot) => this.slotValues(slot, 0, this.rows));
    const rows: Row[] = [];
    for (let r = 0; r < this.rows; r++) {
      const row: Row = {};
      for (let slot = 0; slot < columns.length; slot++) {
        const value = columns[slot]?.[r];
        if (value !== undefined && value !== null) row[this.names[slot]!] = value;
      }
      rows.push(row);
    }
    return rows;
  }

  private slotValues(slot: number, from: number, to: number): unknown[] | undefined {
    const how = this.derived.get(slot);
    const held = this.heldValues(slot, from, to);
    if (how === undefined) return held;
    const text = derivedText(how, held, from);
    return text === undefined ? undefined : derivedValues(text, to - from);
  }

  /** The values written at `slot` for rows `from` to `to`, `to - from` long; undefined when none of them has one. */
  private heldValues(slot: number, from: number, to: number): unknown[] | undefined {
    const column = this.values[slot];
    if (column === undefined || column.length <= from) return undefined;
    const part = from === 0 && to >= column.length ? column : column.slice(from, to);
    // Rows after the last value: holes, which serialize as `null` (a row without a value, in a columns line).
    if (part.length < to - from) part.length = to - from;
    return part.some((value) => value !== undefined) ? part : undefined;
  }
}

function derivedText(how: Derived, held: unknown[] | undefined, from: number): DerivedColumnText | undefined {
  switch (how.kind) {
    case 'ids':
      return { prefix: how.prefix, first: how.first + from };
    case 'references':
      return held === undefined ? undefined : { prefix: how.prefix, numbers: held as (number | null)[] };
    case 'constant':
      return { value: how.value };
  }
}

/** The values of a derived column's `rows` rows. */
function derivedValues(text: DerivedColumnText, rows: number): unknown[] {
  const values: unknown[] = new Array(rows);
  for (let r = 0; r < rows; r++) {
    if (text.value !== undefined) values[r] = text.value;
    else if (text.first !== undefined) values[r] = rowIdOf(text.prefix!, text.first + r);
    else {
      const n = text.numbers?.[r];
      values[r] = n === undefined || n === null ? null : rowIdOf(text.prefix!, n);
    }
  }
  return values;
}
