import type { SchemaChange } from './types';

export interface TableChangeSummary {
  table: string;
  newTable: boolean;
  newColumns: string[];
  variantColumns: string[];
}

/** Groups schema changes per table, for "3 new columns in issues" in the UI and the CLI. */
export function summarizeChanges(changes: readonly SchemaChange[], loadId?: string): TableChangeSummary[] {
  const byTable = new Map<string, TableChangeSummary>();
  for (const change of changes) {
    if (loadId !== undefined && change.load_id !== loadId) continue;
    let summary = byTable.get(change.table);
    if (summary === undefined) {
      summary = { table: change.table, newTable: false, newColumns: [], variantColumns: [] };
      byTable.set(change.table, summary);
    }
    if (change.kind === 'new_table') summary.newTable = true;
    else if (change.kind === 'new_column' && change.column !== undefined) summary.newColumns.push(change.column);
    else if (change.kind === 'variant_column' && change.column !== undefined) summary.variantColumns.push(change.column);
  }
  return [...byTable.values()];
}
