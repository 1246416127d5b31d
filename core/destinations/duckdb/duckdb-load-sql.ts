import type { ColumnSchema, TableSchema } from '../../schema/types';
import type { RootLoadPlan } from '../load-plan';
import { fileValueExpression, fileValueType, qualifiedName, quoteIdentifier, quoteLiteral } from './duckdb-sql';
import type { SchemaRef } from './duckdb-sql';
import { formatOfFiles } from '../table-file-format';
import { DERIVED_KEY, ROWS_KEY } from '../../normalize/table-batch';
import { C_DLT_ID, C_DLT_LOAD_ID, C_DLT_PARENT_ID, C_DLT_ROOT_ID } from '../../normalize/table-state';

/** Internal column that keeps file order in staging, so "the last row of a key wins" is well defined. DuckDB keeps
 *  insertion order through `read_json` (checked: 600k rows in 2 files numbered exactly in file order). */
const SEQ = '_sluice_seq';

function columnsOf(table: TableSchema): ColumnSchema[] {
  return Object.values(table.columns);
}

/** The longest line `read_json` accepts unless told otherwise: one record may hold a large json column. */
export const MAX_OBJECT_BYTES = 268435456;

/** The rows of the table's files (in file order) with every schema column typed; keys the table lacks are ignored.
 *  `maxObjectBytes` bounds a line (DuckDB sizes its read buffers from it: pass the largest file's size when known). */
export function readJsonSql(table: TableSchema, files: string[], maxObjectBytes = MAX_OBJECT_BYTES): string {
  const fileList = files.map(quoteLiteral).join(', ');
  if (formatOfFiles(files) === 'jsonl') {
    const columns = columnsOf(table).map((c) => `${quoteLiteral(c.name)}: ${quoteLiteral(fileValueType(c))}`).join(', ');
    return `read_json([${fileList}], columns={${columns}}, format='newline_delimited', records=true, maximum_object_size=${maxObjectBytes})`;
  }
  // A line holds one list per column: unnesting them side by side gives the rows in order (a shorter or missing list
  // is padded with NULL). Row ids and the load id come as one value per line (see TableBatch), made into each row's.
  const derived = derivedColumns(table);
  const columns = [
    ...columnsOf(table).map((c) => `${quoteLiteral(c.name)}: ${quoteLiteral(`${fileValueType(c)}[]`)}`),
    ...(derived.length > 0 ? [`${quoteLiteral(ROWS_KEY)}: 'BIGINT'`] : []),
    ...derived.map((name) => `${quoteLiteral(DERIVED_KEY + name)}: ${quoteLiteral(DERIVED_TYPE)}`),
  ].join(', ');
  const unnested = [
    ...columnsOf(table).map((c) => `unnest(${quoteIdentifier(c.name)}) AS ${quoteIdentifier(c.name)}`),
    ...(derived.length > 0 ? [`unnest(range(${quoteIdentifier(ROWS_KEY)})) AS ${ROW_NUMBER}`] : []),
    ...derived.flatMap((name) => [quoteIdentifier(DERIVED_KEY + name), `unnest((${quoteIdentifier(DERIVED_KEY + name)}).numbers) AS ${quoteIdentifier(`${DERIVED_KEY}${name}.n`)}`]),
  ].join(', ');
  const read = `(SELECT ${unnested} FROM read_json([${fileList}], columns={${columns}}, format='newline_delimited', records=true, ` +
    `maximum_object_size=${maxObjectBytes}))`;
  if (derived.length === 0) return read;
  const selects = columnsOf(table).map((c) => derived.includes(c.name) ? `${derivedValueSql(c.name)} AS ${quoteIdentifier(c.name)}` : quoteIdentifier(c.name));
  return `(SELECT ${selects.join(', ')} FROM ${read})`;
}

/** How a line gives a derived column (see `DerivedColumnText`). */
const DERIVED_TYPE = 'STRUCT(prefix VARCHAR, "first" BIGINT, numbers BIGINT[], "value" VARCHAR)';
/** The row's index in its line. */
const ROW_NUMBER = '"#r"';

/** The system columns of `table` that a `jsonl_columns` line may give as one value (`#<column>`). */
function derivedColumns(table: TableSchema): string[] {
  const system = table.parent === undefined ? [C_DLT_LOAD_ID, C_DLT_ID] : [C_DLT_ROOT_ID, C_DLT_PARENT_ID, C_DLT_ID];
  return system.filter((name) => table.columns[name] !== undefined && table.columns[name]!.source_path === undefined);
}

/** A derived column's value: the line's list if it has one (packages written before row ids were derived), else
 *  the one value, else the prefix and the row's number (`rowIdOf`). */
function derivedValueSql(name: string): string {
  const held = quoteIdentifier(DERIVED_KEY + name);
  const number = `coalesce((${held})."first" + ${ROW_NUMBER}, ${quoteIdentifier(`${DERIVED_KEY}${name}.n`)})`;
  return `coalesce(${quoteIdentifier(name)}, (${held})."value", (${held}).prefix || CAST(${number} AS VARCHAR))`;
}

function columnList(table: TableSchema): string {
  return columnsOf(table).map((c) => quoteIdentifier(c.name)).join(', ');
}

/** `INSERT INTO t (cols) SELECT cols FROM read_json(...)`: one bulk statement per table and load. */
export function insertFromFilesSql(dataset: SchemaRef, table: TableSchema, files: string[], where?: string, maxObjectBytes?: number): string {
  const selects = columnsOf(table).map(fileValueExpression).join(', ');
  return `INSERT INTO ${qualifiedName(dataset, table.name)} (${columnList(table)}) ` +
    `SELECT ${selects} FROM ${readJsonSql(table, files, maxObjectBytes)}${where ? ` WHERE ${where}` : ''}`;
}

export function deleteAllSql(dataset: SchemaRef, table: string): string {
  return `DELETE FROM ${qualifiedName(dataset, table)}`;
}

/** True for a row the hard_delete column marks as deleted: a bool column when true, any other type when set. */
function hardDeletedSql(column: ColumnSchema, alias: string): string {
  const ref = `${alias}.${quoteIdentifier(column.name)}`;
  return column.data_type === 'bool' ? `${ref} IS TRUE` : `${ref} IS NOT NULL`;
}

/** Statements of a merge (delete-insert) of one root table and its nested tables through the staging schema. */
export function mergeSql(dataset: SchemaRef, stagingDataset: SchemaRef, plan: RootLoadPlan, maxObjectBytes?: number): string[] {
  const root = plan.root.schema;
  const target = qualifiedName(dataset, root.name);
  const staged = qualifiedName(stagingDataset, root.name);
  const statements: string[] = [];

  // Stage the root rows, deduplicated on the primary key: the last row in file order wins unless dedup_sort says
  // which value wins (ties fall back to file order).
  const selects = columnsOf(root).map(fileValueExpression).join(', ');
  const source = `SELECT ${selects}, row_number() OVER () AS ${SEQ} FROM ${readJsonSql(root, plan.root.files, maxObjectBytes)}`;
  let stage = `CREATE OR REPLACE TABLE ${staged} AS SELECT ${columnList(root)} FROM (${source}) AS s`;
  if (plan.primaryKey.length > 0) {
    const order = [
      ...(plan.dedupSort ? [`${quoteIdentifier(plan.dedupSort.column)} ${plan.dedupSort.order.toUpperCase()} NULLS LAST`] : []),
      `${SEQ} DESC`,
    ].join(', ');
    stage += ` QUALIFY row_number() OVER (PARTITION BY ${plan.primaryKey.map(quoteIdentifier).join(', ')} ORDER BY ${order}) = 1`;
  }
  statements.push(stage);

  const keyMatch = (keys: string[]): string =>
    `EXISTS (SELECT 1 FROM ${staged} AS s WHERE ${keys.map((k) => `s.${quoteIdentifier(k)} = d.${quoteIdentifier(k)}`).join(' AND ')})`;
  const matches = [plan.primaryKey, plan.mergeKey].filter((k) => k.length > 0).map(keyMatch);
  const matched = matches.length === 1 ? matches[0]! : `(${matches.join(' OR ')})`;

  // Nested rows hang off root rows through _dlt_root_id: delete those of every root row about to be replaced,
  // children of a table before it would not matter (all point at the root), so order is free.
  for (const nested of plan.nested) {
    statements.push(
      `DELETE FROM ${qualifiedName(dataset, nested.schema.name)} WHERE "_dlt_root_id" IN ` +
        `(SELECT d."_dlt_id" FROM ${target} AS d WHERE ${matched})`,
    );
  }
  statements.push(`DELETE FROM ${target} AS d WHERE ${matched}`);

  const kept = plan.hardDelete ? ` WHERE NOT (${hardDeletedSql(plan.hardDelete, 's')})` : '';
  statements.push(`INSERT INTO ${target} (${columnList(root)}) SELECT ${columnList(root)} FROM ${staged} AS s${kept}`);
  return statements;
}

/** Inserts of a merge's nested rows: only rows whose root row was kept (deduplicated, not hard-deleted). */
export function mergeNestedInsertSql(
  dataset: SchemaRef, stagingDataset: SchemaRef, plan: RootLoadPlan, nested: TableSchema, files: string[], maxObjectBytes?: number,
): string {
  const staged = qualifiedName(stagingDataset, plan.root.schema.name);
  const kept = plan.hardDelete ? ` WHERE NOT (${hardDeletedSql(plan.hardDelete, 's')})` : '';
  return insertFromFilesSql(dataset, nested, files, `"_dlt_root_id" IN (SELECT s."_dlt_id" FROM ${staged} AS s${kept})`, maxObjectBytes);
}

export function dropStagingSql(stagingDataset: SchemaRef, table: string): string {
  return `DROP TABLE IF EXISTS ${qualifiedName(stagingDataset, table)}`;
}
