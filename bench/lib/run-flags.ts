// Flags that change how a benchmark run is set up, shared by bench:pipeline and bench:compare.
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DuckDbDestination } from '../../core/destinations/duckdb/duckdb-destination';
import { pipeline, type Pipeline } from '../../core/pipeline/pipeline';

export const RUN_FLAGS = {
  'worker-after': { type: 'string' },
  'part-mb': { type: 'string' },
  'no-stage': { type: 'boolean' },
  'duckdb-memory': { type: 'string' },
} as const;

export interface RunFlags {
  'worker-after'?: string;
  'part-mb'?: string;
  'no-stage'?: boolean;
  'duckdb-memory'?: string;
}

/** Parses a variant's flags given as one string (`--b "--part-mb 4"`). */
export function parseRunFlags(text: string): RunFlags {
  const args = text.split(/\s+/).filter(Boolean);
  return parseArgs({ args, options: RUN_FLAGS, strict: true }).values;
}

/** A fresh pipeline into its own DuckDB file and pipelines folder under `dir`. */
export function benchPipeline(dir: string, name: string, flags: RunFlags): Pipeline {
  return pipeline({
    pipelineName: 'anchor',
    destination: new DuckDbDestination({
      path: join(dir, `${name}.duckdb`), datasetName: 'anchor',
      ...(flags['duckdb-memory'] ? { memoryLimitMb: Number(flags['duckdb-memory']) } : {}),
    }),
    pipelinesDir: join(dir, `pipelines-${name}`),
    ...(flags['worker-after'] ? { normalizeWorkerAfterRecords: Number(flags['worker-after']) } : {}),
    ...(flags['part-mb'] ? { tablePartBytes: Number(flags['part-mb']) * 2 ** 20 } : {}),
    ...(flags['no-stage'] ? { stageDuringExtract: false } : {}),
  });
}
