import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDbDestination } from '../../../../core/destinations/duckdb/duckdb-destination';
import { pipeline, type Pipeline } from '../../../../core/pipeline/pipeline';
import type { ProgressEvent } from '../../../../core/pipeline/progress';

export interface TempPipeline {
  dir: string;
  dbPath: string;
  pipelinesDir: string;
  events: ProgressEvent[];
  make(name?: string, options?: { normalizeWorkerAfterRecords?: number; tablePartBytes?: number; stageDuringExtract?: boolean }): Pipeline;
  /** Rows of a table (dataset `data`), `_dlt_*` columns dropped, sorted by the given columns. */
  rows(table: string, orderBy: string, keep?: string[]): Promise<Record<string, unknown>[]>;
  query(sql: string): Promise<Record<string, unknown>[]>;
  cleanup(): Promise<void>;
}

export function tempPipeline(prefix = 'sluice-pipeline-'): TempPipeline {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const made: Pipeline[] = [];
  const events: ProgressEvent[] = [];
  const t: TempPipeline = {
    dir,
    dbPath: join(dir, 'warehouse.duckdb'),
    pipelinesDir: join(dir, 'pipelines'),
    events,
    make(name = 'shop', options = {}) {
      const p = pipeline({
        ...options,
        pipelineName: name,
        destination: new DuckDbDestination({ path: t.dbPath, datasetName: 'data' }),
        pipelinesDir: t.pipelinesDir,
        onProgress: (e) => events.push(e),
      });
      made.push(p);
      return p;
    },
    async query(sql) {
      await closeAll();
      const destination = new DuckDbDestination({ path: t.dbPath, datasetName: 'data' });
      await destination.open();
      try {
        return await destination.query(sql);
      } finally {
        await destination.close();
      }
    },
    async rows(table, orderBy, keep = []) {
      const rows = await t.query(`SELECT * FROM data."${table}" ORDER BY ${orderBy}`);
      return rows.map((r) => Object.fromEntries(Object.entries(r).filter(([k]) => !k.startsWith('_dlt_') || keep.includes(k))));
    },
    async cleanup() {
      await closeAll();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  async function closeAll(): Promise<void> {
    for (const p of made.splice(0)) await p.close();
  }
  return t;
}
