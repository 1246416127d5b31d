import type { DuckDBConnection } from '@duckdb/node-api';
import type { TableSchema } from '../../schema/types';
import type { RootLoadPlan } from '../load-plan';
import { duckDbType } from './duckdb-sql';

/**
 * A package loaded file by file while it is still being extracted (`stageTableFile`): its own connection holds
 * one open transaction with the rows inserted so far, which `loadPackage` completes and commits together with
 * the rest of the package. Nothing of it is visible to other connections before that commit, and a crash rolls
 * it back: the package's files stay the only source of truth.
 */
export class DuckDbStreamedLoad {
  /** Files inserted per table (lowercased name), with the rows they gave. */
  private readonly staged = new Map<string, { files: Set<string>; rows: number }>();
  /** DuckDB type of each column this transaction created: table → column (lowercased) → type. */
  private readonly created = new Map<string, Map<string, string>>();
  readonly ddl: string[] = [];
  /** Set when staging failed or was refused: the transaction is gone and `loadPackage` loads every file. */
  failed = false;
  private open = true;

  /**
   * The dataset's tables and their columns (lowercased), as this transaction sees them: read once when it began and
   * kept up to date with the DDL it runs (`migrateTables` adds to it). A transaction sees its snapshot, so another
   * catalog query would only tell the same again, at the price of a round trip that waits for the pipeline's busy
   * thread.
   */
  readonly catalog = new Map<string, Set<string>>();

  constructor(readonly loadId: string, readonly connection: DuckDBConnection) {}

  get stagedFiles(): number {
    let n = 0;
    for (const t of this.staged.values()) n += t.files.size;
    return n;
  }

  isStaged(table: string, file: string): boolean {
    return this.staged.get(table.toLowerCase())?.files.has(file) === true;
  }

  record(table: string, file: string, rows: number): void {
    const key = table.toLowerCase();
    const entry = this.staged.get(key) ?? { files: new Set<string>(), rows: 0 };
    entry.files.add(file);
    entry.rows += rows;
    this.staged.set(key, entry);
  }

  noteCreated(table: string, column: string, type: string): void {
    const key = table.toLowerCase();
    const columns = this.created.get(key) ?? new Map<string, string>();
    columns.set(column.toLowerCase(), type);
    this.created.set(key, columns);
  }

  /** True when `table` and every column of it exist in this transaction. */
  hasColumnsOf(table: TableSchema): boolean {
    const columns = this.catalog.get(table.name.toLowerCase());
    if (!columns) return false;
    for (const name of Object.keys(table.columns)) if (!columns.has(name.toLowerCase())) return false;
    return true;
  }

  /** Rows staged for `table`. */
  rowsOf(table: string): number {
    return this.staged.get(table.toLowerCase())?.rows ?? 0;
  }

  /** `files` of `table` not staged yet. */
  remaining(table: string, files: string[]): string[] {
    const staged = this.staged.get(table.toLowerCase())?.files;
    return staged ? files.filter((f) => !staged.has(f)) : files;
  }

  /** Why the staged rows cannot stand for their files in the package's load, or undefined when they can. */
  mismatch(plans: RootLoadPlan[]): string | undefined {
    const planned = new Map<string, { schema: TableSchema; files: string[]; append: boolean }>();
    for (const plan of plans) {
      for (const t of [plan.root, ...plan.nested]) {
        planned.set(t.schema.name.toLowerCase(), { schema: t.schema, files: t.files, append: plan.disposition === 'append' });
      }
    }
    for (const [table, { files }] of this.staged) {
      const plan = planned.get(table);
      if (!plan) return `table \`${table}\` was staged but is not in the package`;
      if (!plan.append) return `table \`${table}\` was staged but is not appended`;
      for (const file of files) if (!plan.files.includes(file)) return `file ${file} was staged but is not in the package`;
    }
    for (const [table, columns] of this.created) {
      const schema = planned.get(table)?.schema;
      if (!schema) return `table \`${table}\` was created while staging but is not in the package`;
      const final = new Map(Object.values(schema.columns).map((c) => [c.name.toLowerCase(), duckDbType(c)]));
      for (const [column, type] of columns) {
        // e.g. a column created as BIGINT that the package's later rows widened to DOUBLE
        if (final.get(column) !== type) return `column \`${table}.${column}\` was created as ${type}, the package has it as ${final.get(column) ?? 'missing'}`;
      }
    }
    return undefined;
  }

  /** Rolls back whatever is open and closes the connection (idempotent). */
  async end(): Promise<void> {
    if (!this.open) return;
    this.open = false;
    await this.connection.run('ROLLBACK').catch(() => undefined);
    this.connection.closeSync();
  }

  /** After COMMIT: closes the connection. */
  close(): void {
    if (!this.open) return;
    this.open = false;
    this.connection.closeSync();
  }
}
