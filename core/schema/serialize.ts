import { SluiceError } from '../errors/sluice-error';
import { DATA_TYPES } from './types';
import type { Schema } from './types';

/** Stable, readable JSON of a schema (what `_dlt_version.schema` and the pipeline folder store). */
export function schemaToJson(schema: Schema): string {
  return JSON.stringify(schema, null, 2);
}

/**
 * Reads a schema back from JSON text or a parsed object, checking its shape: a stored schema that is not one is
 * an error naming what is wrong, never a silent half-schema.
 */
export function schemaFromJson(input: string | unknown): Schema {
  let value: unknown = input;
  if (typeof input === 'string') {
    try {
      value = JSON.parse(input);
    } catch (cause) {
      throw new SluiceError('SCHEMA_INVALID', `stored schema is not valid JSON: ${(cause as Error).message}`, { cause });
    }
  }
  const fail = (path: string, expected: string, got: unknown): never => {
    throw new SluiceError('SCHEMA_INVALID', `stored schema is invalid at \`${path}\`: expected ${expected}, got ${JSON.stringify(got) ?? typeof got}`);
  };
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return fail('$', 'an object', value);
  const s = value as Record<string, unknown>;
  if (typeof s.name !== 'string') fail('name', 'a string', s.name);
  if (typeof s.version !== 'number') fail('version', 'a number', s.version);
  if (typeof s.tables !== 'object' || s.tables === null) fail('tables', 'an object', s.tables);
  for (const [tableName, table] of Object.entries(s.tables as Record<string, unknown>)) {
    const t = table as Record<string, unknown> | null;
    if (typeof t !== 'object' || t === null) return fail(`tables.${tableName}`, 'an object', t);
    if (t.name !== tableName) fail(`tables.${tableName}.name`, JSON.stringify(tableName), t.name);
    if (typeof t.columns !== 'object' || t.columns === null) fail(`tables.${tableName}.columns`, 'an object', t.columns);
    for (const [columnName, column] of Object.entries(t.columns as Record<string, unknown>)) {
      const c = column as Record<string, unknown> | null;
      const at = `tables.${tableName}.columns.${columnName}`;
      if (typeof c !== 'object' || c === null) return fail(at, 'an object', c);
      if (c.name !== columnName) fail(`${at}.name`, JSON.stringify(columnName), c.name);
      if (!(DATA_TYPES as readonly unknown[]).includes(c.data_type)) fail(`${at}.data_type`, `one of ${DATA_TYPES.join(', ')}`, c.data_type);
    }
  }
  return {
    name: s.name as string,
    version: s.version as number,
    version_hash: typeof s.version_hash === 'string' ? s.version_hash : '',
    engine_version: typeof s.engine_version === 'number' ? s.engine_version : 11,
    tables: s.tables as Schema['tables'],
    changes: Array.isArray(s.changes) ? (s.changes as Schema['changes']) : [],
  };
}
