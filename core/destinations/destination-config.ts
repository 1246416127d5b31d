/** Settings for the embedded DuckDB destination. */
export interface DuckDbDestinationConfig {
  type: 'duckdb';
  /** The DuckDB schema that holds the tables. */
  datasetName: string;
  /** Database file, or `:memory:`. Default: `<pipelineName>.duckdb` in the working directory. */
  path?: string;
  /** Used for the default file name when `path` is not given. */
  pipelineName?: string;
}

/** Settings for BigQuery (see core/destinations/bigquery/bigquery-settings.ts for how they are read). */
export interface BigQueryDestinationConfig {
  type: 'bigquery';
  /** The BigQuery dataset that holds the tables. */
  datasetName: string;
  /** Default: the credentials' `project_id`. */
  projectId?: string;
  /** Default `US`. */
  location?: string;
  /** Another endpoint, e.g. the local emulator `http://127.0.0.1:9050` (no Google auth when loopback). */
  apiEndpoint?: string;
  /** Service-account JSON (text or object); without it Application Default Credentials are used. */
  credentials?: Record<string, unknown> | string;
  pipelineName?: string;
}

/** What `createDestination` accepts; the BigQuery settings join this union (`type: 'bigquery'`). */
export type DestinationConfig = DuckDbDestinationConfig | BigQueryDestinationConfig;
