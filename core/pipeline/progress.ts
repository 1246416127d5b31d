import type { PipelineStepName } from '../errors/pipeline-step-error';
import type { LoadInfo } from './load-info';

export type { PipelineStepName };

/** Counters of one resource (extract) or table (normalize, load) within a step. */
export interface ProgressCounters {
  pages: number;
  records: number;
  /** Normalized rows written (normalize) or loaded (load). */
  rows: number;
  bytes: number;
  elapsed_ms: number;
  /** Records per second (rows per second for load). */
  rate: number;
}

export type ProgressEvent =
  | { type: 'step_started'; step: PipelineStepName; load_id: string }
  | ({ type: 'resource_progress'; step: PipelineStepName; load_id: string; resource: string; page_url?: string } & ProgressCounters)
  | ({ type: 'step_finished'; step: PipelineStepName; load_id: string } & ProgressCounters)
  | { type: 'package_discarded'; load_id: string; reason: string }
  | { type: 'package_resumed'; load_id: string; status: string }
  /** The extract found no rows and changed neither schema nor state: nothing was written to the destination. */
  | { type: 'nothing_to_load'; load_id: string }
  | { type: 'summary'; info: LoadInfo };

export type ProgressListener = (event: ProgressEvent) => void;

/** Counts one resource's pages, records and bytes and turns them into progress events. */
export class ProgressMeter {
  pages = 0;
  records = 0;
  rows = 0;
  bytes = 0;
  constructor(
    private readonly emit: ProgressListener,
    readonly step: PipelineStepName,
    readonly loadId: string,
    readonly resource: string,
    /** When the work counted began (`performance.now()`; default: now). */
    private readonly started = performance.now(),
  ) {}

  add(counts: { pages?: number; records?: number; rows?: number; bytes?: number }, pageUrl?: string): void {
    this.pages += counts.pages ?? 0;
    this.records += counts.records ?? 0;
    this.rows += counts.rows ?? 0;
    this.bytes += counts.bytes ?? 0;
    const event: ProgressEvent = { type: 'resource_progress', step: this.step, load_id: this.loadId, resource: this.resource, ...this.counters() };
    if (pageUrl !== undefined) event.page_url = pageUrl;
    this.emit(event);
  }

  counters(): ProgressCounters {
    const elapsed = performance.now() - this.started;
    const units = this.step === 'load' ? this.rows : this.records;
    return {
      pages: this.pages, records: this.records, rows: this.rows, bytes: this.bytes,
      elapsed_ms: Math.round(elapsed),
      rate: elapsed > 0 ? Math.round((units * 1000) / elapsed) : 0,
    };
  }
}
