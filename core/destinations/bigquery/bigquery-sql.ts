import { DestinationError } from '../../errors/destination-error';
import type { ColumnSchema, TableSchema } from '../../schema/types';
import type { RootLoadPlan } from '../load-plan';

/**
 * The BigQuery side of a schema: column types, table resources (with partitioning and clustering) and the SQL the
 * destination runs. Pure functions, so the generated SQL is snapshot-tested. The SQL stays in a small dialect that
 * BigQuery and the test emulator both run: backtick-quoted paths, `@name` parameters, `BEGIN/COMMIT TRANSACTION`.
 */

/** Internal column that keeps file order in a merge's staging table, so "the last row of a key wins". */
export const SEQ_COLUMN = '_sluice_seq';
const ROW_NUMBER = '_sluice_rn';

/** BigQuery's identifier limits: dataset and table ids 1024 characters, column names 300. */
export const MAX_COLUMN_NAME_LENGTH = 300;
export const MAX_TABLE_NAME_LENGTH = 1024;

/** A BigQuery TableFieldSchema. */
export interface BigQueryField {
  name: string;
  type: string;
  mode: 'NULLABLE' | 'REQUIRED';
  precision?: string;
  scale?: string;
}

/** What tables.insert takes. */
export interface BigQueryTableResource {
  tableReference: { projectId: string; datasetId: string; tableId: string };
  schema: { fields: BigQueryField[] };
  timePartitioning?: { type: 'DAY'; field: string };
  rangePartitioning?: { field: string; range: { start: string; end: string; interval: string } };
  clustering?: { fields: string[] };
}

export interface TableId {
  projectId: string;
  datasetId: string;
  tableId: string;
}

function problem(table: string, text: string): DestinationError {
  return new DestinationError({ destination: 'bigquery', operation: 'mapping the schema', table, problem: text });
}

/** `` `name` ``: backslashes and backticks escaped. Column names come from API data, so everything is quoted. */
export function quoteIdentifier(name: string): string {
  return `\`${name.replace(/\\/g, '\\\\').replace(/`/g, '\\`')}\``;
}

/** `` `project.dataset.table` ``. */
export function tablePath(id: TableId): string {
  return quoteIdentifier(`${id.projectId}.${id.datasetId}.${id.tableId}`);
}

/**
 * BigQuery's flexible column names allow letters, marks, numbers, connectors, dashes, spaces and `& % = + : ' < > # |`
 * (at most 300 characters, not starting with a reserved prefix). Anything else cannot be loaded.
 */
const COLUMN_NAME = /^[\p{L}\p{M}\p{N}\p{Pc}\p{Pd}\p{Zs}&%=+:'<>#|]+$/u;
const RESERVED_PREFIXES = ['_table_', '_file_', '_partition', '_row_timestamp', '__root__', '_colidentifier'];
const TABLE_NAME = /^[\p{L}\p{M}\p{N}\p{Pc}\p{Pd}\p{Zs}]+$/u;

export function checkColumnName(table: string, name: string): void {
  if (name.length > MAX_COLUMN_NAME_LENGTH) {
    throw problem(table, `column \`${name.slice(0, 40)}…\` is ${name.length} characters long; BigQuery allows at most ${MAX_COLUMN_NAME_LENGTH}`);
  }
  if (!COLUMN_NAME.test(name) || RESERVED_PREFIXES.some((p) => name.toLowerCase().startsWith(p))) {
    throw problem(table, `column \`${name}\` is not a valid BigQuery column name; expected letters, digits, \`_\`, \`-\`, spaces or \`& % = + : ' < > # |\`, not starting with ${RESERVED_PREFIXES.join(', ')}`);
  }
}

export function checkTableName(name: string): void {
  if (name.length > MAX_TABLE_NAME_LENGTH || !TABLE_NAME.test(name)) {
    throw problem(name, `\`${name}\` is not a valid BigQuery table name; expected at most ${MAX_TABLE_NAME_LENGTH} letters, digits, \`_\`, \`-\` or spaces`);
  }
}

/** The BigQuery type of a schema column (with NUMERIC/BIGNUMERIC parameters as BigQuery's REST schema takes them). */
export function bigQueryType(column: Pick<ColumnSchema, 'name' | 'data_type' | 'precision' | 'scale'>, table = ''): Pick<BigQueryField, 'type' | 'precision' | 'scale'> {
  switch (column.data_type) {
    case 'text': return { type: 'STRING' };
    case 'bigint': return { type: 'INT64' };
    case 'double': return { type: 'FLOAT64' };
    case 'bool': return { type: 'BOOL' };
    case 'timestamp': return { type: 'TIMESTAMP' };
    case 'date': return { type: 'DATE' };
    case 'json': return { type: 'JSON' };
    case 'binary': return { type: 'BYTES' };
    case 'decimal': {
      if (column.precision === undefined) return { type: 'NUMERIC' };
      const precision = column.precision;
      const scale = column.scale ?? 0;
      // NUMERIC holds up to 29 integer digits and 9 decimals; BIGNUMERIC up to 38 and 38.
      if (scale <= 9 && precision - scale <= 29) return { type: 'NUMERIC', precision: String(precision), scale: String(scale) };
      if (scale <= 38 && precision - scale <= 38) return { type: 'BIGNUMERIC', precision: String(precision), scale: String(scale) };
      throw problem(table, `column \`${column.name}\` is decimal(${precision},${scale}); BigQuery's widest type BIGNUMERIC holds at most 38 integer digits and 38 decimals`);
    }
  }
}

export function bigQueryField(column: ColumnSchema, table: string, forNewTable: boolean): BigQueryField {
  checkColumnName(table, column.name);
  // New columns on an existing table must be NULLABLE: old rows have no value.
  return { name: column.name, ...bigQueryType(column, table), mode: forNewTable && column.nullable === false ? 'REQUIRED' : 'NULLABLE' };
}

const CLUSTERABLE = new Set(['STRING', 'INT64', 'BOOL', 'TIMESTAMP', 'DATE', 'NUMERIC', 'BIGNUMERIC', 'BYTES']);

/** tables.insert body: columns, plus partitioning and clustering from the `partition` and `cluster` hints. */
export function tableResource(id: TableId, table: TableSchema, extraFields: BigQueryField[] = []): BigQueryTableResource {
  checkTableName(table.name);
  const columns = Object.values(table.columns);
  const resource: BigQueryTableResource = {
    tableReference: { ...id },
    schema: { fields: [...columns.map((c) => bigQueryField(c, table.name, true)), ...extraFields] },
  };
  const partition = columns.filter((c) => c.partition === true);
  if (partition.length > 1) {
    throw problem(table.name, `${partition.length} columns have the \`partition\` hint (${partition.map((c) => `\`${c.name}\``).join(', ')}); BigQuery partitions a table by one column`);
  }
  const [p] = partition;
  if (p) {
    if (p.data_type === 'timestamp' || p.data_type === 'date') resource.timePartitioning = { type: 'DAY', field: p.name };
    // dlt's integer partitioning: day-sized buckets over a wide range.
    else if (p.data_type === 'bigint') resource.rangePartitioning = { field: p.name, range: { start: '-172800000', end: '691200000', interval: '86400' } };
    else throw problem(table.name, `partition column \`${p.name}\` is ${p.data_type}; BigQuery partitions by a timestamp, date or bigint column`);
  }
  const cluster = columns.filter((c) => c.cluster === true);
  if (cluster.length > 4) {
    throw problem(table.name, `${cluster.length} columns have the \`cluster\` hint; BigQuery clusters by at most 4 columns`);
  }
  for (const c of cluster) {
    if (!CLUSTERABLE.has(bigQueryType(c, table.name).type)) {
      throw problem(table.name, `cluster column \`${c.name}\` is ${c.data_type}; BigQuery cannot cluster by FLOAT64 or JSON columns`);
    }
  }
  if (cluster.length > 0) resource.clustering = { fields: cluster.map((c) => c.name) };
  return resource;
}

function columnList(table: TableSchema, alias?: string): string {
  return Object.keys(table.columns).map((c) => (alias ? `${alias}.${quoteIdentifier(c)}` : quoteIdentifier(c))).join(', ');
}

function hardDeleted(column: ColumnSchema, alias: string): string {
  const ref = `${alias}.${quoteIdentifier(column.name)}`;
  return column.data_type === 'bool' ? `${ref} IS TRUE` : `${ref} IS NOT NULL`;
}

export function truncateSql(id: TableId): string {
  return `TRUNCATE TABLE ${tablePath(id)}`;
}

/**
 * One merge (delete-insert) of a root table and its nested tables as a single multi-statement transaction, reading
 * the load's rows from the staging dataset. Deduplicated on the primary key: the `dedup_sort` column decides, else the
 * last row in file order (`_sluice_seq`) wins. Rows marked by the hard_delete column delete and are not inserted.
 * `nestedWithRows` are the nested tables whose staging tables hold this load's rows.
 */
export function mergeTransactionSql(plan: RootLoadPlan, target: (table: string) => TableId, staging: (table: string) => TableId, nestedWithRows: Set<string>): string {
  const root = plan.root.schema;
  const rootTarget = tablePath(target(root.name));
  const rootStaged = tablePath(staging(root.name));
  const keyMatch = (keys: string[]): string =>
    `EXISTS (SELECT 1 FROM ${rootStaged} AS s WHERE ${keys.map((k) => `s.${quoteIdentifier(k)} = d.${quoteIdentifier(k)}`).join(' AND ')})`;
  const matches = [plan.primaryKey, plan.mergeKey].filter((k) => k.length > 0).map(keyMatch);
  const matched = matches.length === 1 ? matches[0]! : `(${matches.join(' OR ')})`;
  const { deduped, kept } = mergeSource(plan, rootStaged);

  const statements = ['BEGIN TRANSACTION'];
  for (const nested of plan.nested) {
    statements.push(
      `DELETE FROM ${tablePath(target(nested.schema.name))} WHERE ${quoteIdentifier('_dlt_root_id')} IN ` +
        `(SELECT d.${quoteIdentifier('_dlt_id')} FROM ${rootTarget} AS d WHERE ${matched})`,
    );
  }
  statements.push(`DELETE FROM ${rootTarget} AS d WHERE ${matched}`);
  statements.push(`INSERT INTO ${rootTarget} (${columnList(root)}) SELECT ${columnList(root, 's')} FROM ${deduped} AS s${kept}`);
  for (const nested of plan.nested) {
    if (!nestedWithRows.has(nested.schema.name)) continue;
    statements.push(
      `INSERT INTO ${tablePath(target(nested.schema.name))} (${columnList(nested.schema)}) SELECT ${columnList(nested.schema, 'n')} ` +
        `FROM ${tablePath(staging(nested.schema.name))} AS n WHERE ${nestedKept(deduped, kept)}`,
    );
  }
  statements.push('COMMIT TRANSACTION');
  return statements.join(';\n') + ';';
}

/** The deduplicated staged root rows and the filter that drops hard-deleted ones. */
function mergeSource(plan: RootLoadPlan, rootStaged: string): { deduped: string; kept: string } {
  let deduped = rootStaged;
  if (plan.primaryKey.length > 0) {
    const order = [
      ...(plan.dedupSort ? [`${quoteIdentifier(plan.dedupSort.column)} ${plan.dedupSort.order.toUpperCase()} NULLS LAST`] : []),
      `${quoteIdentifier(SEQ_COLUMN)} DESC`,
    ].join(', ');
    deduped = `(SELECT * FROM (SELECT *, ROW_NUMBER() OVER (PARTITION BY ${plan.primaryKey.map(quoteIdentifier).join(', ')} ORDER BY ${order}) AS ${quoteIdentifier(ROW_NUMBER)} FROM ${rootStaged}) WHERE ${quoteIdentifier(ROW_NUMBER)} = 1)`;
  }
  const kept = plan.hardDelete ? ` WHERE NOT (${hardDeleted(plan.hardDelete, 's')})` : '';
  return { deduped, kept };
}

function nestedKept(deduped: string, kept: string): string {
  return `n.${quoteIdentifier('_dlt_root_id')} IN (SELECT s.${quoteIdentifier('_dlt_id')} FROM ${deduped} AS s${kept})`;
}

/** Rows a merge will insert per table (`t0` the root, then `t1…` for `nested`, in order), read before it runs. */
export function mergeRowCountsSql(plan: RootLoadPlan, staging: (table: string) => TableId, nested: string[]): string {
  const { deduped, kept } = mergeSource(plan, tablePath(staging(plan.root.schema.name)));
  const counts = [`(SELECT COUNT(*) FROM ${deduped} AS s${kept}) AS ${quoteIdentifier('t0')}`];
  nested.forEach((name, i) => {
    counts.push(`(SELECT COUNT(*) FROM ${tablePath(staging(name))} AS n WHERE ${nestedKept(deduped, kept)}) AS ${quoteIdentifier(`t${i + 1}`)}`);
  });
  return `SELECT ${counts.join(', ')}`;
}

/**
 * The last step of a package: `_dlt_version` (when this schema version is new), `_dlt_pipeline_state` (when the
 * state changed) and `_dlt_loads`, in one transaction. Parameters: see `systemRowsParams`.
 */
export function systemRowsSql(tables: { loads: TableId; state: TableId; version: TableId }, withState: boolean): string {
  const loads = tablePath(tables.loads);
  const version = tablePath(tables.version);
  const state = tablePath(tables.state);
  const q = quoteIdentifier;
  const statements = [
    'BEGIN TRANSACTION',
    `INSERT INTO ${version} (${['version', 'engine_version', 'inserted_at', 'schema_name', 'version_hash', 'schema'].map(q).join(', ')}) ` +
      `SELECT v.* FROM (SELECT @schema_version AS ${q('version')}, @schema_engine_version AS ${q('engine_version')}, CURRENT_TIMESTAMP() AS ${q('inserted_at')}, ` +
      `@schema_name AS ${q('schema_name')}, @schema_version_hash AS ${q('version_hash')}, @schema AS ${q('schema')}) AS v ` +
      `WHERE NOT EXISTS (SELECT 1 FROM ${version} AS x WHERE x.${q('schema_name')} = @schema_name AND x.${q('version_hash')} = @schema_version_hash)`,
  ];
  if (withState) {
    statements.push(
      `INSERT INTO ${state} (${['version', 'engine_version', 'pipeline_name', 'state', 'created_at', 'version_hash', '_dlt_load_id', '_dlt_id'].map(q).join(', ')}) ` +
        'VALUES (@state_version, @state_engine_version, @pipeline_name, @state, CURRENT_TIMESTAMP(), @state_version_hash, @load_id, @state_row_id)',
    );
  }
  statements.push(
    `INSERT INTO ${loads} (${['load_id', 'schema_name', 'status', 'inserted_at', 'schema_version_hash'].map(q).join(', ')}) ` +
      `SELECT v.* FROM (SELECT @load_id AS ${q('load_id')}, @schema_name AS ${q('schema_name')}, @status AS ${q('status')}, CURRENT_TIMESTAMP() AS ${q('inserted_at')}, ` +
      `@schema_version_hash AS ${q('schema_version_hash')}) AS v ` +
      `WHERE NOT EXISTS (SELECT 1 FROM ${loads} AS x WHERE x.${q('load_id')} = @load_id)`,
    'COMMIT TRANSACTION',
  );
  return statements.join(';\n') + ';';
}

export function newestStateHashSql(state: TableId): string {
  return `SELECT ${quoteIdentifier('version_hash')} AS ${quoteIdentifier('hash')} FROM ${tablePath(state)} WHERE ${quoteIdentifier('pipeline_name')} = @pipeline_name ` +
    `ORDER BY ${quoteIdentifier('created_at')} DESC, ${quoteIdentifier('version')} DESC LIMIT 1`;
}

export function loadCommittedSql(loads: TableId): string {
  return `SELECT 1 AS ${quoteIdentifier('found')} FROM ${tablePath(loads)} WHERE ${quoteIdentifier('load_id')} = @load_id LIMIT 1`;
}

export function restoreStateSql(state: TableId, loads: TableId): string {
  const q = quoteIdentifier;
  return `SELECT s.${q('state')} AS ${q('state')}, l.${q('schema_name')} AS ${q('schema_name')} FROM ${tablePath(state)} AS s ` +
    `LEFT JOIN ${tablePath(loads)} AS l ON l.${q('load_id')} = s.${q('_dlt_load_id')} ` +
    `WHERE s.${q('pipeline_name')} = @pipeline_name ORDER BY s.${q('created_at')} DESC, s.${q('version')} DESC LIMIT 1`;
}

export function restoreSchemaSql(version: TableId, bySchemaName: boolean): string {
  const q = quoteIdentifier;
  return `SELECT ${q('schema')} AS ${q('schema')} FROM ${tablePath(version)}${bySchemaName ? ` WHERE ${q('schema_name')} = @schema_name` : ''} ` +
    `ORDER BY ${q('inserted_at')} DESC, ${q('version')} DESC LIMIT 1`;
}
