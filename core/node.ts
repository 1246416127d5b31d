// The Node-only public surface: the engine, the service and the hosts.
export { PipelineService } from './service/pipeline-service';
export type { PipelineServiceOptions } from './service/pipeline-service';
export { startHttpHost, CONTENT_SECURITY_POLICY } from './service/http-host';
export type { HttpHost, HttpHostOptions } from './service/http-host';
export { EventHub } from './service/event-hub';
export {
  SecretsService, createSecretResolver, ProviderSecretResolver, OsKeychainStore, moveCredentialsToKeychain, protectLiteralCredentials,
  findLiteralCredentials, sourceSectionName,
} from './secrets/index';
export type { SecretsServiceOptions, SecretResolverOptions, DestinationField, DestinationConfig, KeychainStore } from './secrets/index';
// Destinations: created through the factory, which imports DuckDB or BigQuery only when asked for.
export { createDestination, duckDbPath } from './destinations/create-destination';
export type { Destination, PackageLoadJob, PackageLoadResult, PipelineStateDoc, StoredPipeline, TableLoadJob } from './destinations/destination';
export type { DestinationConfig as DestinationSettings, DuckDbDestinationConfig } from './destinations/destination-config';
export type { BigQueryDestinationConfig } from './destinations/destination-config';
export { readBigQuerySettings, bigQuerySettingsFromEnv, BIGQUERY_FIELDS } from './destinations/bigquery/bigquery-settings';
export type { BigQuerySettings } from './destinations/bigquery/bigquery-settings';
// The declarative REST API source and the imperative path (resources written in code on top of RestClient).
export { restApiSource } from './source/rest-api-source';
export type { RestApiSourceOptions } from './source/rest-api-source';
export { defineResource } from './source/define-resource';
export type { ResourceDefinition } from './source/define-resource';
export { loadSourceForCli, readConfigFile } from './cli/source-loader';
