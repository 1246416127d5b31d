import type { PipelineStateDoc } from '../destinations/destination';
import type { ResourceStateStore } from '../source/types';

/** A fresh state document for a pipeline that has never loaded. */
export function emptyState(pipelineName: string, datasetName: string): PipelineStateDoc {
  return { pipeline_name: pipelineName, dataset_name: datasetName, version: 0, engine_version: 1, sources: {} };
}

/**
 * The resource state one extract works on: a copy of the committed document, so what resources write is committed
 * only with the load that carries their records.
 */
export class StateTracker implements ResourceStateStore {
  private readonly doc: PipelineStateDoc;
  private changed = false;

  constructor(base: PipelineStateDoc, private readonly sourceName: string) {
    this.doc = structuredClone(base);
  }

  get(resource: string): Record<string, unknown> | undefined {
    const value = this.doc.sources[this.sourceName]?.resources[resource];
    return value === undefined ? undefined : structuredClone(value);
  }

  set(resource: string, value: Record<string, unknown>): void {
    const source = (this.doc.sources[this.sourceName] ??= { resources: {} });
    if (JSON.stringify(source.resources[resource]) === JSON.stringify(value)) return;
    source.resources[resource] = structuredClone(value);
    this.changed = true;
  }

  /** The document to commit with `loadId`: version bumped when a resource changed its state. */
  finish(loadId: string, datasetName: string): PipelineStateDoc {
    const doc = structuredClone(this.doc);
    doc.dataset_name = datasetName;
    if (this.changed) {
      doc.version += 1;
      doc.last_load_id = loadId;
    }
    return doc;
  }
}
