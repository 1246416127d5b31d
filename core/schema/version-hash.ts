import { sha3_256 } from '@noble/hashes/sha3.js';
import { base64Padded } from './base64';
import type { Schema } from './types';

/**
 * Content hash of a schema, like dlt's `version_hash`: base64 of sha3-256 over the schema's content with keys
 * sorted at every level, so the same tables and columns give the same hash whatever order they were added in.
 * `version`, `version_hash` and the change history are not content.
 */
export function schemaVersionHash(schema: Schema): string {
  const content = { name: schema.name, engine_version: schema.engine_version, tables: schema.tables };
  return base64Padded(sha3_256(new TextEncoder().encode(canonicalJson(content))));
}

/** JSON with object keys sorted recursively; `undefined` members dropped as JSON.stringify does. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return '[' + value.map((item) => canonicalJson(item)).join(',') + ']';
  const obj = value as Record<string, unknown>;
  const parts: string[] = [];
  for (const key of Object.keys(obj).sort()) {
    if (obj[key] === undefined) continue;
    parts.push(JSON.stringify(key) + ':' + canonicalJson(obj[key]));
  }
  return '{' + parts.join(',') + '}';
}
