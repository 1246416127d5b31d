import type { Schema, TableSchema, WriteDisposition } from '../schema/types';
import type { TableFileFormat } from './table-file-format';

/** What the pipeline must know about a destination before normalizing for it. */
export interface DestinationCapabilities {
  /** Longest identifier; longer names are shortened with a hash by the naming convention. */
  maxIdentifierLength: number;
  /** Whether data, state and schema can commit in one transaction. */
  transactional: boolean;
  /** The table file format the pipeline writes for it; `loadPackage` loads either (see TableFileFormat). */
  tableFileFormat: TableFileFormat;
  /** Size past which the pipeline closes a table file part and starts the next (default PART_BYTES, 4 MB). */
  tablePartBytes?: number;
}

/** One table's share of a load package. */
export interface TableLoadJob {
  table: string;
  writeDisposition: WriteDisposition;
  /** Newline-delimited JSON files of normalized rows, all in one TableFileFormat: a row object per line, or a
   *  batch's rows column by column. May be empty for a replace/merge table that received no rows this load (it is
   *  still replaced/merged). */
  files: string[];
}

/** State document committed with the data it describes (`_dlt_pipeline_state`). */
export interface PipelineStateDoc {
  pipeline_name: string;
  dataset_name: string;
  /** Bumped at every change. */
  version: number;
  engine_version: number;
  /** Per source and resource: incremental cursors and anything else a resource keeps. */
  sources: Record<string, { resources: Record<string, Record<string, unknown>> }>;
  /** Last load that committed. */
  last_load_id?: string;
}

export interface PackageLoadJob {
  loadId: string;
  pipelineName: string;
  schema: Schema;
  /** Root tables first, then nested tables: parents before children. */
  tables: TableLoadJob[];
  state: PipelineStateDoc;
  /** Cancels the load: the destination stops as soon as it can and commits nothing (the package stays pending).
   *  The rejection is a SluiceError with code `RUN_CANCELLED`. */
  signal?: AbortSignal;
}

export interface PackageLoadResult {
  loadId: string;
  /** Rows loaded per table. */
  rows: Record<string, number>;
  /** DDL the load ran to create or evolve tables. */
  ddl: string[];
  /** True when the load id was already in `_dlt_loads`: nothing was loaded (the package was committed before). */
  alreadyCommitted?: boolean;
}

/** A finished table file of a package still being extracted: `stageTableFile` may start loading it early. */
export interface StagedTableFile {
  loadId: string;
  /** The table as the schema stood when the file was finished: it describes every row in the file. The package's
   *  final schema may add columns, and may widen a column this package created (bigint → double). */
  table: TableSchema;
  /** The disposition of the table's root table. */
  writeDisposition: WriteDisposition;
  /** A table file like those of `TableLoadJob.files`; it also appears there when the package is loaded. */
  file: string;
}

export interface StoredPipeline {
  state: PipelineStateDoc;
  schema?: Schema;
}

/**
 * A warehouse Sluice loads into. DuckDB and BigQuery implement it; the pipeline only talks to this.
 * `loadPackage` is the unit of atomicity: a package's data, its schema version and the state that describes it
 * commit together (as far as the destination allows: see each implementation), and a package whose load id is
 * already in `_dlt_loads` is never loaded twice.
 */
export interface Destination {
  readonly type: 'duckdb' | 'bigquery';
  readonly datasetName: string;
  readonly capabilities: DestinationCapabilities;
  open(): Promise<void>;
  /** Creates the dataset (DuckDB schema / BigQuery dataset) and the system tables if missing. */
  ensureDataset(): Promise<void>;
  /** Creates missing tables and adds missing columns (nullable) for `tables`; returns the DDL it ran. */
  migrateSchema(schema: Schema, tables: string[]): Promise<string[]>;
  /** Loads every table file, applies write dispositions, writes `_dlt_loads`, `_dlt_pipeline_state`,
   *  `_dlt_version`, and commits. */
  loadPackage(job: PackageLoadJob): Promise<PackageLoadResult>;
  /**
   * Optional: starts loading a finished file of a package whose extraction goes on, so that loading overlaps
   * extracting. Nothing staged is visible or committed before `loadPackage` of the same load id, which takes the
   * staged rows into its one transaction (and loads the files not staged); a crash loses the staging, never the
   * data: `loadPackage` alone loads every file again. Never rejects: a file the destination cannot stage is simply
   * loaded by `loadPackage`.
   */
  stageTableFile?(file: StagedTableFile): Promise<void>;
  /** Optional (with `stageTableFile`): forgets what was staged for `loadId` (its extraction failed). */
  discardStaged?(loadId: string): Promise<void>;
  isLoadCommitted(loadId: string): Promise<boolean>;
  /** Newest committed state and schema for the pipeline, used when the local pipeline folder is gone. */
  restorePipeline(pipelineName: string): Promise<StoredPipeline | undefined>;
  /** Runs a read-only query; for `sluice info`, tests and the data browser. Rows as plain objects. */
  query(sql: string): Promise<Record<string, unknown>[]>;
  close(): Promise<void>;
}
