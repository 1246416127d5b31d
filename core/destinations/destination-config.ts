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

/** What `createDestination` accepts; the BigQuery settings join this union (`type: 'bigquery'`). */
export type DestinationConfig = DuckDbDestinationConfig;
