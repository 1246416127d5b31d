import type { SchemaChange } from '../schema/types';

export interface FailedJob {
  load_id: string;
  table?: string;
  step: 'extract' | 'normalize' | 'load';
  message: string;
}

/** What a run did. The CLI's `--json` prints the first seven keys. */
export interface LoadInfo {
  pipeline_name: string;
  dataset_name: string;
  destination: string;
  /** Packages committed by this run, oldest first (a finished pending package comes before the new one). */
  load_ids: string[];
  /** Rows loaded per table, summed over the packages. */
  tables: Record<string, number>;
  /** New tables and columns. */
  schema_changes: SchemaChange[];
  elapsed_ms: number;
  /** Milliseconds per step (summed over packages). */
  durations: { extract: number; normalize: number; load: number };
  /** Records extracted per resource by this run's extract. */
  records: Record<string, number>;
  pages: number;
  failed_jobs: FailedJob[];
}

export function emptyLoadInfo(pipelineName: string, datasetName: string, destination: string): LoadInfo {
  return {
    pipeline_name: pipelineName, dataset_name: datasetName, destination, load_ids: [], tables: {}, schema_changes: [],
    elapsed_ms: 0, durations: { extract: 0, normalize: 0, load: 0 }, records: {}, pages: 0, failed_jobs: [],
  };
}
