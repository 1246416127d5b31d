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

/**
 * One line per table for the CLI and the UI: "new table `issues__labels` (4 columns)",
 * "3 new columns in `issues`: `a`, `b`, `c`", "1 variant column in `issues`: `price__v_text`".
 */
export function describeChanges(summaries: readonly TableChangeSummary[]): string[] {
  const lines: string[] = [];
  const list = (names: string[]): string => names.map((name) => `\`${name}\``).join(', ');
  const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;
  for (const s of summaries) {
    if (s.newTable) {
      lines.push(`new table \`${s.table}\` (${plural(s.newColumns.length, 'column')})`);
    } else if (s.newColumns.length > 0) {
      lines.push(`${plural(s.newColumns.length, 'new column')} in \`${s.table}\`: ${list(s.newColumns)}`);
    }
    if (s.variantColumns.length > 0) {
      lines.push(`${plural(s.variantColumns.length, 'variant column')} in \`${s.table}\`: ${list(s.variantColumns)}`);
    }
  }
  return lines;
}
