import { DuckDBInstance, StatementType, type DuckDBConnection, type DuckDBPreparedStatement, type DuckDBValue } from '@duckdb/node-api';
import { translateSql, quoteDuck } from './sql-translator';
import { bqTypeForDuck, canonicalType, cellFor, duckTypeFor, type BqField } from './types';

/** An error the REST layer turns into BigQuery's error body. */
export class BqApiError extends Error {
  constructor(readonly status: number, readonly reason: string, message: string) {
    super(message);
  }
}

export interface TableResource {
  tableReference: { projectId: string; datasetId: string; tableId: string };
  schema?: { fields: BqField[] };
  timePartitioning?: { type: string; field?: string; expirationMs?: string };
  clustering?: { fields: string[] };
  description?: string;
  labels?: Record<string, string>;
  [key: string]: unknown;
}

export interface QueryParameter {
  name?: string;
  parameterType: { type: string };
  parameterValue?: { value?: string | null };
}

export interface QueryOutcome {
  fields: { name: string; type: string; mode: string }[];
  rows: { f: { v: string | null }[] }[];
  statementType: string;
  numDmlAffectedRows?: number;
}

const META = '_bq_emulator';
const PARTITION_TYPES = new Set(['TIMESTAMP', 'DATE', 'DATETIME']);
const UNCLUSTERABLE = new Set(['JSON', 'FLOAT64', 'RECORD', 'STRUCT']);

/** What a BigQuery dataset and its tables are, kept in DuckDB: each dataset is a DuckDB schema. */
export class BigQueryEngine {
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(private readonly instance: DuckDBInstance, readonly db: DuckDBConnection) {}

  static async create(path = ':memory:'): Promise<BigQueryEngine> {
    const instance = await DuckDBInstance.create(path);
    const db = await instance.connect();
    await db.run("SET TimeZone = 'UTC'");
    await db.run(`CREATE SCHEMA IF NOT EXISTS ${META}`);
    await db.run(`CREATE TABLE IF NOT EXISTS ${META}.datasets (dataset_id VARCHAR PRIMARY KEY, resource VARCHAR)`);
    await db.run(`CREATE TABLE IF NOT EXISTS ${META}.tables (dataset_id VARCHAR, table_id VARCHAR, resource VARCHAR, PRIMARY KEY (dataset_id, table_id))`);
    // Job history survives a restart with --db, as BigQuery's does: a rerun must still find its jobs.
    await db.run(`CREATE TABLE IF NOT EXISTS ${META}.jobs (job_id VARCHAR PRIMARY KEY, resource VARCHAR)`);
    return new BigQueryEngine(instance, db);
  }

  /** One operation at a time: a multi-statement transaction must not interleave with another request. */
  serial<T>(work: () => Promise<T>): Promise<T> {
    const next = this.queue.then(work, work);
    this.queue = next.catch(() => undefined);
    return next;
  }

  close(): void {
    this.db.closeSync();
    this.instance.closeSync();
  }

  async loadJobs(): Promise<Record<string, unknown>[]> {
    const rows = (await this.db.runAndReadAll(`SELECT resource FROM ${META}.jobs`)).getRows();
    return rows.map((r) => JSON.parse(String(r[0])) as Record<string, unknown>);
  }

  async saveJob(jobId: string, resource: Record<string, unknown>): Promise<void> {
    await this.db.run(`INSERT OR REPLACE INTO ${META}.jobs VALUES ($id, $r)`, { id: jobId, r: JSON.stringify(resource) });
  }

  // ---- datasets -------------------------------------------------------------------------------------------------

  async getDataset(projectId: string, datasetId: string): Promise<Record<string, unknown>> {
    const rows = (await this.db.runAndReadAll(`SELECT resource FROM ${META}.datasets WHERE dataset_id = $id`, { id: datasetId })).getRows();
    if (rows.length === 0) throw new BqApiError(404, 'notFound', `Not found: Dataset ${projectId}:${datasetId}`);
    return JSON.parse(String(rows[0]![0])) as Record<string, unknown>;
  }

  async listDatasets(): Promise<Record<string, unknown>[]> {
    const rows = (await this.db.runAndReadAll(`SELECT resource FROM ${META}.datasets ORDER BY dataset_id`)).getRows();
    return rows.map((r) => JSON.parse(String(r[0])) as Record<string, unknown>);
  }

  async insertDataset(projectId: string, body: Record<string, unknown>): Promise<Record<string, unknown>> {
    const ref = body.datasetReference as { datasetId?: string } | undefined;
    const datasetId = ref?.datasetId;
    if (!datasetId || !/^[A-Za-z0-9_]{1,1024}$/.test(datasetId)) {
      throw new BqApiError(400, 'invalid', `Invalid dataset ID "${datasetId ?? ''}". Dataset IDs must be alphanumeric (plus underscores) and must be at most 1024 characters long.`);
    }
    const exists = (await this.db.runAndReadAll(`SELECT 1 FROM ${META}.datasets WHERE dataset_id = $id`, { id: datasetId })).getRows();
    if (exists.length > 0) throw new BqApiError(409, 'duplicate', `Already Exists: Dataset ${projectId}:${datasetId}`);
    const resource = {
      ...body,
      kind: 'bigquery#dataset',
      id: `${projectId}:${datasetId}`,
      datasetReference: { projectId, datasetId },
      location: (body.location as string | undefined) ?? 'US',
      creationTime: String(Date.now()),
      etag: `"${Date.now()}"`,
    };
    await this.db.run(`CREATE SCHEMA ${quoteDuck(datasetId)}`);
    await this.db.run(`INSERT INTO ${META}.datasets VALUES ($id, $r)`, { id: datasetId, r: JSON.stringify(resource) });
    return resource;
  }

  async deleteDataset(projectId: string, datasetId: string, deleteContents: boolean): Promise<void> {
    await this.getDataset(projectId, datasetId);
    const tables = (await this.db.runAndReadAll(`SELECT count(*) FROM ${META}.tables WHERE dataset_id = $id`, { id: datasetId })).getRows();
    if (Number(tables[0]![0]) > 0 && !deleteContents) {
      throw new BqApiError(400, 'resourceInUse', `Dataset ${projectId}:${datasetId} is still in use`);
    }
    await this.db.run(`DROP SCHEMA ${quoteDuck(datasetId)} CASCADE`);
    await this.db.run(`DELETE FROM ${META}.tables WHERE dataset_id = $id`, { id: datasetId });
    await this.db.run(`DELETE FROM ${META}.datasets WHERE dataset_id = $id`, { id: datasetId });
  }

  // ---- tables ---------------------------------------------------------------------------------------------------

  async findTable(datasetId: string, tableId: string): Promise<TableResource | undefined> {
    const rows = (await this.db.runAndReadAll(`SELECT resource FROM ${META}.tables WHERE dataset_id = $d AND table_id = $t`, { d: datasetId, t: tableId })).getRows();
    return rows.length === 0 ? undefined : JSON.parse(String(rows[0]![0])) as TableResource;
  }

  async getTable(projectId: string, datasetId: string, tableId: string): Promise<TableResource> {
    const table = await this.findTable(datasetId, tableId);
    if (!table) {
      await this.getDataset(projectId, datasetId);
      throw new BqApiError(404, 'notFound', `Not found: Table ${projectId}:${datasetId}.${tableId}`);
    }
    const count = (await this.db.runAndReadAll(`SELECT count(*) FROM ${quoteDuck(datasetId)}.${quoteDuck(tableId)}`)).getRows();
    return { ...table, numRows: String(count[0]![0]) };
  }

  async listTables(projectId: string, datasetId: string): Promise<TableResource[]> {
    await this.getDataset(projectId, datasetId);
    const rows = (await this.db.runAndReadAll(`SELECT resource FROM ${META}.tables WHERE dataset_id = $d ORDER BY table_id`, { d: datasetId })).getRows();
    return rows.map((r) => JSON.parse(String(r[0])) as TableResource);
  }

  async insertTable(projectId: string, datasetId: string, body: TableResource): Promise<TableResource> {
    const dataset = await this.getDataset(projectId, datasetId);
    const tableId = body.tableReference?.tableId;
    if (!tableId || !/^[\p{L}\p{M}\p{N}\p{Pc}\p{Pd}\p{Zs}]{1,1024}$/u.test(tableId)) {
      throw new BqApiError(400, 'invalid', `Invalid table ID "${tableId ?? ''}".`);
    }
    if (await this.findTable(datasetId, tableId)) throw new BqApiError(409, 'duplicate', `Already Exists: Table ${projectId}:${datasetId}.${tableId}`);
    const fields = body.schema?.fields ?? [];
    validateFields(fields);
    validatePartitioning(body, fields);
    const columns = fields.map((f) => `${quoteDuck(f.name)} ${duckTypeFor(f)}${f.mode === 'REQUIRED' ? ' NOT NULL' : ''}`);
    const resource: TableResource = {
      ...body,
      kind: 'bigquery#table',
      id: `${projectId}:${datasetId}.${tableId}`,
      tableReference: { projectId, datasetId, tableId },
      type: 'TABLE',
      location: dataset.location,
      creationTime: String(Date.now()),
      etag: `"${Date.now()}"`,
    };
    await this.db.run(`CREATE TABLE ${quoteDuck(datasetId)}.${quoteDuck(tableId)} (${columns.join(', ')})`);
    await this.db.run(`INSERT INTO ${META}.tables VALUES ($d, $t, $r)`, { d: datasetId, t: tableId, r: JSON.stringify(resource) });
    return resource;
  }

  /** tables.patch: only what BigQuery allows on a schema, i.e. new NULLABLE/REPEATED columns and REQUIRED → NULLABLE. */
  async patchTable(projectId: string, datasetId: string, tableId: string, body: Partial<TableResource>): Promise<TableResource> {
    const table = await this.getTable(projectId, datasetId, tableId);
    const name = `${projectId}:${datasetId}.${tableId}`;
    const added: BqField[] = [];
    if (body.schema) {
      const next = body.schema.fields;
      validateFields(next);
      const old = table.schema?.fields ?? [];
      for (const field of old) {
        const now = next.find((f) => f.name.toLowerCase() === field.name.toLowerCase());
        if (!now) throw new BqApiError(400, 'invalid', `Provided Schema does not match Table ${name}. Field ${field.name} is missing in new schema`);
        if (canonicalType(now.type) !== canonicalType(field.type)) {
          throw new BqApiError(400, 'invalid', `Provided Schema does not match Table ${name}. Field ${field.name} has changed type from ${field.type} to ${now.type}`);
        }
        if ((now.mode ?? 'NULLABLE') !== (field.mode ?? 'NULLABLE') && !(field.mode === 'REQUIRED' && (now.mode ?? 'NULLABLE') === 'NULLABLE')) {
          throw new BqApiError(400, 'invalid', `Provided Schema does not match Table ${name}. Field ${field.name} has changed mode from ${field.mode ?? 'NULLABLE'} to ${now.mode ?? 'NULLABLE'}`);
        }
      }
      for (const field of next) {
        if (old.some((f) => f.name.toLowerCase() === field.name.toLowerCase())) continue;
        if (field.mode === 'REQUIRED') throw new BqApiError(400, 'invalid', `Provided Schema does not match Table ${name}. Cannot add required fields to an existing schema. (field: ${field.name})`);
        added.push(field);
      }
    }
    for (const field of added) {
      await this.db.run(`ALTER TABLE ${quoteDuck(datasetId)}.${quoteDuck(tableId)} ADD COLUMN ${quoteDuck(field.name)} ${duckTypeFor(field)}`);
    }
    const { numRows: _rows, ...stored } = table;
    const resource: TableResource = { ...stored, ...body, tableReference: table.tableReference, etag: `"${Date.now()}"` };
    await this.db.run(`UPDATE ${META}.tables SET resource = $r WHERE dataset_id = $d AND table_id = $t`, { d: datasetId, t: tableId, r: JSON.stringify(resource) });
    return resource;
  }

  async deleteTable(projectId: string, datasetId: string, tableId: string): Promise<void> {
    await this.getTable(projectId, datasetId, tableId);
    await this.db.run(`DROP TABLE ${quoteDuck(datasetId)}.${quoteDuck(tableId)}`);
    await this.db.run(`DELETE FROM ${META}.tables WHERE dataset_id = $d AND table_id = $t`, { d: datasetId, t: tableId });
  }

  async listRows(projectId: string, datasetId: string, tableId: string, startIndex: number, maxResults: number, int64Timestamp: boolean): Promise<{ totalRows: number; rows: QueryOutcome['rows'] }> {
    const table = await this.getTable(projectId, datasetId, tableId);
    const fields = table.schema?.fields ?? [];
    const reader = await this.db.runAndReadAll(`SELECT ${fields.map((f) => quoteDuck(f.name)).join(', ') || '*'} FROM ${quoteDuck(datasetId)}.${quoteDuck(tableId)} LIMIT ${maxResults} OFFSET ${startIndex}`);
    const rows = reader.getRows().map((row) => ({ f: row.map((v, i) => ({ v: cellFor(v, canonicalType(fields[i]?.type ?? 'STRING'), int64Timestamp) })) }));
    return { totalRows: Number(table.numRows), rows };
  }

  // ---- load -----------------------------------------------------------------------------------------------------

  /** Runs one load job from an NDJSON file. Returns the number of rows written. */
  async load(projectId: string, config: Record<string, unknown>, file: string): Promise<number> {
    const dest = config.destinationTable as { datasetId: string; tableId: string };
    const format = (config.sourceFormat as string | undefined) ?? 'CSV';
    if (format !== 'NEWLINE_DELIMITED_JSON') throw new BqApiError(400, 'invalid', `The emulator only loads NEWLINE_DELIMITED_JSON, got ${format}`);
    let table = await this.findTable(dest.datasetId, dest.tableId);
    if (!table) {
      const schema = config.schema as { fields: BqField[] } | undefined;
      if (config.createDisposition === 'CREATE_NEVER' || !schema) {
        throw new BqApiError(404, 'notFound', `Not found: Table ${projectId}:${dest.datasetId}.${dest.tableId}`);
      }
      table = await this.insertTable(projectId, dest.datasetId, { tableReference: { projectId, ...dest }, schema });
    }
    const fields = table.schema?.fields ?? [];
    const known = new Set(fields.map((f) => f.name));
    if (config.ignoreUnknownValues !== true) {
      const keys = (await this.db.runAndReadAll(`SELECT DISTINCT unnest(json_keys(json)) FROM read_json_objects($f, format = 'newline_delimited')`, { f: file })).getRows();
      const unknown = keys.map((k) => String(k[0])).filter((k) => !known.has(k));
      if (unknown.length > 0) throw new BqApiError(400, 'invalid', `Error while reading data, error message: JSON table encountered too many errors, giving up. No such field: ${unknown.sort().join(', ')}.`);
    }
    const target = `${quoteDuck(dest.datasetId)}.${quoteDuck(dest.tableId)}`;
    const columns = fields.map((f) => `${quoteSqlString(f.name)}: ${quoteSqlString(canonicalType(f.type) === 'BYTES' ? 'VARCHAR' : duckTypeFor(f))}`).join(', ');
    const select = fields.map((f) => canonicalType(f.type) === 'BYTES' ? `from_base64(${quoteDuck(f.name)})` : quoteDuck(f.name)).join(', ');
    const disposition = (config.writeDisposition as string | undefined) ?? 'WRITE_APPEND';
    await this.db.run('BEGIN TRANSACTION');
    try {
      if (disposition === 'WRITE_EMPTY') {
        const n = (await this.db.runAndReadAll(`SELECT count(*) FROM ${target}`)).getRows();
        if (Number(n[0]![0]) > 0) throw new BqApiError(400, 'duplicate', `Already Exists: Table ${projectId}:${dest.datasetId}.${dest.tableId}`);
      }
      if (disposition === 'WRITE_TRUNCATE') await this.db.run(`DELETE FROM ${target}`);
      let rows = 0;
      if (fields.length > 0) {
        const result = await this.db.run(`INSERT INTO ${target} (${fields.map((f) => quoteDuck(f.name)).join(', ')}) SELECT ${select} FROM read_json($f, format = 'newline_delimited', columns = {${columns}})`, { f: file });
        rows = result.rowsChanged;
      }
      await this.db.run('COMMIT');
      return rows;
    } catch (error) {
      await this.db.run('ROLLBACK');
      if (error instanceof BqApiError) throw error;
      throw new BqApiError(400, 'invalid', `Error while reading data, error message: ${(error as Error).message}`);
    }
  }

  // ---- query ----------------------------------------------------------------------------------------------------

  async query(sql: string, params: QueryParameter[], int64Timestamp: boolean, dryRun = false): Promise<QueryOutcome> {
    const types = new Map(params.map((p) => [p.name ?? '', canonicalType(p.parameterType.type)]));
    const duckSql = translateSql(sql, types);
    let statements;
    try {
      statements = await this.db.extractStatements(duckSql);
    } catch (error) {
      throw queryError(error);
    }
    // BigQuery reports a script (several statements) as SCRIPT and the result of its last SELECT.
    let outcome: QueryOutcome = { fields: [], rows: [], statementType: statements.count > 1 ? 'SCRIPT' : 'SELECT' };
    try {
      for (let i = 0; i < statements.count; i++) {
        const prepared = await statements.prepare(i);
        const type = bqStatementType(prepared.statementType, duckSql);
        if (dryRun) {
          if (statements.count === 1) outcome = { ...outcome, statementType: type };
          continue;
        }
        bindParams(prepared, params);
        const reader = await prepared.runAndReadAll();
        if (type === 'SELECT') {
          const bqTypes = reader.columnTypes().map(bqTypeForDuck);
          outcome = {
            statementType: statements.count > 1 ? 'SCRIPT' : 'SELECT',
            fields: reader.columnNames().map((name, c) => ({ name, type: bqTypes[c]!, mode: 'NULLABLE' })),
            rows: reader.getRows().map((row) => ({ f: row.map((v: DuckDBValue, c) => ({ v: cellFor(v, bqTypes[c]!, int64Timestamp) })) })),
          };
        } else if (type === 'INSERT' || type === 'UPDATE' || type === 'DELETE') {
          outcome = statements.count > 1
            ? { ...outcome, numDmlAffectedRows: (outcome.numDmlAffectedRows ?? 0) + reader.rowsChanged }
            : { fields: [], rows: [], statementType: type, numDmlAffectedRows: reader.rowsChanged };
        }
      }
    } catch (error) {
      // BigQuery rolls back an open transaction when a statement of the script fails.
      await this.db.run('ROLLBACK').catch(() => undefined);
      throw queryError(error);
    }
    return outcome;
  }
}

/** BigQuery's `statementType` for a DuckDB statement (the names jobs report). */
function bqStatementType(type: StatementType, sql: string): string {
  switch (type) {
    case StatementType.SELECT: case StatementType.EXPLAIN: return 'SELECT';
    case StatementType.INSERT: return 'INSERT';
    case StatementType.UPDATE: return 'UPDATE';
    case StatementType.DELETE: return /^\s*TRUNCATE/i.test(sql) ? 'TRUNCATE_TABLE' : 'DELETE';
    case StatementType.CREATE: return 'CREATE_TABLE';
    case StatementType.DROP: return 'DROP_TABLE';
    case StatementType.ALTER: return 'ALTER_TABLE';
    case StatementType.TRANSACTION: return 'TRANSACTION';
    default: return StatementType[type] ?? 'UNKNOWN';
  }
}

function quoteSqlString(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

function bindParams(prepared: DuckDBPreparedStatement, params: QueryParameter[]): void {
  for (let i = 1; i <= prepared.parameterCount; i++) {
    const name = prepared.parameterName(i);
    const param = params.find((p) => p.name === name);
    if (!param) throw new BqApiError(400, 'invalidQuery', `Query parameter '${name}' not found`);
    const value = param.parameterValue?.value;
    if (value === undefined || value === null) { prepared.bindNull(i); continue; }
    switch (canonicalType(param.parameterType.type)) {
      case 'INT64': prepared.bindBigInt(i, BigInt(value)); break;
      case 'FLOAT64': prepared.bindDouble(i, Number(value)); break;
      case 'BOOL': prepared.bindBoolean(i, value === 'true'); break;
      default: prepared.bindVarchar(i, value);
    }
  }
}

function queryError(error: unknown): BqApiError {
  if (error instanceof BqApiError) return error;
  const message = (error as Error).message;
  if (/(Table|Schema) with name .* does not exist/i.test(message)) return new BqApiError(404, 'notFound', `Not found: ${message}`);
  return new BqApiError(400, 'invalidQuery', message);
}

function validateFields(fields: BqField[]): void {
  const seen = new Set<string>();
  for (const field of fields) {
    // BigQuery's flexible column names: letters, marks, numbers, connectors, dashes, spaces and & % = + : ' < > # |.
    if (!/^[\p{L}\p{M}\p{N}\p{Pc}\p{Pd}\p{Zs}&%=+:'<>#|]{1,300}$/u.test(field.name)) {
      throw new BqApiError(400, 'invalid', `Invalid field name "${field.name}". Fields must contain the allowed characters, and be at most 300 characters long.`);
    }
    const key = field.name.toLowerCase();
    if (seen.has(key)) throw new BqApiError(400, 'invalid', `Duplicate column names in the schema: ${field.name}`);
    seen.add(key);
    duckTypeFor(field);
  }
}

function validatePartitioning(body: TableResource, fields: BqField[]): void {
  const partition = body.timePartitioning?.field;
  if (partition !== undefined) {
    const field = fields.find((f) => f.name === partition);
    if (!field || !PARTITION_TYPES.has(canonicalType(field.type))) {
      throw new BqApiError(400, 'invalid', `The field specified for time partitioning can only be of type TIMESTAMP, DATE or DATETIME. The type found is: ${field ? field.type : 'missing'}.`);
    }
  }
  const cluster = body.clustering?.fields ?? [];
  if (cluster.length > 4) throw new BqApiError(400, 'invalid', `Too many clustering columns: ${cluster.length}, allowed MAX: 4`);
  for (const name of cluster) {
    const field = fields.find((f) => f.name === name);
    if (!field) throw new BqApiError(400, 'invalid', `The field specified for clustering cannot be found in the schema. Invalid field: ${name}.`);
    if (UNCLUSTERABLE.has(canonicalType(field.type))) throw new BqApiError(400, 'invalid', `Field ${name} is of type ${field.type} which is not supported for clustering.`);
  }
}
