import { breakPath } from '../../../../core/schema';
import type { ColumnSchema, Row, Schema, TableSchema } from '../../../../core/schema';
import { columnIdentity } from '../../../../core/normalize/table-state';

/**
 * Rebuilds the source records of root table `root` from normalized rows, using only what a warehouse holds:
 * the rows and the schema (column `source_path`/`variant_of`, nested tables' `source_path`, `_dlt_parent_id`
 * and `_dlt_list_idx`). The property tests compare its output with `canonical(original)`.
 */
export function reassemble(schema: Schema, root: string, batches: Map<string, Row[]>[]): unknown[] {
  const rowsByTable = new Map<string, Row[]>();
  for (const batch of batches) {
    for (const [table, rows] of batch) {
      const list = rowsByTable.get(table) ?? [];
      list.push(...rows);
      rowsByTable.set(table, list);
    }
  }
  const childrenOf = new Map<string, TableSchema[]>();
  for (const table of Object.values(schema.tables)) {
    if (table.parent === undefined) continue;
    childrenOf.set(table.parent, [...(childrenOf.get(table.parent) ?? []), table]);
  }
  const byParent = new Map<string, Map<string, Row[]>>();
  for (const [table, rows] of rowsByTable) {
    if (schema.tables[table]?.parent === undefined) continue;
    const index = new Map<string, Row[]>();
    for (const row of rows) {
      const key = row._dlt_parent_id as string;
      index.set(key, [...(index.get(key) ?? []), row]);
    }
    byParent.set(table, index);
  }

  const build = (tableName: string, row: Row): { value: unknown; empty: boolean } => {
    const table = schema.tables[tableName]!;
    const obj: Record<string, unknown> = {};
    let element: unknown;
    let hasElement = false;
    let empty = true;
    const put = (path: string[], value: unknown): void => {
      empty = false;
      if (path.length === 0) {
        element = value;
        hasElement = true;
        return;
      }
      let target = obj;
      for (let i = 0; i < path.length - 1; i++) {
        const key = path[i]!;
        if (!Object.hasOwn(target, key)) Object.defineProperty(target, key, { value: {}, enumerable: true, writable: true, configurable: true });
        target = target[key] as Record<string, unknown>;
      }
      Object.defineProperty(target, path[path.length - 1]!, { value, enumerable: true, writable: true, configurable: true });
    };
    for (const [name, value] of Object.entries(row)) {
      const column = table.columns[name];
      if (column === undefined) throw new Error(`row of \`${tableName}\` has column \`${name}\` missing from the schema`);
      if (columnIdentity(column).startsWith('sys:')) continue;
      put(pathOf(table, column), column.data_type === 'decimal' ? Number(value) : value);
    }
    for (const child of childrenOf.get(tableName) ?? []) {
      const rows = byParent.get(child.name)?.get(row._dlt_id as string);
      if (rows === undefined) continue;
      const sorted = [...rows].sort((a, b) => (a._dlt_list_idx as number) - (b._dlt_list_idx as number));
      sorted.forEach((r, i) => {
        if (r._dlt_list_idx !== i) throw new Error(`\`${child.name}\` list index ${String(r._dlt_list_idx)} where ${i} was expected`);
      });
      put(child.source_path!, sorted.map((r) => {
        const built = build(child.name, r);
        return built.empty ? null : built.value;
      }));
    }
    return { value: hasElement ? element : obj, empty };
  };

  return (rowsByTable.get(root) ?? []).map((row) => {
    const built = build(root, row);
    return built.empty ? {} : built.value;
  });
}

function pathOf(table: TableSchema, column: ColumnSchema): string[] {
  if (column.variant_of !== undefined) return pathOf(table, table.columns[column.variant_of]!);
  return column.source_path ?? breakPath(column.name);
}

/**
 * What a record looks like once loaded into tables, where a NULL column, an absent key, `{}` and `[]` are the
 * same thing: keys holding null/empty objects/empty lists are dropped, list elements that are null or empty
 * become null (their row exists, holding nothing), an empty record is `{}`. Values kept whole in json columns
 * (at or below `maxNesting`, counted the way dlt counts it) are left as they are. `-0` is `0` (JSON has no -0).
 */
export function canonical(record: unknown, maxNesting = 1000): unknown {
  if (isObject(record)) return canonRow(record, maxNesting) ?? {};
  // non-object records are wrapped as {"value": record}
  const wrapped = canonRow({ value: record }, maxNesting);
  return wrapped === null ? {} : (wrapped as { value: unknown }).value;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function canonRow(row: Record<string, unknown>, rowLevel: number): Record<string, unknown> | null {
  return flattenCanon(row, rowLevel, rowLevel);
}

function flattenCanon(obj: Record<string, unknown>, dictLevel: number, rowLevel: number): Record<string, unknown> | null {
  const out: Record<string, unknown> = {};
  let any = false;
  const keep = (key: string, value: unknown): void => {
    Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
    any = true;
  };
  for (const [key, value] of Object.entries(obj)) {
    if (value === null || value === undefined) continue;
    if (typeof value !== 'object') {
      keep(key, Object.is(value, -0) ? 0 : value);
    } else if (dictLevel <= 0) {
      keep(key, JSON.parse(JSON.stringify(value)));
    } else if (Array.isArray(value)) {
      const items = value.map((item) => canonElement(item, rowLevel - 1));
      if (items.length > 0) keep(key, items);
    } else {
      const inner = flattenCanon(value as Record<string, unknown>, dictLevel - 1, rowLevel);
      if (inner !== null) keep(key, inner);
    }
  }
  return any ? out : null;
}

/** An element of a list whose rows sit at `level`. */
function canonElement(item: unknown, level: number): unknown {
  if (item === null || item === undefined) return null;
  if (Array.isArray(item)) {
    // dlt: an intermediary row {"list": item} one level deeper
    const row = canonRow({ list: item }, level - 1);
    return row === null ? null : row.list;
  }
  if (typeof item === 'object') return canonRow(item as Record<string, unknown>, level);
  return Object.is(item, -0) ? 0 : item;
}
