import { createReadStream, existsSync } from 'node:fs';
import { dirname } from 'node:path';
import { createInterface } from 'node:readline';
import type { Destination, PackageLoadJob, PipelineStateDoc } from '../destinations/destination';
import type { ExtractLimits, RecordBatch, Source, SourceResource } from '../source/types';
import { ResourceExtraction } from '../source/resource-extraction';
import type { Schema } from '../schema/types';
import type { Logger } from '../logger';
import { silentLogger } from '../logger';
import { PipelineStepError, type PipelineStepName } from '../errors/pipeline-step-error';
import { RecordShapeError } from '../errors/record-shape-error';
import { LoadPackageError } from '../errors/load-package-error';
import { SluiceError, isSluiceError } from '../errors/sluice-error';
import { redactor } from '../http/redactor';
import { fsyncFile, writeJsonAtomic } from './atomic-file';
import { unwrittenTableFile } from './unwritten-table-file';
import { type LoadPackage, type PackageManifest, type ResourceExtractStats, compareLoadIds, newLoadId } from './load-package';
import { emptyLoadInfo, type LoadInfo } from './load-info';
import type { NormalizedPackage, PartClosedListener } from './package-normalizer';
import { StreamingNormalizer } from './streaming-normalizer';
import { corruptTableFile } from './corrupt-table-file';
import { dropPendingCommand } from '../errors/drop-pending-command';
import { stringifyKeepingIntegers } from '../http/exact-integer';
import { NdjsonWriter } from './ndjson-writer';
import { defaultPipelinesDir, PipelineStorage } from './pipeline-storage';
import { ProgressMeter, type ProgressEvent, type ProgressListener } from './progress';
import { StateTracker, emptyState } from './state-tracker';
import { summarizePackage, type PendingPackageSummary } from './package-summary';
import { newSchema } from '../schema/new-schema';

export interface PipelineOptions {
  pipelineName: string;
  destination: Destination;
  /** Defaults to the destination's dataset. */
  datasetName?: string;
  /** Default `~/.sluice/pipelines` (or `$SLUICE_PIPELINES_DIR`). */
  pipelinesDir?: string;
  logger?: Logger;
  onProgress?: ProgressListener;
  /** Normalize in a worker thread once a package passed this many records (default `Infinity`: always in the
   *  calling thread, which measured faster on 2 busy cores; see the README's pipeline section). */
  normalizeWorkerAfterRecords?: number;
  /** Beside the worker, this thread normalizes a batch itself while the worker has this many waiting (default 2;
   *  Infinity: never). Tuning and tests. */
  normalizeHelpWhenPending?: number;
  /** Size at which a normalized table file is split into the next part (default: the destination's
   *  `tablePartBytes`, else 4 MB; bounds DuckDB's read buffers during the load). */
  tablePartBytes?: number;
  /** During `run`, let the destination load finished table file parts while extraction goes on (when it can:
   *  `Destination.stageTableFile`). Default true. */
  stageDuringExtract?: boolean;
}

export interface ExtractOptions {
  /** Only these resources (by name); default: every selected resource. */
  resources?: string[];
  limits?: ExtractLimits;
  signal?: AbortSignal;
  onProgress?: ProgressListener;
}

export interface StepOptions {
  signal?: AbortSignal;
  onProgress?: ProgressListener;
}

const ABORTED = 'the run was cancelled';
/** A destination's words for a value that its column cannot take (DuckDB's cast and JSON transform errors,
 *  BigQuery's load job errors, a column whose type a hint changed). */
const DATA_DOES_NOT_FIT = /Conversion Error|Could not convert|JSON transform error|Could not parse|has changed type/i;
// Measured on the 2-core machine: the worker start-up (and parsing each page a second time) cost more than the
// overlap won, so normalizing stays in the calling thread unless asked.
const DEFAULT_WORKER_AFTER_RECORDS = Infinity;

/**
 * dlt's pipeline: `extract` writes a load package of raw pages, `normalize` turns it into per-table files, `load`
 * commits it to the destination with its state and schema. `run` finishes pending packages first, then extracts
 * anew with normalization running batch by batch alongside extraction, then loads.
 */
export class Pipeline {
  readonly pipelineName: string;
  readonly datasetName: string;
  readonly destination: Destination;
  readonly storage: PipelineStorage;
  private readonly logger: Logger;
  private readonly listener: ProgressListener | undefined;
  private destinationReady = false;
  private lockDepth = 0;
  /** Loaded packages whose files are still being deleted (see `LoadPackage.retire`): `close` waits for them. */
  private readonly deletions = new Set<Promise<void>>();
  private readonly workerAfterRecords: number;
  private readonly helpWhenPending: number | undefined;
  private readonly tablePartBytes: number | undefined;
  private readonly stageDuringExtract: boolean;

  constructor(options: PipelineOptions) {
    this.pipelineName = options.pipelineName;
    this.destination = options.destination;
    this.datasetName = options.datasetName ?? options.destination.datasetName;
    this.storage = new PipelineStorage(options.pipelinesDir ?? defaultPipelinesDir(), options.pipelineName);
    this.logger = options.logger ?? silentLogger;
    this.listener = options.onProgress;
    this.workerAfterRecords = options.normalizeWorkerAfterRecords ?? DEFAULT_WORKER_AFTER_RECORDS;
    this.helpWhenPending = options.normalizeHelpWhenPending;
    this.tablePartBytes = options.tablePartBytes;
    this.stageDuringExtract = options.stageDuringExtract ?? true;
  }

  get dir(): string { return this.storage.dir; }

  /** Finishes pending packages, extracts `source` anew (normalizing as pages arrive) and loads it. */
  async run(source: Source, options: ExtractOptions = {}): Promise<LoadInfo> {
    return this.locked(async () => {
      const started = performance.now();
      const info = emptyLoadInfo(this.pipelineName, this.datasetName, this.destination.type);
      const emit = this.emitter(options.onProgress);
      try {
        await this.finishPending(info, options, emit);
        const pkg = await this.extractPackage(source, options, emit, info, true);
        if (this.nothingToLoad(pkg)) await this.dropEmpty(pkg, emit);
        else await this.loadOne(pkg, info, options, emit);
      } catch (error) {
        info.elapsed_ms = Math.round(performance.now() - started);
        if (error instanceof PipelineStepError) error.loadInfo = info;
        throw error;
      }
      info.elapsed_ms = Math.round(performance.now() - started);
      emit({ type: 'summary', info });
      return info;
    });
  }

  /** Extracts `source` into a new package (raw pages only). Returns the load id. */
  async extract(source: Source, options: ExtractOptions = {}): Promise<string> {
    return this.locked(async () => {
      const info = emptyLoadInfo(this.pipelineName, this.datasetName, this.destination.type);
      const pkg = await this.extractPackage(source, options, this.emitter(options.onProgress), info, false);
      return pkg.loadId;
    });
  }

  /** Normalizes every extracted package (again from its raw pages if a normalize was interrupted). */
  async normalize(options: StepOptions = {}): Promise<string[]> {
    return this.locked(async () => {
      const emit = this.emitter(options.onProgress);
      const info = emptyLoadInfo(this.pipelineName, this.datasetName, this.destination.type);
      const done: string[] = [];
      for (const pkg of this.storage.packages.list()) {
        const manifest = pkg.readManifest();
        if (manifest.status !== 'extracted') continue;
        await this.normalizePackage(pkg, manifest, info, options, emit);
        done.push(pkg.loadId);
      }
      return done;
    });
  }

  /** Loads every normalized package, oldest first. */
  async load(options: StepOptions = {}): Promise<LoadInfo> {
    return this.locked(async () => {
      const started = performance.now();
      const emit = this.emitter(options.onProgress);
      const info = emptyLoadInfo(this.pipelineName, this.datasetName, this.destination.type);
      for (const pkg of this.storage.packages.list()) {
        const manifest = pkg.readManifest();
        if (manifest.status !== 'normalized' && manifest.status !== 'loading') continue;
        if (!(await this.loadOne(pkg, info, options, emit))) break;
      }
      info.elapsed_ms = Math.round(performance.now() - started);
      return info;
    });
  }

  /** Pending packages with what they hold; unreadable ones carry `error`. */
  pendingPackages(): PendingPackageSummary[] {
    return this.storage.packages.list().map((pkg) => summarizePackage(pkg));
  }

  /** Deletes pending packages (all, or the given load ids with every package extracted after the oldest of them:
   *  see `PackageStore.dependentsFrom`); their data is never loaded. Returns the load ids dropped. */
  async dropPending(loadIds?: string[]): Promise<string[]> {
    return this.locked(async () => {
      const doomed = loadIds ? this.storage.packages.dependentsFrom(loadIds) : this.storage.packages.list();
      for (const pkg of doomed) pkg.remove();
      return doomed.map((pkg) => pkg.loadId);
    });
  }

  /** Committed state (local copy). */
  state(): PipelineStateDoc {
    return this.storage.readState() ?? emptyState(this.pipelineName, this.datasetName);
  }

  /** Committed schema (local copy). */
  schema(): Schema | undefined {
    return this.storage.readSchema();
  }

  async close(): Promise<void> {
    await Promise.all(this.deletions);
    if (this.destinationReady) {
      this.destinationReady = false;
      await this.destination.close();
    }
  }

  // ---- steps ------------------------------------------------------------------------------------------------

  private async finishPending(info: LoadInfo, options: StepOptions, emit: ProgressListener): Promise<void> {
    for (const pkg of this.storage.packages.list()) {
      const manifest = pkg.readManifest();
      if (manifest.status === 'extracting') {
        const reason = 'its extract never finished (nothing of it was loaded, its state was never committed)';
        this.logger.warn(`Discarding load package ${pkg.loadId}: ${reason}`);
        pkg.remove();
        emit({ type: 'package_discarded', load_id: pkg.loadId, reason });
        continue;
      }
      emit({ type: 'package_resumed', load_id: pkg.loadId, status: manifest.status });
      this.logger.info(`Finishing pending load package ${pkg.loadId} (${manifest.status})`);
      if (manifest.status === 'extracted') await this.normalizePackage(pkg, manifest, info, options, emit);
      if (!(await this.loadOne(pkg, info, options, emit))) break;
    }
  }

  private async extractPackage(source: Source, options: ExtractOptions, emit: ProgressListener, info: LoadInfo, inlineNormalize: boolean): Promise<LoadPackage> {
    const resources = selectResources(source, options.resources);
    await this.restoreIfMissing();
    const base = this.baseForNewPackage();
    const loadId = newLoadId();
    const manifest: PackageManifest = {
      load_id: loadId, pipeline_name: this.pipelineName, source_name: source.name, status: 'extracting',
      created_at: new Date().toISOString(), resources: [], hints: resources.map((r) => r.hints),
    };
    this.storage.ensure();
    const pkg = this.storage.packages.create(manifest);
    const tracker = new StateTracker(base.state, source.name);
    let normalizer: StreamingNormalizer | undefined;
    let current: string | undefined;
    let step: PipelineStepName = 'extract';
    const started = performance.now();
    emit({ type: 'step_started', step: 'extract', load_id: loadId });
    try {
      if (inlineNormalize) {
        normalizer = this.streamingNormalizer(pkg, base.schema, manifest, await this.stager(loadId, pkg));
        emit({ type: 'step_started', step: 'normalize', load_id: loadId });
      }
      // One pass over the resources: a parent selected with its children is requested once and feeds them.
      const extraction = new ResourceExtraction(resources, source.resources, { state: tracker, signal: options.signal, limits: options.limits });
      manifest.resources.push(...await this.extractResources(pkg, resources, extraction, normalizer, options, emit, (s) => { step = s; }, (r) => { current = r; }));
      current = undefined;
      checkAborted(options.signal);
      writeJsonAtomic(pkg.statePath, tracker.finish(loadId, this.datasetName));
      const extractMs = Math.round(performance.now() - started);
      manifest.durations = { extract: extractMs };
      // Normalized alongside: the package has no raw pages to normalize again, so it stays `extracting` (discarded
      // by a rerun) until it is `normalized`.
      if (!normalizer) {
        manifest.status = 'extracted';
        pkg.writeManifest(manifest);
      }
      info.durations.extract += extractMs;
      for (const r of manifest.resources) {
        info.records[r.resource] = (info.records[r.resource] ?? 0) + r.records;
        info.pages += r.pages;
      }
      emit({ type: 'step_finished', step: 'extract', load_id: loadId, ...totals(manifest.resources, extractMs) });
      if (normalizer) {
        step = 'normalize';
        const result = await normalizer.finish();
        // Normalizing ran alongside extraction: the step took from the extract's start, of which only the tail
        // after extraction counts in `durations.normalize` (so that the durations add up to the run).
        const sinceStart = Math.round(performance.now() - started);
        this.commitNormalized(pkg, manifest, result, sinceStart - extractMs, info, emit, sinceStart);
      }
      return pkg;
    } catch (error) {
      normalizer?.destroy();
      if (this.destination.discardStaged) await this.destination.discardStaged(loadId).catch(() => undefined);
      if (manifest.status === 'extracting') pkg.remove();
      const hint = manifest.status === 'extracting'
        ? 'nothing was loaded and the incremental state was not advanced: run again to extract anew'
        : 'the load package is kept: run the pipeline again to finish it';
      throw this.stepError(step, error, loadId, current, hint);
    }
  }

  /**
   * Extracts the resources in one pass (`ResourceExtraction`: batches of all of them, interleaved as they come).
   * Alone (`extract`) each resource's pages go to its raw file in the package, which `normalize` reads; in a run
   * they go straight to the normalizer instead: a run killed before its package is normalized discards the package
   * and extracts again (its state was never committed), so a raw copy would never be read.
   */
  private async extractResources(
    pkg: LoadPackage, resources: SourceResource[], extraction: ResourceExtraction, normalizer: StreamingNormalizer | undefined,
    options: ExtractOptions, emit: ProgressListener, setStep: (s: PipelineStepName) => void, setCurrent: (r: string | undefined) => void,
  ): Promise<ResourceExtractStats[]> {
    interface Output { raw: NdjsonWriter | undefined; meter: ProgressMeter | undefined; normalizeMeter: ProgressMeter | undefined }
    const outputs = new Map<string, Output>();
    let handling: string | undefined;
    try {
      for (const r of resources) outputs.set(r.name, { raw: normalizer ? undefined : new NdjsonWriter(pkg.rawFile(r.name)), meter: undefined, normalizeMeter: undefined });
      // A resource's rate counts from when the loop began waiting for its first batch (its first request included).
      let waitingSince = performance.now();
      for await (const { resource, batch } of prefetched(extraction)) {
        const arrivedAfter = waitingSince;
        handling = resource.name;
        checkAborted(options.signal);
        checkRecords(resource.name, batch);
        const out = outputs.get(resource.name);
        if (!out) throw new SluiceError('RESOURCE_UNEXPECTED', `the extraction yielded resource \`${resource.name}\`, which was not selected`);
        if (batch.records.length === 0 && !batch.page) { handling = undefined; waitingSince = performance.now(); continue; }
        // Per resource, from its first batch: resources of one tree run at the same time, the trees one after another.
        const meter = (out.meter ??= new ProgressMeter(emit, 'extract', pkg.loadId, resource.name, arrivedAfter));
        let line: string | undefined;
        // Read back by `parseJson` (raw pages, the worker): exact integers go as number literals, not strings.
        const serialized = (): string => (line ??= stringifyKeepingIntegers(batch.records));
        if (out.raw) await out.raw.write(serialized() + '\n', 1);
        meter.add({ pages: batch.page ? 1 : 0, records: batch.records.length, bytes: batch.page?.bytes ?? serialized().length + 1 }, batch.page?.url);
        if (normalizer && batch.records.length > 0) {
          const normalizeMeter = (out.normalizeMeter ??= new ProgressMeter(emit, 'normalize', pkg.loadId, resource.name, arrivedAfter));
          setStep('normalize');
          const before = { records: normalizer.records, rows: normalizer.rows };
          await normalizer.push(resource.name, { records: batch.records, text: () => batch.pageBody ?? { text: serialized() } });
          normalizeMeter.add({ pages: 1, records: normalizer.records - before.records, rows: normalizer.rows - before.rows, bytes: batch.page?.bytes ?? 0 });
          setStep('extract');
        }
        handling = undefined;
        waitingSince = performance.now();
      }
      for (const out of outputs.values()) {
        if (!out.raw) continue;
        await out.raw.close();
        fsyncFile(out.raw.path);
      }
    } catch (error) {
      // Named: the resource whose batch was being handled here, else the one whose extraction failed.
      setCurrent(handling ?? extraction.failedResource);
      for (const out of outputs.values()) out.raw?.destroy();
      throw error;
    }
    return resources.map((r) => {
      const meter = outputs.get(r.name)?.meter;
      return { resource: r.name, pages: meter?.pages ?? 0, records: meter?.records ?? 0, bytes: meter?.bytes ?? 0 };
    });
  }

  private async normalizePackage(pkg: LoadPackage, manifest: PackageManifest, info: LoadInfo, options: StepOptions, emit: ProgressListener): Promise<void> {
    const started = performance.now();
    emit({ type: 'step_started', step: 'normalize', load_id: pkg.loadId });
    let normalizer: StreamingNormalizer | undefined;
    let current: string | undefined;
    try {
      pkg.resetNormalized();
      normalizer = this.streamingNormalizer(pkg, this.baseSchemaFor(pkg.loadId), manifest);
      for (const stats of manifest.resources) {
        current = stats.resource;
        const meter = new ProgressMeter(emit, 'normalize', pkg.loadId, stats.resource);
        const file = pkg.rawFile(stats.resource);
        if (!existsSync(file)) throw pkg.corrupt(file, `the extracted data of resource \`${stats.resource}\` is missing`);
        let lineNumber = 0;
        for await (const line of createInterface({ input: createReadStream(file, { highWaterMark: 1 << 20 }), crlfDelay: Infinity })) {
          lineNumber++;
          if (line === '') continue;
          checkAborted(options.signal);
          // A truncated or edited line must not reach the worker: check it here, where the file and line are known.
          if (!line.startsWith('[') || !line.endsWith(']')) {
            throw pkg.corrupt(file, `line ${lineNumber} is not valid JSON (expected a JSON array of records, got \`${line.slice(0, 40)}\`)`);
          }
          const before = { records: normalizer.records, rows: normalizer.rows };
          try {
            await normalizer.push(stats.resource, { text: () => ({ text: line }) });
          } catch (error) {
            if (error instanceof SyntaxError) throw pkg.corrupt(file, `line ${lineNumber} is not valid JSON (${error.message})`, error);
            throw error;
          }
          meter.add({ pages: 1, records: normalizer.records - before.records, rows: normalizer.rows - before.rows, bytes: line.length });
        }
        if (lineNumber < stats.pages) throw pkg.corrupt(file, `expected ${stats.pages} pages, found ${lineNumber}: the file is truncated`);
      }
      current = undefined;
      const result = await normalizer.finish();
      this.commitNormalized(pkg, manifest, result, Math.round(performance.now() - started), info, emit);
    } catch (error) {
      normalizer?.destroy();
      throw this.stepError('normalize', error, pkg.loadId, current, 'the extracted pages are kept: run the pipeline again to normalize them again');
    }
  }

  private commitNormalized(
    pkg: LoadPackage, manifest: PackageManifest, result: NormalizedPackage, ms: number, info: LoadInfo, emit: ProgressListener,
    stepMs = ms,
  ): void {
    writeJsonAtomic(pkg.schemaPath, result.schema);
    manifest.jobs = result.jobs;
    manifest.schema_changes = result.changes;
    manifest.status = 'normalized';
    manifest.durations = { ...manifest.durations, normalize: ms };
    pkg.writeManifest(manifest);
    info.durations.normalize += ms;
    const records = manifest.resources.reduce((n, r) => n + r.records, 0);
    emit({ type: 'step_finished', step: 'normalize', load_id: pkg.loadId, pages: 0, records, rows: result.rows, bytes: 0, elapsed_ms: stepMs, rate: stepMs > 0 ? Math.round((records * 1000) / stepMs) : 0 });
  }

  /** Loads one normalized package. False when it was discarded instead, with every package after it (see below). */
  private async loadOne(pkg: LoadPackage, info: LoadInfo, options: StepOptions, emit: ProgressListener): Promise<boolean> {
    const started = performance.now();
    const manifest = pkg.readManifest();
    try {
      checkAborted(options.signal);
      const jobs = manifest.jobs;
      if (!jobs) throw pkg.corrupt(pkg.manifestPath, 'the manifest of a normalized package has no `jobs`');
      const schema = pkg.readSchema();
      const state = pkg.readState();
      const unwritten = unwrittenTableFile(pkg, jobs);
      if (unwritten) {
        await this.openDestination();
        // Committed already: the files are not read again, the load only finishes its bookkeeping.
        if (!(await this.destination.isLoadCommitted(pkg.loadId))) {
          this.discardFrom(pkg, `its table file ${unwritten.file} ${unwritten.problem}: the machine stopped before writing it out. ` +
            'Nothing of it was loaded and its state was never committed, so the next extract fetches its records again', emit);
          return false;
        }
      }
      emit({ type: 'step_started', step: 'load', load_id: pkg.loadId });
      const tables = jobs.map((job) => {
        if (!Array.isArray(job.files)) throw pkg.corrupt(pkg.manifestPath, `the job of table \`${job.table}\` lists no \`files\``);
        const files = job.files.map((f) => pkg.tableFile(f));
        if (!unwritten) for (const f of files) if (!existsSync(f)) throw pkg.corrupt(f, `the normalized file of table \`${job.table}\` is missing`);
        return { table: job.table, writeDisposition: job.write_disposition, files };
      });
      if (manifest.status !== 'loading') {
        manifest.status = 'loading';
        pkg.writeManifest(manifest);
      }
      await this.openDestination();
      const job: PackageLoadJob = { loadId: pkg.loadId, pipelineName: this.pipelineName, schema, tables, state };
      // Cancelling during the load rolls its transaction back (DuckDB is interrupted); the package stays to load later.
      if (options.signal) job.signal = options.signal;
      const result = await this.destination.loadPackage(job)
        .catch(async (error: unknown) => { throw (await corruptTableFile(pkg, tables.flatMap((t) => t.files), error)) ?? error; });
      const rows = result.alreadyCommitted ? Object.fromEntries(jobs.map((j) => [j.table, j.rows])) : result.rows;
      const ms = Math.round(performance.now() - started);
      // Committed: the local copies follow, then the package goes. A crash in between is harmless: the next run
      // finds the load id in `_dlt_loads` and only finishes this bookkeeping.
      this.storage.writeCommitted(state, schema);
      this.storage.appendHistory({
        load_id: pkg.loadId, dataset_name: this.datasetName, destination: this.destination.type,
        finished_at: new Date().toISOString(), tables: rows, schema_changes: manifest.schema_changes?.length ?? 0,
      });
      this.deleteInBackground(pkg.retire());
      info.load_ids.push(pkg.loadId);
      for (const [table, n] of Object.entries(rows)) info.tables[table] = (info.tables[table] ?? 0) + n;
      info.schema_changes.push(...(manifest.schema_changes ?? []));
      info.durations.load += ms;
      const total = Object.values(rows).reduce((a, b) => a + b, 0);
      for (const [table, n] of Object.entries(rows)) {
        emit({ type: 'resource_progress', step: 'load', load_id: pkg.loadId, resource: table, pages: 0, records: 0, rows: n, bytes: 0, elapsed_ms: ms, rate: ms > 0 ? Math.round((n * 1000) / ms) : 0 });
      }
      emit({ type: 'step_finished', step: 'load', load_id: pkg.loadId, pages: 0, records: 0, rows: total, bytes: 0, elapsed_ms: ms, rate: ms > 0 ? Math.round((total * 1000) / ms) : 0 });
      return true;
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      info.failed_jobs.push({ load_id: pkg.loadId, step: 'load', message: redactor.redactText(reason) });
      const hint = DATA_DOES_NOT_FIT.test(reason)
        // Deterministic: the same rows fail the same way on every run, so "run again" would loop.
        ? 'the package\'s rows do not fit their columns, so loading it again fails the same way: fix the cause (a `columns` ' +
          `type hint in the config, say), then drop it with \`${dropPendingCommand(this.pipelineName, dirname(this.storage.dir))}\` ` +
          '(its state was never committed: the next run extracts its records again)'
        : 'the load package is kept: run the pipeline again to load it';
      throw this.stepError('load', error, pkg.loadId, undefined, hint);
    }
  }

  /**
   * A package with no rows, no schema change and no state change would only add a `_dlt_loads` row: dlt loads
   * nothing then either, so a pipeline scheduled every few minutes does not fill the table with empty loads.
   */
  private nothingToLoad(pkg: LoadPackage): boolean {
    const manifest = pkg.readManifest();
    if (manifest.status !== 'normalized' || (manifest.schema_changes?.length ?? 0) > 0) return false;
    if ((manifest.jobs ?? []).some((job) => job.rows > 0)) return false;
    return pkg.readState().version === (this.storage.readState()?.version ?? 0);
  }

  /**
   * Discards `pkg` and every package extracted after it: their incremental state builds on `pkg`'s, so loading one
   * of them without it would leave a gap. None was committed, so extracting again from the committed state loses
   * nothing.
   */
  private discardFrom(pkg: LoadPackage, reason: string, emit: ProgressListener): void {
    for (const discarded of this.storage.packages.dependentsFrom([pkg.loadId])) {
      const why = discarded.loadId === pkg.loadId ? reason : `it was extracted after package ${pkg.loadId}, which was discarded`;
      this.logger.warn(`Discarding load package ${discarded.loadId}: ${why}`);
      discarded.remove();
      emit({ type: 'package_discarded', load_id: discarded.loadId, reason: why });
    }
  }

  private async dropEmpty(pkg: LoadPackage, emit: ProgressListener): Promise<void> {
    if (this.destination.discardStaged) await this.destination.discardStaged(pkg.loadId);
    this.deleteInBackground(pkg.retire());
    emit({ type: 'nothing_to_load', load_id: pkg.loadId });
  }

  // ---- helpers ----------------------------------------------------------------------------------------------

  private streamingNormalizer(pkg: LoadPackage, schema: Schema, manifest: PackageManifest, onPartClosed?: PartClosedListener): StreamingNormalizer {
    const partBytes = this.tablePartBytes ?? this.destination.capabilities.tablePartBytes;
    return new StreamingNormalizer(pkg, schema, this.destination.capabilities.maxIdentifierLength, manifest.hints, {
      workerAfterRecords: this.workerAfterRecords, format: this.destination.capabilities.tableFileFormat, ...(partBytes ? { partBytes } : {}),
      ...(this.helpWhenPending !== undefined ? { helpWhenPending: this.helpWhenPending } : {}),
      ...(onPartClosed ? { onPartClosed } : {}),
    });
  }

  /**
   * Hands each table file part that closes during extraction to the destination's `stageTableFile`, so the load
   * overlaps extracting (DuckDB inserts it on its own threads while the next pages download and normalize). The
   * staged rows commit only with the package in `loadPackage`; the files stay the source of truth.
   */
  private async stager(loadId: string, pkg: LoadPackage): Promise<PartClosedListener | undefined> {
    if (!this.stageDuringExtract || !this.destination.stageTableFile) return undefined;
    try {
      await this.openDestination();
    } catch (error) {
      // Extract anyway and keep the package: the load step reports why the destination cannot be opened.
      this.logger.debug(`not staging during extract: ${error instanceof Error ? error.message : String(error)}`);
      return undefined;
    }
    const destination = this.destination;
    return (part) => {
      void destination.stageTableFile!({ loadId, table: part.table, writeDisposition: part.writeDisposition, file: pkg.tableFile(part.file) })
        .catch((error: unknown) => this.logger.debug(`staging ${part.file} failed: ${String(error)}`));
    };
  }

  /** Deletions of loaded packages' files go on beside the next steps; a failed one leaves files for the next sweep. */
  private deleteInBackground(deletion: Promise<void>): void {
    const tracked: Promise<void> = deletion
      .catch((error: unknown) => this.logger.debug(`deleting a loaded package's files failed (the next run retries): ${String(error)}`))
      .finally(() => this.deletions.delete(tracked));
    this.deletions.add(tracked);
  }

  private async openDestination(): Promise<void> {
    if (this.destinationReady) return;
    await this.destination.open();
    await this.destination.ensureDataset();
    this.destinationReady = true;
  }

  /** A new machine (or a deleted folder) continues from the state and schema the destination holds. */
  private async restoreIfMissing(): Promise<void> {
    if (this.storage.readState() || this.storage.packages.list().length > 0) return;
    await this.openDestination();
    const stored = await this.destination.restorePipeline(this.pipelineName);
    if (!stored) return;
    this.storage.ensure();
    this.storage.writeCommitted(stored.state, stored.schema);
    this.logger.info(`Restored state (version ${stored.state.version}) and schema of pipeline \`${this.pipelineName}\` from the destination`);
  }

  /** State and schema a new package starts from: the newest pending package's, else the committed ones. */
  private baseForNewPackage(): { state: PipelineStateDoc; schema: Schema } {
    let state = this.storage.readState() ?? emptyState(this.pipelineName, this.datasetName);
    for (const pkg of this.storage.packages.list()) {
      const m = pkg.readManifest();
      if (m.status !== 'extracting') state = pkg.readState();
    }
    return { state, schema: this.baseSchemaFor(undefined) };
  }

  /** Schema a package normalizes against: that of the newest normalized package older than it, else the committed. */
  private baseSchemaFor(loadId: string | undefined): Schema {
    let schema = this.storage.readSchema() ?? newSchema(this.pipelineName);
    for (const pkg of this.storage.packages.list()) {
      if (loadId !== undefined && compareLoadIds(pkg.loadId, loadId) >= 0) break;
      const m = pkg.readManifest();
      if (m.status === 'normalized' || m.status === 'loading') schema = pkg.readSchema();
    }
    return schema;
  }

  private emitter(extra: ProgressListener | undefined): ProgressListener {
    const listeners = [this.listener, extra].filter((l): l is ProgressListener => l !== undefined);
    return (event: ProgressEvent) => {
      for (const l of listeners) {
        try {
          l(event);
        } catch (error) {
          this.logger.warn(`progress listener failed: ${String(error)}`);
        }
      }
    };
  }

  private stepError(step: PipelineStepName, error: unknown, loadId: string, resource: string | undefined, hint: string): Error {
    if (error instanceof PipelineStepError) return error;
    const cause = isSluiceError(error) || error instanceof Error ? error : new Error(String(error));
    // A corrupt package says itself what to do (drop it): running again would only meet it again.
    const corrupt = error instanceof LoadPackageError;
    return new PipelineStepError({ step, pipelineName: this.pipelineName, resource, loadId, cause, ...(corrupt ? {} : { hint }) });
  }

  private async locked<T>(fn: () => Promise<T>): Promise<T> {
    if (this.lockDepth === 0) {
      this.storage.ensure();
      this.storage.lock.acquire();
      this.deleteInBackground(this.storage.packages.sweep());
    }
    this.lockDepth++;
    try {
      return await fn();
    } finally {
      this.lockDepth--;
      if (this.lockDepth === 0) this.storage.lock.release();
    }
  }
}

export function pipeline(options: PipelineOptions): Pipeline {
  return new Pipeline(options);
}

function selectResources(source: Source, names: string[] | undefined): SourceResource[] {
  if (names && names.length > 0) {
    const known = source.resources.map((r) => r.name);
    const unknown = names.filter((n) => !known.includes(n));
    if (unknown.length > 0) {
      throw new SluiceError('RESOURCE_UNKNOWN',
        `unknown resource ${unknown.map((n) => `\`${n}\``).join(', ')} in source \`${source.name}\`; valid values are: ${known.join(', ')}`);
    }
    return source.resources.filter((r) => names.includes(r.name));
  }
  return source.resources.filter((r) => r.selected);
}

function checkAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new SluiceError('RUN_CANCELLED', ABORTED, { cause: signal.reason });
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return `an array (${JSON.stringify(value).slice(0, 60)})`;
  const text = JSON.stringify(value) ?? String(value);
  return `${typeof value} ${text.length > 60 ? text.slice(0, 60) + '…' : text}`;
}

function checkRecords(resource: string, batch: RecordBatch): void {
  const records = batch.records as unknown;
  if (!Array.isArray(records)) {
    throw new RecordShapeError({ resource, url: batch.page?.url, page: batch.page?.number, index: 0, found: describe(records) });
  }
  for (let i = 0; i < records.length; i++) {
    const r: unknown = records[i];
    if (typeof r !== 'object' || r === null || Array.isArray(r)) {
      throw new RecordShapeError({ resource, url: batch.page?.url, page: batch.page?.number, index: i, found: describe(r) });
    }
  }
}

function totals(resources: ResourceExtractStats[], ms: number): { pages: number; records: number; rows: number; bytes: number; elapsed_ms: number; rate: number } {
  const records = resources.reduce((n, r) => n + r.records, 0);
  return {
    pages: resources.reduce((n, r) => n + r.pages, 0), records, rows: 0, bytes: resources.reduce((n, r) => n + r.bytes, 0),
    elapsed_ms: ms, rate: ms > 0 ? Math.round((records * 1000) / ms) : 0,
  };
}

/** Asks for the next batch before the current one is processed, so the next page downloads meanwhile. */
async function* prefetched<T>(iterable: AsyncIterable<T>): AsyncGenerator<T> {
  const iterator = iterable[Symbol.asyncIterator]();
  let pending = iterator.next();
  pending.catch(() => undefined);
  let finished = false;
  try {
    for (;;) {
      const result = await pending;
      if (result.done) { finished = true; return; }
      pending = iterator.next();
      pending.catch(() => undefined);
      yield result.value;
    }
  } finally {
    if (!finished) {
      await pending.catch(() => undefined);
      await iterator.return?.(undefined);
    }
  }
}
