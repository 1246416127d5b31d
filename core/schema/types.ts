/**
 * The schema model shared by the normalizer, the pipeline and every destination. Keys are snake_case like dlt's
 * schema YAML, so a stored schema (in `_dlt_version.schema`) reads like one dlt wrote.
 */

/** dlt's data types. */
export type DataType = 'text' | 'bigint' | 'double' | 'bool' | 'timestamp' | 'date' | 'decimal' | 'json' | 'binary';

export const DATA_TYPES: readonly DataType[] = ['text', 'bigint', 'double', 'bool', 'timestamp', 'date', 'decimal', 'json', 'binary'];

export type WriteDisposition = 'append' | 'replace' | 'merge';

export interface ColumnSchema {
  name: string;
  data_type: DataType;
  nullable: boolean;
  primary_key?: boolean;
  merge_key?: boolean;
  unique?: boolean;
  partition?: boolean;
  cluster?: boolean;
  /** A truthy value in this column deletes the row with the same key (merge only). */
  hard_delete?: boolean;
  /** Which row wins when a load holds one key twice. */
  dedup_sort?: 'asc' | 'desc';
  /** `price__v_text` style column holding values that clashed with `price`'s type. */
  variant?: boolean;
  precision?: number;
  scale?: number;
  /** On a variant column: the column whose values it complements (`price` for `price__v_text`). */
  variant_of?: string;
  /**
   * The raw key path (in the source record, relative to the table's row) this column holds, set only when it
   * cannot be read back from the name (shortened names, names taken by a collision, keys changed by
   * normalization). Lets the normalizer tell two source keys apart that normalize to one name.
   */
  source_path?: string[];
}

export type ContractMode = 'evolve' | 'freeze' | 'discard_row' | 'discard_value';

export interface SchemaContract {
  tables?: ContractMode;
  columns?: ContractMode;
  data_type?: ContractMode;
}

export interface TableSchema {
  name: string;
  /** Set on nested tables (`issues__labels` → `issues`). */
  parent?: string;
  /** The resource whose records fill this table (root tables). */
  resource?: string;
  write_disposition?: WriteDisposition;
  schema_contract?: SchemaContract;
  /** dlt's per-table normalizer settings: `max_nesting` is the resource's `max_table_nesting`. */
  'x-normalizer'?: { max_nesting?: number };
  /**
   * Nested tables: the raw key path, relative to the parent table's row, of the list this table holds
   * (`[]` for the inner lists of a list of lists). Keeps two lists whose keys normalize alike apart.
   */
  source_path?: string[];
  /** Column order is insertion order. */
  columns: Record<string, ColumnSchema>;
}

/** One evolution step, kept so the UI and the CLI can say "3 new columns in issues". */
export interface SchemaChange {
  load_id: string;
  table: string;
  kind: 'new_table' | 'new_column' | 'variant_column';
  column?: string;
  data_type?: DataType;
}

export interface Schema {
  name: string;
  version: number;
  version_hash: string;
  engine_version: number;
  tables: Record<string, TableSchema>;
  /** Evolution history, newest last. */
  changes: SchemaChange[];
}

/**
 * What a resource tells the normalizer and the loader about its root table. Produced by config resolution
 * (`core/config`), consumed by `core/normalize` and `core/pipeline`.
 */
export interface TableHints {
  /** The resource name. */
  resource: string;
  /** Root table name before naming normalization (defaults to the resource name). */
  table_name: string;
  write_disposition: WriteDisposition;
  primary_key?: string[];
  merge_key?: string[];
  /** Column hints (`columns` in the config); types here win over inference. */
  columns?: Record<string, Partial<ColumnSchema>>;
  max_table_nesting?: number;
  schema_contract?: SchemaContract | ContractMode;
}

/** A normalized row: column name → JSON-serialisable value (timestamps as ISO strings, binary as base64). */
export type Row = Record<string, unknown>;
