import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import type { ColumnSchema, DataType, Schema, TableSchema, WriteDisposition } from '../../../core/schema/types';
import type { PackageLoadJob, PipelineStateDoc, TableLoadJob } from '../../../core/destinations/destination';
import { columnsLine, tableFileSuffix, type TableFileFormat } from '../../../core/destinations/table-file-format';
import { batchOfRows } from '../../helpers/batch-of-rows';
import { TableBatch } from '../../../core/normalize/table-batch';

/**
 * Hand-built schemas and table files in the normalizer's output shape, so destination tests do not depend on the
 * normalizer: keys are column names, timestamps ISO strings, decimals strings, json columns JSON values, binary base64.
 */

export const PIPELINE = 'suite_pipeline';

export function col(name: string, dataType: DataType, extra: Partial<ColumnSchema> = {}): ColumnSchema {
  return { name, data_type: dataType, nullable: true, ...extra };
}

export function table(name: string, columns: ColumnSchema[], extra: Partial<TableSchema> = {}): TableSchema {
  return { name, columns: Object.fromEntries(columns.map((c) => [c.name, c])), ...extra };
}

/** `_dlt_load_id` and `_dlt_id` of a root table. */
export function rootDltColumns(): ColumnSchema[] {
  return [col('_dlt_load_id', 'text', { nullable: false }), col('_dlt_id', 'text', { nullable: false, unique: true })];
}

/** The link columns of a nested table; `_dlt_root_id` when the root is merged. */
export function nestedDltColumns(withRootId: boolean): ColumnSchema[] {
  return [
    col('_dlt_parent_id', 'text', { nullable: false }),
    col('_dlt_list_idx', 'bigint', { nullable: false }),
    col('_dlt_id', 'text', { nullable: false, unique: true }),
    ...(withRootId ? [col('_dlt_root_id', 'text', { nullable: false })] : []),
  ];
}

export function makeSchema(tables: TableSchema[], name = 'suite_source', version = 1): Schema {
  const body = { name, tables: Object.fromEntries(tables.map((t) => [t.name, t])) };
  const hash = createHash('sha256').update(JSON.stringify(body)).digest('base64');
  return { ...body, version, version_hash: hash, engine_version: 1, changes: [] };
}

export function makeState(version: number, cursor: unknown, datasetName: string): PipelineStateDoc {
  return {
    pipeline_name: PIPELINE,
    dataset_name: datasetName,
    version,
    engine_version: 1,
    sources: { suite_source: { resources: { issues: { incremental: { updated_at: { last_value: cursor } } } } } },
  };
}

let fileCounter = 0;

/**
 * Writes rows as one table file and returns its path: a row per line (`jsonl`, the default), or lines of two rows'
 * columns (`jsonl_columns`, as the pipeline writes a normalized batch for DuckDB).
 */
export function writeTableFile(dir: string, tableName: string, rows: Record<string, unknown>[], format: TableFileFormat = 'jsonl'): string {
  fileCounter += 1;
  const base = join(dir, `${tableName.replace(/[^a-z0-9_]/gi, '_')}.${fileCounter}`);
  if (format === 'jsonl') {
    writeFileSync(`${base}.jsonl`, rows.map((r) => JSON.stringify(r)).join('\n') + (rows.length > 0 ? '\n' : ''));
    return `${base}.jsonl`;
  }
  const lines: string[] = [];
  for (let i = 0; i < rows.length; i += 2) {
    const batch = rows.slice(i, i + 2);
    lines.push(`${columnsLine(batchOfRows(batch))}\n`);
  }
  const path = `${base}${tableFileSuffix(format)}`;
  writeFileSync(path, lines.join(''));
  return path;
}

/**
 * The `jsonl_columns` files of `issueRows`, with the ids derived as the normalizer writes them (prefix and
 * numbers, one load id per line; see TableBatch) and lines of two rows, so that lines after the first number on.
 * The ids are the same text as `issueRows`' root ids (`<loadId>_<i>`); label ids are `<loadId>_L<k>`.
 */
function derivedIssueFiles(dir: string, loadId: string, issues: Issue[], merged: boolean): { issues: string; labels: string } {
  const rootPrefix = `${loadId}_`;
  const root = new TableBatch(['id', 'title', 'updated_at', 'repo', '_dlt_load_id', '_dlt_id']);
  const labels = new TableBatch(['value', '_dlt_root_id', '_dlt_parent_id', '_dlt_list_idx', '_dlt_id']);
  issues.forEach((issue, i) => {
    const { labels: names, ...fields } = issue;
    for (const [name, value] of Object.entries({ repo: 'sluice', ...fields })) {
      let slot = root.names.indexOf(name);
      if (slot < 0) {
        (root.names as string[]).push(name);
        slot = root.names.length - 1;
      }
      root.write(slot, value);
    }
    root.endRow();
    (names ?? []).forEach((value, j) => {
      labels.write(0, value);
      if (merged) labels.write(1, i);
      labels.write(2, i);
      labels.write(3, j);
      labels.endRow();
    });
  });
  root.deriveConstant(4, loadId);
  root.deriveIds(5, rootPrefix, 0);
  if (merged) labels.deriveReferences(1, rootPrefix);
  labels.deriveReferences(2, rootPrefix);
  labels.deriveIds(4, `${loadId}_L`, 0);
  const write = (name: string, batch: TableBatch): string => {
    fileCounter += 1;
    const path = join(dir, `${name}.${fileCounter}${tableFileSuffix('jsonl_columns')}`);
    const lines: string[] = [];
    for (let at = 0; at < batch.rows; at += 2) lines.push(`${columnsLine(batch, at, Math.min(batch.rows, at + 2))}\n`);
    writeFileSync(path, lines.join(''));
    return path;
  };
  return { issues: write('issues', root), labels: write('issues__labels', labels) };
}

/** The issues fixture: `issues` (id, title, updated_at, optional extras) with labels in `issues__labels`. */
export interface Issue {
  id: number;
  title: string;
  updated_at?: string;
  labels?: string[];
  [extra: string]: unknown;
}

export function issuesSchema(disposition: WriteDisposition, options: { extraColumns?: ColumnSchema[]; keys?: 'primary' | 'merge' | 'both' | 'none'; version?: number } = {}): Schema {
  const keys = options.keys ?? 'primary';
  const merged = disposition === 'merge';
  const issues = table('issues', [
    col('id', 'bigint', { nullable: false, primary_key: keys === 'primary' || keys === 'both' }),
    col('title', 'text'),
    col('updated_at', 'timestamp'),
    col('repo', 'text', { merge_key: keys === 'merge' || keys === 'both' }),
    ...(options.extraColumns ?? []),
    ...rootDltColumns(),
  ], { write_disposition: disposition, resource: 'issues' });
  const labels = table('issues__labels', [col('value', 'text'), ...nestedDltColumns(merged)], { parent: 'issues' });
  return makeSchema([issues, labels], 'suite_source', options.version ?? 1);
}

/** Root and nested rows for `issues` with ids derived from the load id, as the normalizer makes them. */
export function issueRows(loadId: string, issues: Issue[], merged: boolean): { roots: Record<string, unknown>[]; labels: Record<string, unknown>[] } {
  const roots: Record<string, unknown>[] = [];
  const labels: Record<string, unknown>[] = [];
  issues.forEach((issue, i) => {
    const { labels: names, ...fields } = issue;
    const id = `${loadId}_${i}`;
    roots.push({ repo: 'sluice', ...fields, _dlt_load_id: loadId, _dlt_id: id });
    (names ?? []).forEach((value, j) => {
      labels.push({ value, _dlt_parent_id: id, _dlt_list_idx: j, _dlt_id: `${id}_${j}`, ...(merged ? { _dlt_root_id: id } : {}) });
    });
  });
  return { roots, labels };
}

export function issuesPackage(init: {
  dir: string;
  loadId: string;
  disposition: WriteDisposition;
  issues: Issue[];
  schema?: Schema;
  stateVersion?: number;
  datasetName: string;
  /** Leave the nested table out of the package (as a run that saw no labels would). */
  omitLabels?: boolean;
  /** The table files' format (default `jsonl`). */
  format?: TableFileFormat;
  /** `jsonl_columns` files that list every row's ids, as Sluice wrote them before ids were derived (by default
   *  they are derived, as the normalizer writes them: see TableBatch). */
  listedIds?: boolean;
}): PackageLoadJob {
  const merged = init.disposition === 'merge';
  const schema = init.schema ?? issuesSchema(init.disposition);
  const { roots, labels } = issueRows(init.loadId, init.issues, merged);
  const derived = init.format === 'jsonl_columns' && init.listedIds !== true ? derivedIssueFiles(init.dir, init.loadId, init.issues, merged) : undefined;
  const tables: TableLoadJob[] = [
    { table: 'issues', writeDisposition: init.disposition, files: roots.length > 0 ? [derived?.issues ?? writeTableFile(init.dir, 'issues', roots, init.format)] : [] },
  ];
  if (!init.omitLabels) {
    tables.push({ table: 'issues__labels', writeDisposition: init.disposition, files: labels.length > 0 ? [derived?.labels ?? writeTableFile(init.dir, 'issues__labels', labels, init.format)] : [] });
  }
  const version = init.stateVersion ?? 1;
  return {
    loadId: init.loadId,
    pipelineName: PIPELINE,
    schema,
    tables,
    state: makeState(version, init.issues.map((i) => i.updated_at ?? '').sort().at(-1) ?? null, init.datasetName),
  };
}
