import { mkdirSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import { StatementType } from '@duckdb/node-api';
import type { DuckDBConnection, DuckDBInstance, DuckDBValue } from '@duckdb/node-api';
import { DestinationError } from '../../errors/destination-error';
import { SluiceError, isSluiceError } from '../../errors/sluice-error';
import type { Logger } from '../../logger';
import { silentLogger } from '../../logger';
import type { ColumnSchema, Schema, TableSchema } from '../../schema/types';
import { C_DLT_ID } from '../../normalize/table-state';
import type {
  Destination, DestinationCapabilities, PackageLoadJob, PackageLoadResult, PipelineStateDoc, StagedTableFile, StoredPipeline,
} from '../destination';
import { planLoad } from '../load-plan';
import type { RootLoadPlan } from '../load-plan';
import {
  LOAD_STATUS_COMPLETE, LOADS_TABLE, PIPELINE_STATE_TABLE, SYSTEM_TABLES, VERSION_TABLE, stateVersionHash,
} from '../system-tables';
import { deleteAllSql, dropStagingSql, insertFromFilesSql, MAX_OBJECT_BYTES, mergeNestedInsertSql, mergeSql } from './duckdb-load-sql';
import { DuckDbStreamedLoad } from './duckdb-streamed-load';
import { duckDbType, qualifiedName, quoteIdentifier, schemaName } from './duckdb-sql';
import type { SchemaRef } from './duckdb-sql';
import { acquireInstance, releaseInstance } from './duckdb-instances';
import { readerToRows } from './duckdb-values';

export interface DuckDbDestinationOptions {
  /** Database file, or `:memory:`. */
  path: string;
  /** The DuckDB schema that holds the tables. */
  datasetName: string;
  logger?: Logger;
  /** DuckDB's `memory_limit` in MB (raised for a read whose lines may be longer than it allows). Default for a
   *  file database: 160, so that memory stays flat however many rows a load adds (DuckDB's own default, 80% of RAM,
   *  lets its cache of written blocks grow with the load); 0: DuckDB's default. `:memory:` keeps DuckDB's default
   *  (its data lives in that memory). */
  memoryLimitMb?: number;
}

const DEFAULT_MEMORY_LIMIT_MB = 160;

/**
 * Table file parts of 1 MB rather than the default 4: each part that closes during extraction is staged into the
 * load's transaction at once, so less is left to insert after the last page. DuckDB's own cost per statement is
 * small (the anchor's items inserted from 4, 13 or 25 parts alike). Measured on the anchor workload at 100,000
 * records: load step 0.34-0.39 s against 0.47-0.53 s, time ratios 0.90-0.99 in four paired comparisons of 8-12
 * pairs. At 500,000: 1.006 and 0.993 (3 and 4 pairs), no faster, with 7% more CPU.
 */
const DUCKDB_PART_BYTES = 2 ** 20;

/**
 * Loads packages into a DuckDB file (or `:memory:`); the dataset is a DuckDB schema. Every package is one
 * transaction: data, write dispositions, `_dlt_loads`, `_dlt_pipeline_state` and `_dlt_version` commit together.
 *
 * Load path: one `INSERT … SELECT … FROM read_json([files], columns={…})` per table and package (never row inserts).
 * Measured once (test/core/destinations/measure-duckdb-load.ts): 1M rows × 9 columns (bigint, text, double, bool,
 * timestamp, decimal(38,9), json, 2 text ids) in 20 NDJSON files into a file database: 23.9 s = ~42k rows/s, while the
 * shared 2-core machine ran at load average ~14 (other engineers' builds). Per-column costs measured the same way add
 * up to that figure; an idle machine should be several times faster (DEPENDENCIES.md: read_json ~290k rows/s).
 * Wide decimals were the one hot spot (string → DECIMAL(38,9) ~6× slower): see `fileValueExpression`.
 */
export class DuckDbDestination implements Destination {
  readonly type = 'duckdb' as const;
  readonly datasetName: string;
  /** DuckDB has no practical identifier limit; dlt uses 65536 for it too. */
  readonly capabilities: DestinationCapabilities = {
    maxIdentifierLength: 65536, transactional: true, tableFileFormat: 'jsonl_columns', tablePartBytes: DUCKDB_PART_BYTES,
  };
  readonly path: string;
  private readonly logger: Logger;
  private readonly memoryLimitMb: number;
  private appliedLimitMb: number | undefined;
  private threads: number | undefined;
  private instance: DuckDBInstance | undefined;
  private connection: DuckDBConnection | undefined;
  /** The database's catalog name (the file's base name, `memory` for `:memory:`). */
  private catalog: string | undefined;
  /** The signal of the load in progress: checked between statements, and it interrupts a running one. */
  private loadSignal: AbortSignal | undefined;
  /** One connection, one transaction at a time: calls queue here. */
  private queue: Promise<unknown> = Promise.resolve();
  /** The package being loaded ahead of its `loadPackage` (see `stageTableFile`). */
  private streamed: DuckDbStreamedLoad | undefined;
  /** While set, statements run on this connection (the streamed load's) instead of the main one. */
  private active: DuckDBConnection | undefined;

  constructor(options: DuckDbDestinationOptions) {
    if (options.datasetName.trim() === '') {
      throw new DestinationError({ destination: 'duckdb', operation: 'configuring', problem: 'expected a non-empty `datasetName`, got an empty string' });
    }
    this.path = options.path === ':memory:' ? ':memory:' : resolve(options.path);
    this.datasetName = options.datasetName;
    this.logger = options.logger ?? silentLogger;
    this.memoryLimitMb = options.memoryLimitMb ?? (this.path === ':memory:' ? 0 : DEFAULT_MEMORY_LIMIT_MB);
  }

  get stagingDatasetName(): string {
    return `${this.datasetName}_staging`;
  }

  private get dataset(): SchemaRef {
    return { catalog: this.catalog, schema: this.datasetName };
  }

  private get staging(): SchemaRef {
    return { catalog: this.catalog, schema: this.stagingDatasetName };
  }

  async open(): Promise<void> {
    if (this.connection) return;
    try {
      if (this.path !== ':memory:') mkdirSync(dirname(this.path), { recursive: true });
      this.instance = await acquireInstance(this.path);
      this.connection = await this.instance.connect();
      this.appliedLimitMb = undefined;
      await this.fitMemory(0);
      // DuckDB buffers up to 5 full row groups of a transaction's inserts before compressing and writing them, so a
      // load of under ~600k rows was compressed at COMMIT, after the run's last page. Writing each row group as it
      // fills moves that work into staging, beside the extract (measured at 100k records: COMMIT 0.45 → 0.12 s).
      await this.connection.run('SET write_buffer_row_group_count = 1');
      const rows = readerToRows(await this.connection.runAndReadAll('SELECT current_database() AS catalog'));
      this.catalog = String(rows[0]?.catalog);
    } catch (cause) {
      if (this.instance) releaseInstance(this.path, this.instance);
      this.instance = undefined;
      this.connection = undefined;
      const problem = messageOf(cause);
      // DuckDB allows one writing process per file: say who to close rather than only quoting the lock error.
      const hint = /Could not set lock/i.test(problem)
        ? '; another process has the file open (a running pipeline, the DuckDB CLI or a notebook): close it and retry'
        : '';
      throw new DestinationError(
        { destination: 'duckdb', operation: `opening database ${this.path}`, problem: problem + hint },
        { cause },
      );
    }
  }

  async close(): Promise<void> {
    await this.exclusive(async () => {
      await this.takeStreamed(undefined);
      this.connection?.closeSync();
      if (this.instance) releaseInstance(this.path, this.instance);
      this.connection = undefined;
      this.instance = undefined;
    });
  }

  ensureDataset(): Promise<void> {
    return this.exclusive(async () => {
      await this.createDatasetAndSystemTables();
    });
  }

  migrateSchema(schema: Schema, tables: string[]): Promise<string[]> {
    return this.exclusive(async () => {
      const conn = this.conn();
      await this.createDatasetAndSystemTables();
      const wanted = tables.map((name) => {
        const table = schema.tables[name];
        if (!table) {
          throw new DestinationError({
            destination: 'duckdb', operation: 'migrating the schema', table: name, dataset: this.datasetName,
            problem: `the table is not in schema \`${schema.name}\`; valid tables are: ${Object.keys(schema.tables).join(', ')}`,
          });
        }
        return table;
      });
      await conn.run('BEGIN TRANSACTION');
      try {
        const ddl = await this.migrateTables(wanted);
        await conn.run('COMMIT');
        return ddl;
      } catch (error) {
        await conn.run('ROLLBACK');
        throw error;
      }
    });
  }

  loadPackage(job: PackageLoadJob): Promise<PackageLoadResult> {
    return this.exclusive(async () => {
      let streamed = await this.takeStreamed(job.loadId);
      const main = this.conn();
      await this.createDatasetAndSystemTables();
      const skipped: PackageLoadResult = { loadId: job.loadId, rows: {}, ddl: [], alreadyCommitted: true };
      if (await this.loadCommitted(job.loadId)) {
        await streamed?.end();
        return skipped;
      }
      const plans = planLoad(job);
      // Appending is faster on one thread here, even with both cores free: DuckDB alone inserting the 100,000
      // anchor records' files took 0.82-0.93 s on one thread, 1.18-1.21 s on two (which then merge their row
      // groups). Merges and replaces, whose joins and sorts do split, keep DuckDB's default.
      await this.setThreads(plans.every((plan) => plan.disposition === 'append') ? 1 : undefined);
      if (streamed) {
        const why = streamed.failed ? 'staging failed' : streamed.mismatch(plans);
        if (why !== undefined) {
          this.logger.debug(`Package ${job.loadId}: not using its staged rows (${why}); loading every file`);
          await streamed.end();
          streamed = undefined;
        }
      }
      // The streamed load's transaction is open already, with the staged rows in it: carry on in it.
      this.active = streamed?.connection;
      const conn = this.conn();
      const started = Date.now();
      const signal = job.signal;
      const cancelled = (): SluiceError => new SluiceError(
        'RUN_CANCELLED',
        `loading package ${job.loadId} into DuckDB dataset \`${this.datasetName}\` was cancelled; nothing was committed and the package can be loaded again`,
        { cause: signal?.reason },
      );
      const interrupt = (): void => conn.interrupt();
      try {
        if (signal?.aborted) throw cancelled();
        signal?.addEventListener('abort', interrupt, { once: true });
        this.loadSignal = signal;
        if (!streamed) await conn.run('BEGIN TRANSACTION');
        // The guard inside the transaction: two writers of one file would conflict here rather than load twice.
        if (await this.loadCommitted(job.loadId)) {
          await conn.run('ROLLBACK');
          return skipped;
        }
        const tables = plans.flatMap((p) => [p.root.schema, ...p.nested.map((n) => n.schema)]);
        const ddl = [...(streamed?.ddl ?? []), ...await this.migrateTables(tables, undefined, streamed?.catalog)];
        const rows: Record<string, number> = {};
        for (const plan of plans) await this.loadRoot(plan, job.loadId, rows, streamed);
        await this.writeSystemRows(job);
        if (signal?.aborted) throw cancelled();
        await conn.run('COMMIT');
        const ahead = streamed ? ` (${streamed.stagedFiles} files staged during extraction)` : '';
        this.logger.debug(`Loaded package ${job.loadId} into DuckDB \`${this.datasetName}\` in ${Date.now() - started} ms${ahead}`);
        return { loadId: job.loadId, rows, ddl };
      } catch (error) {
        await conn.run('ROLLBACK').catch(() => undefined);
        if (signal?.aborted) throw cancelled();
        if (isSluiceError(error)) throw error;
        throw new DestinationError(
          { destination: 'duckdb', operation: 'loading the package', dataset: this.datasetName, loadId: job.loadId, problem: messageOf(error) },
          { cause: error },
        );
      } finally {
        signal?.removeEventListener('abort', interrupt);
        this.loadSignal = undefined;
        this.active = undefined;
        if (streamed && main !== conn) streamed.close();
        await this.setThreads(undefined);
      }
    });
  }

  /**
   * Loads a finished file of a package still being extracted into an open transaction on a second connection
   * (append tables only: replace and merge need the whole package). `loadPackage` of the same load id then loads
   * the remaining files in that transaction and commits it with the system rows; until then nothing is visible,
   * and a crash rolls it all back. Never rejects: on any problem the staging is dropped and `loadPackage` loads
   * every file.
   */
  stageTableFile(file: StagedTableFile): Promise<void> {
    return this.exclusive(async () => {
      if (file.writeDisposition !== 'append' || !this.connection || !this.instance) return;
      try {
        const load = await this.streamedLoadFor(file.loadId);
        if (load.failed) return;
        if (!load.hasColumnsOf(file.table)) {
          load.ddl.push(...await this.migrateTables([file.table], (table, column, type) => load.noteCreated(table, column, type), load.catalog));
        }
        const rows = await this.insertFiles(file.table, [file.file], file.loadId);
        load.record(file.table.name, file.file, rows);
      } catch (error) {
        this.logger.debug(`Staging ${file.file} of package ${file.loadId} failed (${messageOf(error)}); its load reads every file`);
        await this.failStreamed(file.loadId);
      } finally {
        this.active = undefined;
      }
    });
  }

  /**
   * The streamed load of `loadId`, begun if need be (one of another load id is rolled back), with its connection
   * active. A load that failed stays, marked failed, so that the package's other files are not tried either.
   */
  private async streamedLoadFor(loadId: string): Promise<DuckDbStreamedLoad> {
    const current = this.streamed;
    if (current?.loadId === loadId) {
      this.active = current.connection;
      return current;
    }
    if (current) await this.takeStreamed(undefined);
    await this.createDatasetAndSystemTables();
    // Staging runs beside the pipeline's own thread: one DuckDB thread uses the other core without fighting it
    // (measured on 2 cores: ~20% less CPU for the same inserts, and faster). loadPackage sets it back when done.
    await this.setThreads(1);
    const load = new DuckDbStreamedLoad(loadId, await this.instance!.connect());
    this.streamed = load;
    this.active = load.connection;
    await load.connection.run('BEGIN TRANSACTION');
    // A package already committed is never loaded again: leave it to loadPackage to say so.
    if (await this.loadCommitted(loadId)) throw new Error('the package is committed already');
    for (const [table, columns] of await this.catalogColumns()) load.catalog.set(table, columns);
    return load;
  }

  /** Marks the streamed load of `loadId` failed and rolls it back: its package's load reads every file. */
  private async failStreamed(loadId: string): Promise<void> {
    const load = this.streamed;
    if (load?.loadId !== loadId) return;
    load.failed = true;
    await load.end();
  }

  discardStaged(loadId: string): Promise<void> {
    return this.exclusive(async () => {
      if (this.streamed?.loadId === loadId) await this.takeStreamed(undefined);
      await this.setThreads(undefined);
    });
  }

  isLoadCommitted(loadId: string): Promise<boolean> {
    return this.exclusive(async () => (await this.systemTablesExist()) && this.loadCommitted(loadId));
  }

  restorePipeline(pipelineName: string): Promise<StoredPipeline | undefined> {
    return this.exclusive(async () => {
      if (!(await this.systemTablesExist())) return undefined;
      const [stateRow] = await this.select(
        `SELECT s."state" AS state, l."schema_name" AS schema_name FROM ${this.table(PIPELINE_STATE_TABLE)} AS s ` +
          `LEFT JOIN ${this.table(LOADS_TABLE)} AS l ON l."load_id" = s."_dlt_load_id" ` +
          `WHERE s."pipeline_name" = ? ORDER BY s."created_at" DESC, s."version" DESC LIMIT 1`,
        [pipelineName],
      );
      if (!stateRow) return undefined;
      const state = JSON.parse(String(stateRow.state)) as PipelineStateDoc;
      const bySchema = typeof stateRow.schema_name === 'string';
      const [versionRow] = await this.select(
        `SELECT "schema" AS schema FROM ${this.table(VERSION_TABLE)} ${bySchema ? 'WHERE "schema_name" = ? ' : ''}` +
          'ORDER BY "inserted_at" DESC, "version" DESC LIMIT 1',
        bySchema ? [String(stateRow.schema_name)] : [],
      );
      const stored: StoredPipeline = { state };
      if (versionRow) stored.schema = JSON.parse(String(versionRow.schema)) as Schema;
      return stored;
    });
  }

  /** Runs one reading statement (SELECT, WITH, FROM, SHOW, DESCRIBE, SUMMARIZE, EXPLAIN): the data browser passes
   *  user SQL here, and it must not change the dataset behind the pipeline's back. */
  query(sql: string): Promise<Record<string, unknown>[]> {
    return this.exclusive(async () => {
      const fail = (problem: string, cause?: unknown): DestinationError =>
        new DestinationError({ destination: 'duckdb', operation: 'running a query', problem }, { cause });
      let prepared;
      try {
        const statements = await this.conn().extractStatements(sql);
        if (statements.count !== 1) throw fail(`expected exactly one SQL statement, got ${statements.count}`);
        prepared = await statements.prepare(0);
      } catch (cause) {
        throw isSluiceError(cause) ? cause : fail(messageOf(cause), cause);
      }
      if (!READING_STATEMENTS.has(prepared.statementType)) {
        const kind = StatementType[prepared.statementType] ?? String(prepared.statementType);
        throw fail(`only reading statements are allowed here (SELECT, WITH, FROM, SHOW, DESCRIBE, SUMMARIZE, EXPLAIN), got ${kind}`);
      }
      try {
        return readerToRows(await prepared.runAndReadAll());
      } catch (cause) {
        throw fail(messageOf(cause), cause);
      }
    });
  }

  // ---- internals (callers hold the queue) ----

  private exclusive<T>(work: () => Promise<T>): Promise<T> {
    const next = this.queue.then(work, work);
    this.queue = next.catch(() => undefined);
    return next;
  }

  /** Detaches the streamed load of `loadId` (for loadPackage to finish); any other is rolled back. */
  private async takeStreamed(loadId: string | undefined): Promise<DuckDbStreamedLoad | undefined> {
    const load = this.streamed;
    this.streamed = undefined;
    if (load && (load.loadId !== loadId || load.failed)) {
      await load.end();
      return load.loadId === loadId ? load : undefined;
    }
    return load;
  }

  private conn(): DuckDBConnection {
    if (this.active) return this.active;
    if (!this.connection) {
      throw new DestinationError({ destination: 'duckdb', operation: 'using the database', problem: `it is not open; call open() first (database ${this.path})` });
    }
    return this.connection;
  }

  private table(name: string): string {
    return qualifiedName(this.dataset, name);
  }

  private async select(sql: string, values: DuckDBValue[] = []): Promise<Record<string, unknown>[]> {
    return readerToRows(await this.conn().runAndReadAll(sql, values));
  }

  private async createDatasetAndSystemTables(): Promise<void> {
    const conn = this.conn();
    await conn.run(`CREATE SCHEMA IF NOT EXISTS ${schemaName(this.dataset)}`);
    for (const table of Object.values(SYSTEM_TABLES)) {
      // A key on `_dlt_loads.load_id` (a small table) makes two writers of one load id conflict at commit instead of
      // both committing; data tables get no keys, which would slow every load.
      await conn.run(createTableSql(this.dataset, table, 'IF NOT EXISTS', table.name === LOADS_TABLE ? ['load_id'] : []));
    }
  }

  private async systemTablesExist(): Promise<boolean> {
    const rows = await this.select(
      'SELECT count(*) AS n FROM information_schema.tables WHERE table_catalog = ? AND table_schema = ? AND table_name = ?',
      [this.catalog ?? '', this.datasetName, LOADS_TABLE],
    );
    return rows[0]?.n === 1;
  }

  private async loadCommitted(loadId: string): Promise<boolean> {
    const rows = await this.select(`SELECT 1 AS found FROM ${this.table(LOADS_TABLE)} WHERE "load_id" = ? LIMIT 1`, [loadId]);
    return rows.length > 0;
  }

  /** The dataset's tables and their columns, lowercased (DuckDB compares identifiers case-insensitively). */
  private async catalogColumns(): Promise<Map<string, Set<string>>> {
    const existing = await this.select(
      'SELECT table_name, column_name FROM information_schema.columns WHERE table_catalog = ? AND table_schema = ?',
      [this.catalog ?? '', this.datasetName],
    );
    const columnsByTable = new Map<string, Set<string>>();
    for (const row of existing) {
      const key = String(row.table_name).toLowerCase();
      const set = columnsByTable.get(key) ?? new Set<string>();
      set.add(String(row.column_name).toLowerCase());
      columnsByTable.set(key, set);
    }
    return columnsByTable;
  }

  /** Creates missing tables and adds missing columns (always nullable: existing rows have no value); tells
   *  `onCreated` the type of each column it created. */
  private async migrateTables(
    tables: TableSchema[],
    onCreated?: (table: string, column: string, type: string) => void,
    /** What the current transaction has, when known (a streamed load's): updated with what this creates. */
    known?: Map<string, Set<string>>,
  ): Promise<string[]> {
    const conn = this.conn();
    const columnsByTable = known ?? await this.catalogColumns();
    const ddl: string[] = [];
    for (const table of tables) {
      const have = columnsByTable.get(table.name.toLowerCase());
      const statements = have === undefined
        ? [createTableSql(this.dataset, table)]
        : Object.values(table.columns)
          .filter((c) => !have.has(c.name.toLowerCase()))
          .map((c) => `ALTER TABLE ${this.table(table.name)} ADD COLUMN ${quoteIdentifier(c.name)} ${duckDbType(c)}`);
      for (const sql of statements) {
        try {
          await conn.run(sql);
        } catch (cause) {
          throw new DestinationError(
            { destination: 'duckdb', operation: have === undefined ? 'creating the table' : 'adding columns', table: table.name, dataset: this.datasetName, problem: messageOf(cause) },
            { cause },
          );
        }
        ddl.push(sql);
      }
      const added = have === undefined ? Object.values(table.columns) : Object.values(table.columns).filter((c) => !have.has(c.name.toLowerCase()));
      for (const c of added) onCreated?.(table.name, c.name, duckDbType(c));
      if (have === undefined) columnsByTable.set(table.name.toLowerCase(), new Set(Object.keys(table.columns).map((c) => c.toLowerCase())));
      else for (const c of added) have.add(c.name.toLowerCase());
    }
    return ddl;
  }

  /** Applies the memory limit, raised so that DuckDB's JSON reader (buffers of about twice the longest line it
   *  allows, one per thread) fits a read of lines up to `objectBytes`. A global setting of the database. */
  private async fitMemory(objectBytes: number): Promise<void> {
    if (this.memoryLimitMb <= 0) return;
    const wanted = Math.max(this.memoryLimitMb, Math.ceil((6 * objectBytes) / 2 ** 20));
    if (wanted === this.appliedLimitMb) return;
    try {
      await this.conn().run(`SET memory_limit = '${wanted}MiB'`);
      this.appliedLimitMb = wanted;
    } catch (error) {
      this.logger.debug(`DuckDB refused memory_limit ${wanted}MiB: ${messageOf(error)}`);
    }
  }

  /** DuckDB's worker threads: `undefined` for its default (one per core). A global setting of the database. */
  private async setThreads(threads: number | undefined): Promise<void> {
    if (threads === this.threads) return;
    try {
      await this.conn().run(threads === undefined ? 'RESET threads' : `SET threads = ${threads}`);
      this.threads = threads;
    } catch (error) {
      this.logger.debug(`DuckDB refused to set threads: ${messageOf(error)}`);
    }
  }

  /** An INSERT … read_json of `files`, with the memory it needs. */
  private async insertFiles(table: TableSchema, files: string[], loadId: string): Promise<number> {
    const limit = objectLimit(files);
    await this.fitMemory(limit);
    return this.run(insertFromFilesSql(this.dataset, table, files, undefined, limit), table.name, loadId);
  }

  private async run(sql: string, table: string, loadId: string): Promise<number> {
    // An interrupt between statements is lost, so check the signal before each one too.
    if (this.loadSignal?.aborted) throw new Error('cancelled');
    try {
      return (await this.conn().run(sql)).rowsChanged;
    } catch (cause) {
      throw new DestinationError(
        { destination: 'duckdb', operation: 'loading', table, dataset: this.datasetName, loadId, problem: messageOf(cause) },
        { cause },
      );
    }
  }

  private async loadRoot(plan: RootLoadPlan, loadId: string, rows: Record<string, number>, streamed?: DuckDbStreamedLoad): Promise<void> {
    const group = [plan.root, ...plan.nested];
    const insertAll = async (): Promise<void> => {
      for (const t of group) {
        // Files staged during extraction are in the transaction already (only append tables are staged).
        const files = streamed ? streamed.remaining(t.schema.name, t.files) : t.files;
        const inserted = files.length === 0 ? 0 : await this.insertFiles(t.schema, files, loadId);
        rows[t.schema.name] = inserted + (streamed?.rowsOf(t.schema.name) ?? 0);
      }
    };
    switch (plan.disposition) {
      case 'append':
        await insertAll();
        return;
      case 'replace':
        for (const t of group) await this.run(deleteAllSql(this.dataset, t.schema.name), t.schema.name, loadId);
        await insertAll();
        return;
      case 'merge':
        await this.merge(plan, loadId, rows);
    }
  }

  private async merge(plan: RootLoadPlan, loadId: string, rows: Record<string, number>): Promise<void> {
    const root = plan.root.schema.name;
    if (plan.root.files.length === 0) {
      // No root rows: nothing to replace, and nested rows without a root row would be orphans.
      for (const t of [plan.root, ...plan.nested]) rows[t.schema.name] = 0;
      return;
    }
    for (const nested of plan.nested) {
      if (!('_dlt_root_id' in nested.schema.columns)) {
        throw new DestinationError({
          destination: 'duckdb', operation: 'merging', table: nested.schema.name, dataset: this.datasetName, loadId,
          problem: `nested table of merge table \`${root}\` has no \`_dlt_root_id\` column; expected the normalizer to add it to every nested table of a merge resource`,
        });
      }
    }
    await this.conn().run(`CREATE SCHEMA IF NOT EXISTS ${schemaName(this.staging)}`);
    const limit = objectLimit([...plan.root.files, ...plan.nested.flatMap((n) => n.files)]);
    await this.fitMemory(limit);
    const statements = mergeSql(this.dataset, this.staging, plan, limit);
    const insertRoot = statements.pop()!;
    for (const sql of statements) await this.run(sql, root, loadId);
    rows[root] = await this.run(insertRoot, root, loadId);
    for (const nested of plan.nested) {
      rows[nested.schema.name] = nested.files.length === 0
        ? 0
        : await this.run(mergeNestedInsertSql(this.dataset, this.staging, plan, nested.schema, nested.files, limit), nested.schema.name, loadId);
    }
    await this.run(dropStagingSql(this.staging, root), root, loadId);
  }

  private async writeSystemRows(job: PackageLoadJob): Promise<void> {
    const conn = this.conn();
    await conn.run(
      `INSERT INTO ${this.table(LOADS_TABLE)} ("load_id", "schema_name", "status", "inserted_at", "schema_version_hash") VALUES (?, ?, ?, now(), ?)`,
      [job.loadId, job.schema.name, LOAD_STATUS_COMPLETE, job.schema.version_hash],
    );
    const hash = stateVersionHash(job.state);
    const [newest] = await this.select(
      `SELECT "version_hash" AS hash FROM ${this.table(PIPELINE_STATE_TABLE)} WHERE "pipeline_name" = ? ORDER BY "created_at" DESC, "version" DESC LIMIT 1`,
      [job.pipelineName],
    );
    if (newest?.hash !== hash) {
      await conn.run(
        `INSERT INTO ${this.table(PIPELINE_STATE_TABLE)} ("version", "engine_version", "pipeline_name", "state", "created_at", "version_hash", "_dlt_load_id", "_dlt_id") ` +
          'VALUES (?, ?, ?, ?, now(), ?, ?, ?)',
        [job.state.version, job.state.engine_version, job.pipelineName, JSON.stringify({ ...job.state, last_load_id: job.loadId }), hash, job.loadId, newRowId()],
      );
    }
    await conn.run(
      `INSERT INTO ${this.table(VERSION_TABLE)} ("version", "engine_version", "inserted_at", "schema_name", "version_hash", "schema") ` +
        `SELECT ?, ?, now(), ?, ?, ? WHERE NOT EXISTS (SELECT 1 FROM ${this.table(VERSION_TABLE)} WHERE "schema_name" = ? AND "version_hash" = ?)`,
      [job.schema.version, job.schema.engine_version, job.schema.name, job.schema.version_hash, JSON.stringify(job.schema), job.schema.name, job.schema.version_hash],
    );
  }
}

const READING_STATEMENTS: ReadonlySet<StatementType> = new Set([StatementType.SELECT, StatementType.EXPLAIN]);

/**
 * `_dlt_id` holds a unique text per row: DuckDB's dictionary compression can never shrink it. With the random
 * ids Sluice wrote before (and that packages of an earlier Sluice still hold), DuckDB tried it on every segment and
 * on many then stored the ids uncompressed; told to use FSST, it skipped that work (measured loading the anchor's
 * records: 3–8% less DuckDB CPU, files of 19.0 instead of 19.3–21.0 MB at 100,000 records). The numbered ids of
 * today (`rowIdPrefix`) DuckDB packs with FSST either way: 12.1–12.3 MB at 100,000 records, with or without this.
 */
const COLUMN_COMPRESSION: Readonly<Record<string, string>> = { [C_DLT_ID]: 'fsst' };

function columnSql(column: ColumnSchema): string {
  const compression = COLUMN_COMPRESSION[column.name];
  return `${quoteIdentifier(column.name)} ${duckDbType(column)}${column.nullable === false ? ' NOT NULL' : ''}` +
    (compression && column.data_type === 'text' ? ` USING COMPRESSION ${compression}` : '');
}

function createTableSql(dataset: SchemaRef, table: TableSchema, ifNotExists = '', primaryKey: string[] = []): string {
  const columns = Object.values(table.columns).map(columnSql);
  if (primaryKey.length > 0) columns.push(`PRIMARY KEY (${primaryKey.map(quoteIdentifier).join(', ')})`);
  return `CREATE TABLE ${ifNotExists ? `${ifNotExists} ` : ''}${qualifiedName(dataset, table.name)} (${columns.join(', ')})`;
}

/**
 * `maximum_object_size` for reading `files`: no line is longer than its file, and DuckDB sizes its read buffers
 * from this limit (256 MB made each read allocate up to 512 MB), so the largest file's size bounds memory instead.
 */
function objectLimit(files: string[]): number {
  let largest = 0;
  for (const file of files) {
    try {
      largest = Math.max(largest, statSync(file).size);
    } catch {
      return MAX_OBJECT_BYTES;
    }
  }
  return Math.min(MAX_OBJECT_BYTES, Math.max(2 ** 20, largest + 1));
}

/** dlt-style row id: 14 url-safe base64 characters. */
function newRowId(): string {
  return randomBytes(10).toString('base64url').slice(0, 14);
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
