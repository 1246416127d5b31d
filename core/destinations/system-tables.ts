import { sha256 } from '@noble/hashes/sha2.js';
import type { ColumnSchema, DataType, TableSchema } from '../schema/types';
import type { PipelineStateDoc } from './destination';

export const LOADS_TABLE = '_dlt_loads';
export const PIPELINE_STATE_TABLE = '_dlt_pipeline_state';
export const VERSION_TABLE = '_dlt_version';

/** `_dlt_loads.status` of a committed load (dlt's value). */
export const LOAD_STATUS_COMPLETE = 0;

function column(name: string, dataType: DataType, nullable: boolean): ColumnSchema {
  return { name, data_type: dataType, nullable };
}

function table(name: string, columns: ColumnSchema[]): TableSchema {
  return { name, columns: Object.fromEntries(columns.map((c) => [c.name, c])) };
}

/** dlt's system tables with dlt's column names, types and nullability, so a dataset looks like one dlt loaded. */
export const SYSTEM_TABLES: Readonly<Record<string, TableSchema>> = {
  [LOADS_TABLE]: table(LOADS_TABLE, [
    column('load_id', 'text', false),
    column('schema_name', 'text', true),
    column('status', 'bigint', false),
    column('inserted_at', 'timestamp', false),
    column('schema_version_hash', 'text', true),
  ]),
  [PIPELINE_STATE_TABLE]: table(PIPELINE_STATE_TABLE, [
    column('version', 'bigint', false),
    column('engine_version', 'bigint', false),
    column('pipeline_name', 'text', false),
    column('state', 'text', false),
    column('created_at', 'timestamp', false),
    column('version_hash', 'text', true),
    column('_dlt_load_id', 'text', false),
    column('_dlt_id', 'text', false),
  ]),
  [VERSION_TABLE]: table(VERSION_TABLE, [
    column('version', 'bigint', false),
    column('engine_version', 'bigint', false),
    column('inserted_at', 'timestamp', false),
    column('schema_name', 'text', false),
    column('version_hash', 'text', false),
    column('schema', 'text', false),
  ]),
};

export function isSystemTable(name: string): boolean {
  return Object.hasOwn(SYSTEM_TABLES, name);
}

/** JSON with object keys sorted, so equal documents hash equally whatever their key order. */
export function stableStringify(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((v) => stableStringify(v ?? null)).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableStringify(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

function base64(bytes: Uint8Array): string {
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary);
}

/**
 * Hash of what a state says (cursors, resource state), not of its bookkeeping (`version`, `last_load_id`): a load
 * that changes nothing writes no new `_dlt_pipeline_state` row.
 */
export function stateVersionHash(state: PipelineStateDoc): string {
  const { version: _version, last_load_id: _lastLoadId, ...content } = state;
  return base64(sha256(new TextEncoder().encode(stableStringify(content))));
}
