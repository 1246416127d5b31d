// The isomorphic public surface: safe for the renderer (no Node built-ins behind any of these).
export { API_METHODS, EVENT_NAMES, isApiMethod, apiChannel, eventChannel } from './api/contract';
export type {
  PipelineApi, PipelineEvents, PipelineClient, PipelineEventSource, ApiMethod, ApiInput, ApiOutput, EventName, EventListener,
} from './api/contract';
export { settle, unwrap, toErrorData, fromErrorData } from './api/result';
export type { ApiResult } from './api/result';
export type { AppInfo, PreviewRequestInput, PreviewResponse } from './api/preview-types';
export { createHttpApi, TOKEN_HEADER } from './api/http-transport';
export type { HttpApiOptions } from './api/http-transport';
export { SluiceError, isSluiceError } from './errors/sluice-error';
export type { SluiceErrorData } from './errors/sluice-error';
export { SLUICE_VERSION } from './version';
export type {
  SecretProviderName, SecretOrigin, SetSecretInput, DeleteSecretInput, DeleteSecretResult, ListSecretsInput, SecretStatus, SecretListing,
} from './api/secrets-types';
export type { ImportSourceConfigInput, ImportSourceConfigResult, ImportedCredential, SessionOnlyCredentials } from './api/import-types';
export type { SaveProjectInput, SaveProjectResult, OpenProjectInput, OpenProjectResult, MovedSecret } from './api/project-types';
export { validateSourceConfig } from './config/validate-source-config';
export type { SourceConfigValidation } from './config/validate-source-config';
export { resolveSourceConfig } from './config/resolve-source-config';
export { sourceConfigJsonSchema, SourceConfigSchema } from './config/schema';
export type { SourceConfig } from './config/schema';
export type { ResolvedSourceConfig, ResolvedResourceConfig, ResolvedEndpointConfig, ResolvedIncrementalConfig } from './config/resolved-config';
export { Normalizer } from './normalize/normalizer';
export { ExactInteger } from './http/exact-integer';
export { newSchema, normalizeIdentifier, normalizeTableName, summarizeChanges, nestedTablesOf, schemaFromJson, schemaToJson } from './schema';
export type { Schema, TableSchema, ColumnSchema, DataType, SchemaChange, TableHints, Row } from './schema';
