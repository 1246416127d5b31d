import { randomBytes } from 'node:crypto';
import type { BigQuery, Dataset } from '@google-cloud/bigquery';
import type { AuthClient } from 'google-auth-library';
import { ConfigError } from '../../errors/config-error';
import { DestinationError } from '../../errors/destination-error';
import { isSluiceError, SluiceError } from '../../errors/sluice-error';
import { redactor } from '../../http/redactor';
import type { Logger } from '../../logger';
import { silentLogger } from '../../logger';
import type { Schema, TableSchema } from '../../schema/types';
import type {
  Destination, DestinationCapabilities, PackageLoadJob, PackageLoadResult, PipelineStateDoc, StoredPipeline,
} from '../destination';
import { planLoad, type RootLoadPlan } from '../load-plan';
import { LOAD_STATUS_COMPLETE, LOADS_TABLE, PIPELINE_STATE_TABLE, SYSTEM_TABLES, VERSION_TABLE, stateVersionHash } from '../system-tables';
import { describeApiError, isNetworkFailure, messageOf, statusOf } from './bigquery-api-errors';
import { createBigQueryClient, type AuthMode } from './bigquery-client';
import type { BigQueryCredentials } from './bigquery-credentials';
import { addColumnDdl, createTableDdl, dropNotNullDdl } from './bigquery-ddl';
import { BigQueryLoadJobs } from './bigquery-load-jobs';
import {
  MAX_COLUMN_NAME_LENGTH, SEQ_COLUMN, bigQueryField, bigQueryType, loadCommittedSql, mergeRowCountsSql, mergeTransactionSql,
  newestStateHashSql, restoreSchemaSql, restoreStateSql, systemRowsSql, tableResource, truncateSql,
  type BigQueryField, type TableId,
} from './bigquery-sql';
import { toPlainRow, type QueryField, type RawRow } from './bigquery-values';

export interface BigQueryDestinationOptions {
  /** The BigQuery dataset that holds the tables (created in `location` if missing). */
  datasetName: string;
  /** Defaults to the credentials' `project_id`. */
  projectId?: string;
  /** Dataset location for new datasets and jobs. Default `US`. */
  location?: string;
  /** A service-account key (JSON text or object). Without it: Application Default Credentials, or no auth at all
   *  when `apiEndpoint` is a loopback address (an emulator). */
  credentials?: BigQueryCredentials | string;
  /** Another BigQuery endpoint, e.g. `http://127.0.0.1:9050` for the local emulator. */
  apiEndpoint?: string;
  /** A ready auth client (tests, embedders). Wins over `credentials`. */
  authClient?: AuthClient;
  /** First wait between job status polls; grows to `maxPollIntervalMs`. Defaults 500 ms and 5 s. */
  pollIntervalMs?: number;
  maxPollIntervalMs?: number;
  /** A job still running after this long fails the load. Default 6 hours (BigQuery's own limit). */
  jobTimeoutMs?: number;
  logger?: Logger;
}

/**
 * Loads packages into BigQuery with load jobs (never streaming inserts): one multipart upload per table file, polled
 * to completion. BigQuery has no transaction across load jobs, so exactly-once rests on three things:
 * - job ids are derived from (project, dataset, pipeline, load id, table, file): a rerun after a kill finds a job that
 *   already ran and does not load its file again (BigQuery refuses a reused id with 409 and keeps job history);
 * - merges run from the `<dataset>_staging` tables in one multi-statement transaction per root table, which is
 *   idempotent (delete-insert by key);
 * - `_dlt_loads`, `_dlt_pipeline_state` and `_dlt_version` are written last, in one transaction: a load whose row
 *   is not in `_dlt_loads` is unfinished, and its rows are identified by `_dlt_load_id`.
 */
export class BigQueryDestination implements Destination {
  readonly type = 'bigquery' as const;
  readonly datasetName: string;
  readonly projectId: string;
  readonly location: string;
  /** Column names: at most 300 characters (table names may have 1024). */
  readonly capabilities: DestinationCapabilities = { maxIdentifierLength: MAX_COLUMN_NAME_LENGTH, transactional: false, tableFileFormat: 'jsonl' };
  readonly authMode: AuthMode;
  private readonly client: BigQuery;
  private readonly logger: Logger;
  private readonly jobs: BigQueryLoadJobs;
  /** Known table schemas per `dataset.table`, so a load does not GET every table twice. */
  private readonly fields = new Map<string, BigQueryField[]>();
  private readonly datasetsReady = new Set<string>();
  /** `creationTime` per `dataset.table`: part of every job id, so a dropped and recreated table is loaded anew. */
  private readonly created = new Map<string, string>();
  /** Partition and cluster columns per `dataset.table` as BigQuery has them (set at creation only). */
  private readonly layout = new Map<string, { partition?: string; cluster: string[] }>();
  private readonly warned = new Set<string>();
  private opened = false;
  /** The signal of the package being loaded: checked between jobs and while polling. */
  private loadSignal: AbortSignal | undefined;
  private loadingId = '';

  constructor(options: BigQueryDestinationOptions) {
    if (!/^[A-Za-z0-9_]{1,1024}$/.test(options.datasetName)) {
      throw new ConfigError([{ path: 'dataset_name', message: `\`${options.datasetName}\` is not a valid BigQuery dataset name; expected 1 to 1024 letters, digits or underscores` }]);
    }
    this.datasetName = options.datasetName;
    this.location = options.location ?? 'US';
    this.logger = options.logger ?? silentLogger;
    const made = createBigQueryClient({ ...options, location: this.location });
    this.projectId = made.projectId;
    this.authMode = made.authMode;
    this.client = made.client;
    this.jobs = new BigQueryLoadJobs({
      client: this.client, projectId: this.projectId, location: this.location, logger: this.logger,
      pollIntervalMs: options.pollIntervalMs ?? 500, maxPollIntervalMs: options.maxPollIntervalMs ?? 5000,
      jobTimeoutMs: options.jobTimeoutMs ?? 6 * 3600_000,
      checkCancelled: () => this.checkCancelled(), cancelRequested: () => this.loadSignal?.aborted === true,
    });
  }

  get stagingDatasetName(): string {
    return `${this.datasetName}_staging`;
  }

  /** Checks the credentials (fetches a token) before any data moves. */
  async open(): Promise<void> {
    if (this.opened) return;
    if (this.authMode === 'adc' || this.authMode === 'service-account') {
      try {
        await this.client.authClient.getAccessToken();
      } catch (cause) {
        const how = isNetworkFailure(cause)
          ? 'Google\'s token endpoint could not be reached to check the credentials (a network problem, not the key): check the connection or proxy'
          : this.authMode === 'adc'
            ? 'no usable Application Default Credentials; set DESTINATION__BIGQUERY__CREDENTIALS (service-account JSON) or its fields __CLIENT_EMAIL and __PRIVATE_KEY, or GOOGLE_APPLICATION_CREDENTIALS, or run `gcloud auth application-default login`'
            : 'the service-account credentials were refused; check DESTINATION__BIGQUERY__CREDENTIALS (client_email, private_key)';
        throw new DestinationError({ destination: 'bigquery', operation: 'authenticating', problem: `${how} (${redactor.redactText(messageOf(cause))})` }, { cause });
      }
    }
    this.opened = true;
  }

  async close(): Promise<void> {
    this.opened = false;
  }

  async ensureDataset(): Promise<void> {
    await this.guard('creating the dataset', {}, async () => {
      await this.ensureDatasetExists(this.datasetName);
      for (const table of Object.values(SYSTEM_TABLES)) await this.ensureTable(this.datasetName, table);
    });
  }

  async migrateSchema(schema: Schema, tables: string[]): Promise<string[]> {
    return this.guard('migrating the schema', {}, async () => {
      await this.ensureDatasetExists(this.datasetName);
      const ddl: string[] = [];
      for (const name of tables) {
        const table = schema.tables[name];
        if (!table) {
          throw new DestinationError({ destination: 'bigquery', operation: 'migrating the schema', table: name, dataset: this.datasetName, problem: `the table is not in schema \`${schema.name}\`; valid tables are: ${Object.keys(schema.tables).join(', ')}` });
        }
        ddl.push(...await this.ensureTable(this.datasetName, table));
      }
      return ddl;
    });
  }

  async loadPackage(job: PackageLoadJob): Promise<PackageLoadResult> {
    return this.guard('loading the package', { loadId: job.loadId }, async () => {
      await this.ensureDataset();
      if (await this.loadCommitted(job.loadId)) return { loadId: job.loadId, rows: {}, ddl: [], alreadyCommitted: true };
      this.loadSignal = job.signal;
      this.loadingId = job.loadId;
      try {
        return await this.loadUncommitted(job);
      } finally {
        this.loadSignal = undefined;
      }
    });
  }

  private async loadUncommitted(job: PackageLoadJob): Promise<PackageLoadResult> {
    this.checkCancelled();
    const plans = planLoad(job);
    const ddl: string[] = [];
    for (const plan of plans) {
      for (const t of [plan.root, ...plan.nested]) ddl.push(...await this.ensureTable(this.datasetName, t.schema));
    }
    const rows: Record<string, number> = {};
    for (const plan of plans) {
      if (plan.disposition === 'merge') await this.merge(plan, job, rows);
      else await this.appendOrReplace(plan, job, rows);
    }
    this.checkCancelled();
    await this.writeSystemRows(job);
    return { loadId: job.loadId, rows, ddl };
  }

  private checkCancelled(): void {
    if (!this.loadSignal?.aborted) return;
    throw new SluiceError(
      'RUN_CANCELLED',
      `loading package ${this.loadingId} into BigQuery dataset \`${this.datasetName}\` was cancelled; the load is not committed (no \`_dlt_loads\` row) and loading the package again finishes it without loading any file twice`,
      { cause: this.loadSignal.reason },
    );
  }

  async isLoadCommitted(loadId: string): Promise<boolean> {
    return this.guard('checking a load', { loadId }, () => this.loadCommitted(loadId));
  }

  async restorePipeline(pipelineName: string): Promise<StoredPipeline | undefined> {
    return this.guard('restoring the pipeline', {}, async () => {
      const [stateRow] = await this.runQuery(restoreStateSql(this.id(PIPELINE_STATE_TABLE), this.id(LOADS_TABLE)), { pipeline_name: pipelineName }, true);
      if (!stateRow) return undefined;
      const state = JSON.parse(String(stateRow.state)) as PipelineStateDoc;
      const bySchema = typeof stateRow.schema_name === 'string';
      const [versionRow] = await this.runQuery(restoreSchemaSql(this.id(VERSION_TABLE), bySchema), bySchema ? { schema_name: String(stateRow.schema_name) } : {}, true);
      const stored: StoredPipeline = { state };
      if (versionRow) stored.schema = JSON.parse(String(versionRow.schema)) as Schema;
      return stored;
    });
  }

  /** Runs one reading statement: a dry run (free on BigQuery) tells its type first, so nothing that writes runs. */
  async query(sql: string): Promise<Record<string, unknown>[]> {
    return this.guard('running a query', {}, async () => {
      const [job] = await this.client.createQueryJob({ query: sql, dryRun: true, location: this.location });
      const type = (job.metadata as { statistics?: { query?: { statementType?: string } } }).statistics?.query?.statementType ?? 'UNKNOWN';
      if (type === 'SCRIPT') throw new DestinationError({ destination: 'bigquery', operation: 'running a query', dataset: this.datasetName, problem: 'expected exactly one SQL statement, got a script of several' });
      if (type !== 'SELECT') throw new DestinationError({ destination: 'bigquery', operation: 'running a query', dataset: this.datasetName, problem: `only reading statements are allowed here (SELECT, WITH), got ${type}` });
      return this.runQuery(sql, {});
    });
  }

  // ---- tables ---------------------------------------------------------------------------------------------------

  private id(table: string, dataset = this.datasetName): TableId {
    return { projectId: this.projectId, datasetId: dataset, tableId: table };
  }

  private dataset(name: string): Dataset {
    return this.client.dataset(name, { location: this.location });
  }

  private async ensureDatasetExists(name: string): Promise<void> {
    if (this.datasetsReady.has(name)) return;
    try {
      await this.dataset(name).get();
    } catch (error) {
      if (statusOf(error) !== 404) throw error;
      try {
        await this.client.createDataset(name, { location: this.location });
        this.logger.info(`Created BigQuery dataset \`${this.projectId}.${name}\` in ${this.location}`);
      } catch (createError) {
        if (statusOf(createError) !== 409) throw createError;
      }
    }
    this.datasetsReady.add(name);
  }

  private async tableFields(dataset: string, table: string): Promise<BigQueryField[] | undefined> {
    const key = `${dataset}.${table}`;
    const cached = this.fields.get(key);
    if (cached) return cached;
    try {
      const [meta] = await this.dataset(dataset).table(table).getMetadata() as unknown as [{
        schema?: { fields?: BigQueryField[] }; creationTime?: string;
        timePartitioning?: { field?: string }; rangePartitioning?: { field?: string }; clustering?: { fields?: string[] };
      }];
      const fields = meta.schema?.fields ?? [];
      this.fields.set(key, fields);
      this.created.set(key, meta.creationTime ?? '');
      const partition = meta.timePartitioning?.field ?? meta.rangePartitioning?.field;
      this.layout.set(key, { ...(partition ? { partition } : {}), cluster: meta.clustering?.fields ?? [] });
      return fields;
    } catch (error) {
      if (statusOf(error) === 404) return undefined;
      throw error;
    }
  }

  /** BigQuery sets partitioning and clustering when a table is created; hints added later are only reported. */
  private warnLayoutChange(dataset: string, table: TableSchema): void {
    const key = `${dataset}.${table.name}`;
    const have = this.layout.get(key);
    if (!have || this.warned.has(key)) return;
    const columns = Object.values(table.columns);
    const partition = columns.find((c) => c.partition === true)?.name;
    const cluster = columns.filter((c) => c.cluster === true).map((c) => c.name);
    const problems: string[] = [];
    if (partition !== undefined && partition !== have.partition) problems.push(`partition by \`${partition}\` (it is ${have.partition ? `partitioned by \`${have.partition}\`` : 'not partitioned'})`);
    if (cluster.length > 0 && cluster.join(',') !== have.cluster.join(',')) problems.push(`cluster by ${cluster.map((c) => `\`${c}\``).join(', ')} (it is ${have.cluster.length ? `clustered by ${have.cluster.map((c) => `\`${c}\``).join(', ')}` : 'not clustered'})`);
    if (problems.length === 0) return;
    this.warned.add(key);
    this.logger.warn(`BigQuery table \`${key}\` exists, so the hints to ${problems.join(' and ')} are not applied: BigQuery sets partitioning and clustering when a table is created; recreate the table to change them`);
  }

  private tableVersion(dataset: string, table: string): string {
    return this.created.get(`${dataset}.${table}`) ?? '';
  }

  /** Creates the table, or adds its missing columns as NULLABLE; a type BigQuery cannot change is an error. */
  private async ensureTable(dataset: string, table: TableSchema, extra: BigQueryField[] = []): Promise<string[]> {
    const id = this.id(table.name, dataset);
    const existing = await this.tableFields(dataset, table.name);
    if (!existing) {
      const resource = tableResource(id, table, extra);
      try {
        const [, response] = await this.dataset(dataset).table(table.name).create(resource as never) as unknown as [unknown, { creationTime?: string } | undefined];
        this.created.set(`${dataset}.${table.name}`, response?.creationTime ?? '');
      } catch (error) {
        if (statusOf(error) !== 409) throw withTable(error, table.name);
        this.fields.delete(`${dataset}.${table.name}`);
        return this.ensureTable(dataset, table, extra);
      }
      this.fields.set(`${dataset}.${table.name}`, resource.schema.fields);
      return [createTableDdl(resource)];
    }
    this.warnLayoutChange(dataset, table);
    const byName = new Map(existing.map((f) => [f.name.toLowerCase(), f]));
    const added: BigQueryField[] = [];
    const relaxed: string[] = [];
    const wanted = [...Object.values(table.columns).map((c) => ({ column: c, field: bigQueryField(c, table.name, false) })), ...extra.map((f) => ({ column: undefined, field: f }))];
    for (const { column, field } of wanted) {
      const have = byName.get(field.name.toLowerCase());
      if (!have) {
        added.push(field);
        continue;
      }
      if (canonicalType(have.type) !== canonicalType(field.type)) {
        const wantedType = column ? `${column.data_type} (${bigQueryType(column).type})` : field.type;
        throw new DestinationError({
          destination: 'bigquery', operation: 'evolving the table', table: table.name, dataset,
          problem: `column \`${field.name}\` is ${have.type} in BigQuery but the schema expects ${wantedType}; BigQuery cannot change a column's type: drop the table (or the column) or load into a new dataset`,
        });
      }
      if (have.mode === 'REQUIRED' && column?.nullable !== false) relaxed.push(have.name);
    }
    if (added.length === 0 && relaxed.length === 0) return [];
    const fields = [...existing.map((f) => (relaxed.includes(f.name) ? { ...f, mode: 'NULLABLE' as const } : f)), ...added];
    try {
      await this.dataset(dataset).table(table.name).setMetadata({ schema: { fields } });
    } catch (error) {
      throw withTable(error, table.name);
    }
    this.fields.set(`${dataset}.${table.name}`, fields);
    return [...relaxed.map((c) => dropNotNullDdl(id, c)), ...added.map((f) => addColumnDdl(id, f))];
  }

  // ---- loading --------------------------------------------------------------------------------------------------

  private async appendOrReplace(plan: RootLoadPlan, job: PackageLoadJob, rows: Record<string, number>): Promise<void> {
    for (const t of [plan.root, ...plan.nested]) {
      const name = t.schema.name;
      if (t.files.length === 0) {
        rows[name] = 0;
        // WRITE_TRUNCATE needs a file; a replace table without rows this load is emptied by DDL instead.
        if (plan.disposition === 'replace') await this.step('emptying the table', name, job.loadId, () => this.runQuery(truncateSql(this.id(name)), {}));
        continue;
      }
      let total = 0;
      for (const [index, file] of t.files.entries()) {
        const disposition = plan.disposition === 'replace' && index === 0 ? 'WRITE_TRUNCATE' : 'WRITE_APPEND';
        total += await this.jobs.loadFile(job, this.datasetName, name, file, index, disposition, false, this.tableVersion(this.datasetName, name));
      }
      rows[name] = total;
    }
  }

  private async merge(plan: RootLoadPlan, job: PackageLoadJob, rows: Record<string, number>): Promise<void> {
    const root = plan.root.schema.name;
    if (plan.root.files.length === 0) {
      // No root rows: nothing to replace, and nested rows without a root row would be orphans.
      for (const t of [plan.root, ...plan.nested]) rows[t.schema.name] = 0;
      return;
    }
    const staging = this.stagingDatasetName;
    await this.ensureDatasetExists(staging);
    await this.ensureTable(staging, plan.root.schema, [{ name: SEQ_COLUMN, type: 'INT64', mode: 'NULLABLE' }]);
    for (const [index, file] of plan.root.files.entries()) {
      await this.jobs.loadFile(job, staging, root, file, index, index === 0 ? 'WRITE_TRUNCATE' : 'WRITE_APPEND', true, this.tableVersion(staging, root));
    }
    const nestedWithRows = plan.nested.filter((n) => n.files.length > 0);
    for (const nested of nestedWithRows) {
      await this.ensureTable(staging, nested.schema);
      for (const [index, file] of nested.files.entries()) {
        await this.jobs.loadFile(job, staging, nested.schema.name, file, index, index === 0 ? 'WRITE_TRUNCATE' : 'WRITE_APPEND', false, this.tableVersion(staging, nested.schema.name));
      }
    }
    const stagingId = (t: string): TableId => this.id(t, staging);
    const names = nestedWithRows.map((n) => n.schema.name);
    const [counts] = await this.runQuery(mergeRowCountsSql(plan, stagingId, names), {});
    rows[root] = Number(counts?.t0 ?? 0);
    for (const nested of plan.nested) rows[nested.schema.name] = 0;
    names.forEach((name, i) => { rows[name] = Number(counts?.[`t${i + 1}`] ?? 0); });
    this.checkCancelled();
    await this.step(`merging from \`${staging}\``, root, job.loadId, () => this.runQuery(mergeTransactionSql(plan, (t) => this.id(t), stagingId, new Set(names)), {}));
  }

  // ---- system tables --------------------------------------------------------------------------------------------

  private async loadCommitted(loadId: string): Promise<boolean> {
    return (await this.runQuery(loadCommittedSql(this.id(LOADS_TABLE)), { load_id: loadId }, true)).length > 0;
  }

  private async writeSystemRows(job: PackageLoadJob): Promise<void> {
    const hash = stateVersionHash(job.state);
    const [newest] = await this.runQuery(newestStateHashSql(this.id(PIPELINE_STATE_TABLE)), { pipeline_name: job.pipelineName });
    const withState = newest?.hash !== hash;
    const params: Record<string, unknown> = {
      load_id: job.loadId,
      schema_name: job.schema.name,
      status: LOAD_STATUS_COMPLETE,
      schema_version: job.schema.version,
      schema_engine_version: job.schema.engine_version,
      schema_version_hash: job.schema.version_hash,
      schema: JSON.stringify(job.schema),
    };
    if (withState) {
      Object.assign(params, {
        state_version: job.state.version,
        state_engine_version: job.state.engine_version,
        pipeline_name: job.pipelineName,
        state: JSON.stringify({ ...job.state, last_load_id: job.loadId }),
        state_version_hash: hash,
        state_row_id: randomBytes(10).toString('base64url').slice(0, 14),
      });
    }
    await this.step('committing the load (`_dlt_loads`, `_dlt_pipeline_state`, `_dlt_version`)', LOADS_TABLE, job.loadId,
      () => this.runQuery(systemRowsSql({ loads: this.id(LOADS_TABLE), state: this.id(PIPELINE_STATE_TABLE), version: this.id(VERSION_TABLE) }, withState), params));
  }

  // ---- queries --------------------------------------------------------------------------------------------------

  /** Runs a query (jobs.query, then getQueryResults pages) and returns plain rows. `missingIsEmpty`: a missing
   *  dataset or table reads as no rows (a dataset this pipeline never loaded). */
  private async runQuery(sql: string, params: Record<string, unknown>, missingIsEmpty = false): Promise<Record<string, unknown>[]> {
    const request: Record<string, unknown> = { query: sql, location: this.location };
    if (Object.keys(params).length > 0) request.params = params;
    type Page = [RawRow[], Record<string, unknown> | null, { schema?: { fields?: QueryField[] }; jobReference?: { jobId: string } }];
    let page: Page;
    try {
      page = await (this.client.query as unknown as (q: unknown, o: unknown) => Promise<Page>)(request, { skipParsing: true, autoPaginate: false });
    } catch (error) {
      if (missingIsEmpty && statusOf(error) === 404) return [];
      throw error;
    }
    let [rows, next, response] = page;
    let fields = response?.schema?.fields ?? [];
    const out = (rows ?? []).map((r) => toPlainRow(r, fields));
    const jobId = response?.jobReference?.jobId;
    while (next && jobId) {
      const result = await (this.client.job(jobId, { location: this.location }).getQueryResults as unknown as (o: unknown) => Promise<Page>)({ ...next, skipParsing: true, autoPaginate: false });
      [rows, next, response] = result;
      fields = response?.schema?.fields ?? fields;
      out.push(...(rows ?? []).map((r) => toPlainRow(r, fields)));
    }
    return out;
  }

  /** Runs one step of a load; a failure names the step, the table and BigQuery's reasons. */
  private async step<T>(operation: string, table: string, loadId: string, work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      if (isSluiceError(error)) throw error;
      throw new DestinationError({ destination: 'bigquery', operation, table, dataset: this.datasetName, loadId, problem: describeApiError(error) }, { cause: error });
    }
  }

  /** Wraps client errors in a DestinationError that names the operation, the table and BigQuery's reasons. */
  private async guard<T>(operation: string, where: { loadId?: string }, work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      if (isSluiceError(error)) throw error;
      const table = (error as { sluiceTable?: string }).sluiceTable;
      const init: ConstructorParameters<typeof DestinationError>[0] = { destination: 'bigquery', operation, dataset: this.datasetName, problem: describeApiError(error) };
      if (table) init.table = table;
      if (where.loadId) init.loadId = where.loadId;
      throw new DestinationError(init, { cause: error });
    }
  }
}

function canonicalType(type: string): string {
  const t = type.toUpperCase();
  return ({ INTEGER: 'INT64', FLOAT: 'FLOAT64', BOOLEAN: 'BOOL' } as Record<string, string>)[t] ?? t;
}

function withTable(error: unknown, table: string): unknown {
  if (typeof error === 'object' && error !== null) (error as { sluiceTable?: string }).sluiceTable = table;
  return error;
}
