import type { Schema, TableSchema } from './types';

/**
 * The nested tables under root table `root` (children, grandchildren...), parents before children, in the
 * order they were added. The loader needs them to replace or merge a root table's whole tree.
 */
export function nestedTablesOf(schema: Schema, root: string): TableSchema[] {
  const out: TableSchema[] = [];
  const parents = new Set([root]);
  let added = true;
  const seen = new Set<string>();
  // tables are stored parents-first by the normalizer, but a schema read from elsewhere may not be: loop to fixpoint
  while (added) {
    added = false;
    for (const table of Object.values(schema.tables)) {
      if (seen.has(table.name) || table.parent === undefined || !parents.has(table.parent)) continue;
      seen.add(table.name);
      parents.add(table.name);
      out.push(table);
      added = true;
    }
  }
  return out;
}

/** The root table of `table` (itself when it has no parent). */
export function rootTableOf(schema: Schema, table: string): string {
  let name = table;
  for (let guard = 0; guard < 1000; guard++) {
    const parent = schema.tables[name]?.parent;
    if (parent === undefined) return name;
    name = parent;
  }
  return name;
}
