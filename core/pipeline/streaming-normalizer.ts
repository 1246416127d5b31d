import { dirname } from 'node:path';
import type { Schema, TableHints } from '../schema/types';
import type { SourceRecord } from '../source/types';
import { SchemaWouldChange } from '../normalize/schema-would-change';
import type { TableFileFormat } from '../destinations/table-file-format';
import { recordsOfBatchText, type BatchText } from './batch-text';
import type { LoadPackage } from './load-package';
import { NormalizeWorkerClient } from './normalize-worker-client';
import { PackageNormalizer, tableJobs, type NormalizedPackage, type PartClosedListener, type TableParts } from './package-normalizer';

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
  /** How the table files hold their rows: the destination's `tableFileFormat`. */
  format: TableFileFormat;
  /** Told of each part that closes while normalizing goes on (in either thread). */
  onPartClosed?: PartClosedListener;
  /** While the worker has this many batches waiting, the calling thread normalizes the next batch itself (default
   *  HELP_WHEN_PENDING; Infinity: never). */
  helpWhenPending?: number;
}

/** Two batches waiting: the worker is behind, and this thread has time to spare (it waits for it otherwise). */
const HELP_WHEN_PENDING = 2;

/**
 * Normalizes a package's pages as they come. Starts in the calling thread; past `workerAfterRecords` it flushes
 * what it wrote and hands the package (schema so far, table files opened for append) to a worker thread, so that
 * normalizing overlaps fetching and parsing on a second core.
 *
 * With the worker busy, the calling thread normalizes batches too, into parts of its own, through a frozen copy
 * of the worker's schema: a batch that would change the schema goes to the worker instead, which alone evolves it
 * and sends each new version back. Merge resources are left to the worker alone, since "the last row of a key
 * wins" follows the order of the files.
 */
export class StreamingNormalizer {
  private inline: PackageNormalizer | undefined;
  private worker: NormalizeWorkerClient | undefined;
  private inlineRecords = 0;
  private inlineRows = 0;
  /** The calling thread's frozen normalizer beside the worker, and the worker schema it follows. */
  private helper: PackageNormalizer | undefined;
  private helperSchema: Schema | undefined;
  private helperRecords = 0;
  private helperRows = 0;
  /** No help until the worker acknowledged this many batches (it has a schema change to make first). */
  private helpAfterAcks = 0;
  private readonly canHelp: boolean;

  constructor(
    private readonly pkg: LoadPackage,
    baseSchema: Schema,
    private readonly maxIdentifierLength: number,
    private readonly hints: TableHints[],
    private readonly options: StreamingNormalizerOptions,
  ) {
    this.inline = new PackageNormalizer(pkg, baseSchema, pkg.loadId, maxIdentifierLength, hints, {}, options.partBytes, { format: options.format });
    this.inline.onPartClosed = options.onPartClosed;
    this.canHelp = hints.every((h) => h.write_disposition !== 'merge');
  }

  /** Records and rows normalized so far (in the worker: acknowledged so far). */
  get records(): number { return this.inlineRecords + this.helperRecords + (this.worker?.records ?? 0); }
  get rows(): number { return this.inlineRows + this.helperRows + (this.worker?.rows ?? 0); }

  /** Normalizes one batch: in this thread from `records` (parsed from its text if absent), in the worker from its
   *  text (asked for only then). */
  async push(resource: string, batch: NormalizeInput): Promise<void> {
    if (this.worker) {
      if (this.worker.pending >= (this.options.helpWhenPending ?? HELP_WHEN_PENDING) && (await this.help(resource, batch))) return;
      return this.worker.push(resource, batch.text());
    }
    const parsed = batch.records ?? recordsOfBatchText(batch.text());
    const before = this.inline!.rows;
    await this.inline!.push(resource, parsed);
    this.inlineRecords += parsed.length;
    this.inlineRows += this.inline!.rows - before;
    if (this.inlineRecords >= this.options.workerAfterRecords) await this.handOver();
  }

  async finish(): Promise<NormalizedPackage> {
    if (!this.worker) {
      const result = await this.inline!.finish();
      return { ...result, rows: this.rows, changes: this.changesIn(result.schema) };
    }
    const result = await this.worker.finish();
    let jobs = result.jobs;
    if (this.helper) {
      await this.helper.finish();
      const parts: Record<string, TableParts> = {};
      for (const job of result.jobs) parts[job.table] = { files: [...job.files], bytes: [...job.file_bytes ?? []], rows: job.rows };
      for (const [table, written] of Object.entries(this.helper.tableParts())) {
        const into = parts[table] ?? { files: [], bytes: [], rows: 0 };
        into.files.push(...written.files);
        into.bytes.push(...written.bytes);
        into.rows += written.rows;
        parts[table] = into;
      }
      jobs = tableJobs(result.schema, this.hints.map((h) => h.resource), parts);
    }
    return { schema: result.schema, jobs, rows: this.rows, changes: this.changesIn(result.schema) };
  }

  destroy(): void {
    this.inline?.destroy();
    this.helper?.destroy();
    this.worker?.destroy();
  }

  /** This load's changes, as the final schema has them (a column widened after a hand-over shows as widened). */
  private changesIn(schema: Schema): NormalizedPackage['changes'] {
    return schema.changes.filter((c) => c.load_id === this.pkg.loadId);
  }

  /** Normalizes the batch in this thread if the schema allows; false when the worker must take it. */
  private async help(resource: string, batch: NormalizeInput): Promise<boolean> {
    const worker = this.worker!;
    const schema = worker.schema;
    if (!this.canHelp || schema === undefined || worker.acked < this.helpAfterAcks) return false;
    try {
      const records = batch.records ?? recordsOfBatchText(batch.text());
      if (!this.helper) {
        this.helper = new PackageNormalizer(this.pkg, schema, this.pkg.loadId, this.maxIdentifierLength, this.hints, {}, this.options.partBytes, { frozen: true, series: 's', format: this.options.format });
        this.helper.onPartClosed = this.options.onPartClosed;
      } else if (this.helperSchema !== schema) {
        this.helper.replaceSchema(schema);
      }
      this.helperSchema = schema;
      const before = this.helper.rows;
      await this.helper.push(resource, records);
      this.helperRecords += records.length;
      this.helperRows += this.helper.rows - before;
      return true;
    } catch (error) {
      if (!(error instanceof SchemaWouldChange)) throw error;
      // The frozen copy may have been touched before it threw: start again from the worker's next schema, once
      // the worker has normalized this batch (the one that changes it).
      this.helperSchema = undefined;
      this.helpAfterAcks = worker.sent + 1;
      return false;
    }
  }

  private async handOver(): Promise<void> {
    const inline = this.inline!;
    const existing = inline.tableParts();
    const sofar = await inline.finish();
    const worker = NormalizeWorkerClient.start({
      packagesRoot: dirname(this.pkg.dir), loadId: this.pkg.loadId, pipelineName: this.pkg.pipelineName, schema: sofar.schema,
      maxIdentifierLength: this.maxIdentifierLength, hints: this.hints, existing, partBytes: this.options.partBytes, format: this.options.format,
    });
    if (!worker) {
      // No worker entry here (e.g. a bundle without it): carry on in this thread with the same files.
      this.inline = new PackageNormalizer(this.pkg, sofar.schema, this.pkg.loadId, this.maxIdentifierLength, this.hints, existing, this.options.partBytes, { format: this.options.format });
      this.inline.onPartClosed = this.options.onPartClosed;
      this.options.workerAfterRecords = Infinity;
      return;
    }
    worker.onPartClosed = this.options.onPartClosed;
    this.inline = undefined;
    this.worker = worker;
  }
}
