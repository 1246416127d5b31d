import { dirname } from 'node:path';
import type { Schema, TableHints } from '../schema/types';
import type { SourceRecord } from '../source/types';
import { recordsOfBatchText, type BatchText } from './batch-text';
import type { LoadPackage } from './load-package';
import { NormalizeWorkerClient } from './normalize-worker-client';
import { PackageNormalizer, type NormalizedPackage, type PartClosedListener } from './package-normalizer';

/** One batch for `StreamingNormalizer.push`. */
export interface NormalizeInput {
  /** The records, when the caller has them parsed. */
  records?: SourceRecord[];
  /** The batch as text: what a worker is sent. */
  text(): BatchText;
}

export interface StreamingNormalizerOptions {
  /** Move normalizing to a worker thread once this many records went through (0: at once; Infinity: never).
   *  Small runs stay in-thread: a worker costs a start-up that only pays off on big extracts. */
  workerAfterRecords: number;
  /** Size at which a table file part is closed and the next begins (default PART_BYTES). */
  partBytes?: number;
  /** Told of each part that closes while normalizing goes on (in either thread). */
  onPartClosed?: PartClosedListener;
}

/**
 * Normalizes a package's pages as they come. Starts in the calling thread; past `workerAfterRecords` it flushes
 * what it wrote and hands the package (schema so far, table files opened for append) to a worker thread, so that
 * normalizing overlaps fetching and parsing on a second core.
 */
export class StreamingNormalizer {
  private inline: PackageNormalizer | undefined;
  private worker: NormalizeWorkerClient | undefined;
  private inlineRecords = 0;
  private inlineRows = 0;
  private earlierChanges: NormalizedPackage['changes'] = [];

  constructor(
    private readonly pkg: LoadPackage,
    baseSchema: Schema,
    private readonly maxIdentifierLength: number,
    private readonly hints: TableHints[],
    private readonly options: StreamingNormalizerOptions,
  ) {
    this.inline = new PackageNormalizer(pkg, baseSchema, pkg.loadId, maxIdentifierLength, hints, {}, options.partBytes);
    this.inline.onPartClosed = options.onPartClosed;
  }

  /** Records and rows normalized so far (in the worker: acknowledged so far). */
  get records(): number { return this.inlineRecords + (this.worker?.records ?? 0); }
  get rows(): number { return this.inlineRows + (this.worker?.rows ?? 0); }

  /** Normalizes one batch: in this thread from `records` (parsed from its text if absent), in the worker from its
   *  text (asked for only then). */
  async push(resource: string, batch: NormalizeInput): Promise<void> {
    if (this.worker) return this.worker.push(resource, batch.text());
    const parsed = batch.records ?? recordsOfBatchText(batch.text());
    const before = this.inline!.rows;
    await this.inline!.push(resource, parsed);
    this.inlineRecords += parsed.length;
    this.inlineRows += this.inline!.rows - before;
    if (this.inlineRecords >= this.options.workerAfterRecords) await this.handOver();
  }

  async finish(): Promise<NormalizedPackage> {
    const result = this.worker ? await this.worker.finish() : await this.inline!.finish();
    return { ...result, rows: this.rows, changes: [...this.earlierChanges, ...result.changes] };
  }

  destroy(): void {
    this.inline?.destroy();
    this.worker?.destroy();
  }

  private async handOver(): Promise<void> {
    const inline = this.inline!;
    const existing = inline.tableParts();
    const sofar = await inline.finish({ fsync: false });
    const worker = NormalizeWorkerClient.start({
      packagesRoot: dirname(this.pkg.dir), loadId: this.pkg.loadId, pipelineName: '', schema: sofar.schema,
      maxIdentifierLength: this.maxIdentifierLength, hints: this.hints, existing, partBytes: this.options.partBytes,
    });
    if (!worker) {
      // No worker entry here (e.g. a bundle without it): carry on in this thread with the same files.
      this.inline = new PackageNormalizer(this.pkg, sofar.schema, this.pkg.loadId, this.maxIdentifierLength, this.hints, existing, this.options.partBytes);
      this.inline.onPartClosed = this.options.onPartClosed;
      this.earlierChanges.push(...sofar.changes);
      this.options.workerAfterRecords = Infinity;
      return;
    }
    worker.onPartClosed = this.options.onPartClosed;
    this.earlierChanges = sofar.changes;
    this.inline = undefined;
    this.worker = worker;
  }
}
