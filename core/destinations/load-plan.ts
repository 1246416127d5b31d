import { DestinationError } from '../errors/destination-error';
import type { ColumnSchema, Schema, TableSchema, WriteDisposition } from '../schema/types';
import type { PackageLoadJob } from './destination';
import { isSystemTable } from './system-tables';

/** One table of a root's group with the files it loads this package (possibly none). */
export interface PlannedTable {
  schema: TableSchema;
  files: string[];
}

/** What one root table and its nested tables need from the destination in one load. */
export interface RootLoadPlan {
  root: PlannedTable;
  /** Nested tables, parents before children. For replace and merge every nested table of the root is listed, even
   *  without files: replace empties it, merge deletes the nested rows of re-loaded root rows. */
  nested: PlannedTable[];
  /** `merge` without `primary_key` and `merge_key` is planned as `append`, as dlt does. */
  disposition: WriteDisposition;
  primaryKey: string[];
  mergeKey: string[];
  /** Which row of one primary key within the load wins: `desc` keeps the highest value, `asc` the lowest;
   *  without it the last row in file order wins. */
  dedupSort?: { column: string; order: 'asc' | 'desc' };
  /** A bool column deletes when true; any other type deletes when not null (dlt's rule). */
  hardDelete?: ColumnSchema;
}

function planError(problem: string): DestinationError {
  return new DestinationError({ destination: 'load plan', operation: 'planning the load', problem });
}

function rootOf(schema: Schema, name: string): TableSchema {
  const seen = new Set<string>();
  let table = schema.tables[name];
  while (table?.parent !== undefined) {
    if (seen.has(table.name)) throw planError(`table \`${name}\` has a cyclic parent chain in schema \`${schema.name}\``);
    seen.add(table.name);
    table = schema.tables[table.parent];
  }
  if (table === undefined) {
    throw planError(`table \`${name}\` (or one of its parents) is not in schema \`${schema.name}\`; expected every loaded table to be described by the package schema`);
  }
  return table;
}

/** Nested tables of `root`, parents before children. */
export function nestedTablesOf(schema: Schema, root: string): TableSchema[] {
  const out: TableSchema[] = [];
  const walk = (parent: string): void => {
    for (const t of Object.values(schema.tables)) {
      if (t.parent === parent) {
        out.push(t);
        walk(t.name);
      }
    }
  };
  walk(root);
  return out;
}

function columnsWith(table: TableSchema, hint: 'primary_key' | 'merge_key'): string[] {
  return Object.values(table.columns).filter((c) => c[hint] === true).map((c) => c.name);
}

/** Groups a package's table jobs by root table and resolves each group's disposition and merge hints. */
export function planLoad(job: PackageLoadJob): RootLoadPlan[] {
  const filesByTable = new Map<string, string[]>();
  const dispositionByTable = new Map<string, WriteDisposition>();
  for (const t of job.tables) {
    filesByTable.set(t.table, [...(filesByTable.get(t.table) ?? []), ...t.files]);
    dispositionByTable.set(t.table, t.writeDisposition);
  }
  const roots: TableSchema[] = [];
  for (const t of job.tables) {
    if (isSystemTable(t.table)) throw planError(`table \`${t.table}\` is a system table; packages must not load into it`);
    const root = rootOf(job.schema, t.table);
    // A table the schema knows only by name (hints, never any data) has nothing to create or load yet.
    if (!roots.includes(root) && Object.keys(root.columns).length > 0) roots.push(root);
  }
  return roots.map((root) => {
    const requested = dispositionByTable.get(root.name) ?? root.write_disposition ?? 'append';
    const primaryKey = columnsWith(root, 'primary_key');
    const mergeKey = columnsWith(root, 'merge_key');
    const disposition: WriteDisposition =
      requested === 'merge' && primaryKey.length === 0 && mergeKey.length === 0 ? 'append' : requested;
    const allNested = nestedTablesOf(job.schema, root.name).filter((t) => Object.keys(t.columns).length > 0);
    const nested = allNested
      .map((t) => ({ schema: t, files: filesByTable.get(t.name) ?? [] }))
      .filter((t) => disposition !== 'append' || t.files.length > 0);
    const plan: RootLoadPlan = {
      root: { schema: root, files: filesByTable.get(root.name) ?? [] },
      nested,
      disposition,
      primaryKey,
      mergeKey,
    };
    const sortColumn = Object.values(root.columns).find((c) => c.dedup_sort !== undefined);
    if (sortColumn?.dedup_sort !== undefined) plan.dedupSort = { column: sortColumn.name, order: sortColumn.dedup_sort };
    const hardDelete = Object.values(root.columns).find((c) => c.hard_delete === true);
    if (hardDelete !== undefined) plan.hardDelete = hardDelete;
    return plan;
  });
}
