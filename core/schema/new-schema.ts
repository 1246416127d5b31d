import type { Schema } from './types';

/** dlt's schema engine version at the time Sluice copied its layout (the `_dlt_version.engine_version`). */
export const SCHEMA_ENGINE_VERSION = 11;

/** An empty schema: no tables yet, version 1, hash of the empty content. */
export function newSchema(name: string): Schema {
  return { name, version: 1, version_hash: '', engine_version: SCHEMA_ENGINE_VERSION, tables: {}, changes: [] };
}
