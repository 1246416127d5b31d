import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { SluiceError } from '../errors/sluice-error';
import type { BatchText } from './batch-text';
import type { FromNormalizeWorker, NormalizeWorkerInit, ToNormalizeWorker } from './normalize-worker-protocol';
import type { Schema } from '../schema/types';
import type { NormalizedPackage, PartClosedListener } from './package-normalizer';

/** Batches sent but not yet normalized: bounds memory when the worker is slower than extraction. */
const WINDOW = 8;

/** The worker's young generation: its garbage is a batch at a time, and a second heap of the default size pushed
 *  the 500k-record anchor run past 500 MB peak RSS (measured: 512–521 MB by default, 496 MB at 24, 463 MB at 8). */
const WORKER_YOUNG_GENERATION_MB = 16;

/** The worker entry next to this file: `.ts` when running from source (tsx, vitest), `.js` when built.
 *  `SLUICE_NORMALIZE_WORKER` names a bundled entry instead (the benchmark runs from source but measures the worker
 *  as built, without a TypeScript loader starting inside it). */
function workerEntry(): { url: URL; typescript: boolean } | undefined {
  const bundled = process.env.SLUICE_NORMALIZE_WORKER;
  if (bundled) return { url: pathToFileURL(bundled), typescript: false };
  const here = import.meta.url;
  const typescript = here.endsWith('.ts');
  const url = new URL(typescript ? './normalize-worker.ts' : './normalize-worker.js', here);
  return url.protocol === 'file:' && existsSync(fileURLToPath(url)) ? { url, typescript } : undefined;
}

function startWorker(init: NormalizeWorkerInit): Worker | undefined {
  const entry = workerEntry();
  if (!entry) return undefined;
  if (!entry.typescript) return new Worker(entry.url, { workerData: init, resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB } });
  // From source: load tsx's loader inside the worker first (hooks registered by `--import tsx` do not reach workers).
  let api: string;
  try {
    api = pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm/api').replace(/index\.cjs$/, 'index.mjs')).href;
  } catch {
    return undefined;
  }
  const code = `import(${JSON.stringify(api)}).then((m) => { m.register(); return import(${JSON.stringify(entry.url.href)}); });`;
  return new Worker(code, { eval: true, workerData: init });
}

/** Main-thread side of the normalize worker: sends batches as text, keeps at most WINDOW in flight. */
export class NormalizeWorkerClient {
  records = 0;
  rows = 0;
  /** Batches sent and batches normalized so far. */
  sent = 0;
  acked = 0;
  /** The worker's schema as of its latest ack that changed it. */
  schema: Schema | undefined;
  onPartClosed: PartClosedListener | undefined;
  private readonly worker: Worker;
  private inFlight = 0;
  private failure: Error | undefined;
  private waiters: Array<() => void> = [];
  private done: ((result: NormalizedPackage) => void) | undefined;
  private onFailure: ((error: Error) => void) | undefined;
  private closed = false;

  private constructor(worker: Worker) {
    this.worker = worker;
    worker.on('message', (message: FromNormalizeWorker) => {
      if (message.type === 'ack') {
        this.inFlight--;
        this.acked++;
        if (message.schema) this.schema = message.schema;
        this.records += message.records;
        this.rows += message.rows;
        this.waiters.shift()?.();
      } else if (message.type === 'part') {
        this.onPartClosed?.(message.part);
      } else if (message.type === 'done') {
        this.done?.(message.result);
      } else {
        this.fail(Object.assign(new SluiceError(message.error.code, message.error.message, { details: message.error.details }), { name: message.error.name }));
      }
    });
    worker.on('error', (error) => this.fail(error));
    worker.on('exit', (code) => { if (!this.closed) this.fail(new Error(`the normalize worker stopped unexpectedly (exit code ${code})`)); });
  }

  static start(init: NormalizeWorkerInit): NormalizeWorkerClient | undefined {
    const worker = startWorker(init);
    return worker ? new NormalizeWorkerClient(worker) : undefined;
  }

  async push(resource: string, batch: BatchText): Promise<void> {
    while (this.inFlight >= WINDOW && !this.failure) await new Promise<void>((resolve) => this.waiters.push(resolve));
    if (this.failure) throw this.failure;
    this.inFlight++;
    this.sent++;
    this.worker.postMessage({ type: 'batch', resource, ...batch } satisfies ToNormalizeWorker);
  }

  async finish(): Promise<NormalizedPackage> {
    if (this.failure) throw this.failure;
    const result = await new Promise<NormalizedPackage>((resolve, reject) => {
      this.done = resolve;
      this.onFailure = reject;
      this.worker.postMessage({ type: 'finish' } satisfies ToNormalizeWorker);
    });
    this.closed = true;
    await this.worker.terminate();
    return result;
  }

  destroy(): void {
    this.closed = true;
    this.failure ??= new Error('cancelled');
    void this.worker.terminate();
  }

  /** Batches sent and not yet normalized. */
  get pending(): number {
    return this.inFlight;
  }

  private fail(error: Error): void {
    if (this.failure) return;
    this.failure = error;
    for (const wake of this.waiters.splice(0)) wake();
    this.onFailure?.(error);
  }
}
