import type { ColumnSchema, Schema, TableSchema } from './types';

export interface SchemaDiff {
  /** Tables in `next` and not in `previous`, parents before children. */
  newTables: TableSchema[];
  /** Columns added to tables that already existed, per table, in column order. */
  newColumns: { table: string; columns: ColumnSchema[] }[];
}

/**
 * What `next` adds to `previous` (the schema a destination already has): the DDL a loader must run. Schemas
 * only grow (dlt never drops or retypes a column), so this is all there is.
 */
export function diffSchema(previous: Schema | undefined, next: Schema): SchemaDiff {
  const newTables: TableSchema[] = [];
  const newColumns: SchemaDiff['newColumns'] = [];
  for (const table of Object.values(next.tables)) {
    const before = previous?.tables[table.name];
    if (before === undefined || Object.keys(before.columns).length === 0) {
      if (Object.keys(table.columns).length > 0) newTables.push(table);
      continue;
    }
    const added = Object.values(table.columns).filter((column) => before.columns[column.name] === undefined);
    if (added.length > 0) newColumns.push({ table: table.name, columns: added });
  }
  return { newTables, newColumns };
}

/** Data columns of a table, without dlt's `_dlt_*` bookkeeping columns. */
export function dataColumns(table: TableSchema): ColumnSchema[] {
  return Object.values(table.columns).filter((column) => !column.name.startsWith('_dlt_') || column.source_path !== undefined);
}
