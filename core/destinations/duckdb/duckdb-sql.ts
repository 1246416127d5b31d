import type { ColumnSchema, DataType } from '../../schema/types';

/** `"name"` with embedded quotes doubled: column names come from API data, so every identifier is quoted. */
export function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** `'text'` with embedded quotes doubled. */
export function quoteLiteral(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

/** A DuckDB schema, with its catalog: a file `x.duckdb` holding schema `x` makes `"x"."t"` ambiguous, so the
 *  destination always names the catalog too. */
export interface SchemaRef {
  catalog?: string;
  schema: string;
}

/** `"catalog"."schema"` (or `"schema"`). */
export function schemaName(ref: SchemaRef | string): string {
  if (typeof ref === 'string') return quoteIdentifier(ref);
  return ref.catalog === undefined ? quoteIdentifier(ref.schema) : `${quoteIdentifier(ref.catalog)}.${quoteIdentifier(ref.schema)}`;
}

/** `"catalog"."schema"."table"`. */
export function qualifiedName(schema: SchemaRef | string, table: string): string {
  return `${schemaName(schema)}.${quoteIdentifier(table)}`;
}

const DUCKDB_TYPES: Record<Exclude<DataType, 'decimal'>, string> = {
  text: 'VARCHAR',
  bigint: 'BIGINT',
  double: 'DOUBLE',
  bool: 'BOOLEAN',
  timestamp: 'TIMESTAMP WITH TIME ZONE',
  date: 'DATE',
  json: 'JSON',
  binary: 'BLOB',
};

/** dlt's default decimal when a column gives no precision. */
export const DEFAULT_DECIMAL = { precision: 38, scale: 9 } as const;

/** The DuckDB column type of a schema column. */
export function duckDbType(column: Pick<ColumnSchema, 'data_type' | 'precision' | 'scale'>): string {
  if (column.data_type === 'decimal') {
    const precision = column.precision ?? DEFAULT_DECIMAL.precision;
    const scale = column.scale ?? (column.precision === undefined ? DEFAULT_DECIMAL.scale : 0);
    return `DECIMAL(${precision},${scale})`;
  }
  return DUCKDB_TYPES[column.data_type];
}

/** The type `read_json` parses a file value as: binary arrives base64-encoded, so it is read as text and decoded. */
export function fileValueType(column: ColumnSchema): string {
  return column.data_type === 'binary' ? 'VARCHAR' : duckDbType(column);
}

/** The select expression that turns the file value into the column value. */
export function fileValueExpression(column: ColumnSchema): string {
  const name = quoteIdentifier(column.name);
  return column.data_type === 'binary' ? `from_base64(${name}) AS ${name}` : name;
}
