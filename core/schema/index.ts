export type {
  Schema, TableSchema, ColumnSchema, DataType, SchemaChange, TableHints, Row, ContractMode, SchemaContract,
  WriteDisposition,
} from './types';
export { DATA_TYPES } from './types';
export { newSchema, SCHEMA_ENGINE_VERSION } from './new-schema';
export {
  normalizeIdentifier, normalizeTableName, normalizePath, shortenFragments, shortenIdentifier, makePath, breakPath,
  computeTag, trimAndTag, PATH_SEPARATOR, MAX_IDENTIFIER_LENGTH,
} from './naming';
export { inferDataType, isIsoTimestamp, isIsoDate, DEFAULT_DETECTIONS } from './infer-type';
export type { Detection } from './infer-type';
export { resolveContract, contractModeProblem, CONTRACT_MODES } from './contract';
export type { ResolvedContract } from './contract';
export { schemaVersionHash, canonicalJson } from './version-hash';
export { schemaToJson, schemaFromJson } from './serialize';
export { nestedTablesOf, rootTableOf } from './nested-tables';
export { summarizeChanges, describeChanges } from './summarize-changes';
export type { TableChangeSummary } from './summarize-changes';
export { diffSchema, dataColumns } from './evolution';
export type { SchemaDiff } from './evolution';
