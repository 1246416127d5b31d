import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { basename } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import type { BigQuery } from '@google-cloud/bigquery';
import { DestinationError } from '../../errors/destination-error';
import { redactor } from '../../http/redactor';
import type { Logger } from '../../logger';
import type { PackageLoadJob } from '../destination';
import { messageOf, statusOf } from './bigquery-api-errors';
import { SEQ_COLUMN } from './bigquery-sql';
import { tableFileFormatOf } from '../table-file-format';
import { tableFileRows } from '../table-file-rows';

interface JobMeta {
  status?: { state?: string; errorResult?: { reason?: string; message?: string; location?: string }; errors?: { reason?: string; message?: string; location?: string }[] };
  statistics?: { load?: { outputRows?: string } };
}

const MAX_JOB_ATTEMPTS = 100;
const UPLOAD_RETRIES = 3;

export interface LoadJobsInit {
  client: BigQuery;
  projectId: string;
  location: string;
  logger: Logger;
  pollIntervalMs: number;
  maxPollIntervalMs: number;
  jobTimeoutMs: number;
  /** Throws RUN_CANCELLED when the load was cancelled. */
  checkCancelled: () => void;
  cancelRequested: () => boolean;
}

/**
 * Load jobs from NDJSON files, each file loaded at most once. Job ids are derived from (project, dataset, pipeline,
 * load id, table, file): a rerun after a kill finds the job that already ran instead of loading the file again
 * (BigQuery keeps job history and refuses a reused id with 409).
 */
export class BigQueryLoadJobs {
  constructor(private readonly init: LoadJobsInit) {}

  /** A job id that is the same on every attempt to load this file of this load into this table (its creation time
   *  included: a dropped and recreated table is loaded again), and unique otherwise. */
  private jobIdBase(job: PackageLoadJob, dataset: string, table: string, file: string, index: number, disposition: string, tableVersion: string): string {
    const hash = createHash('sha256')
      .update([this.init.projectId, dataset, job.pipelineName, job.loadId, table, tableVersion, index, basename(file), disposition].join('\u0000'))
      .digest('hex')
      .slice(0, 16);
    const safe = (s: string, n: number): string => s.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, n);
    return `sluice_${safe(job.loadId, 40)}_${safe(table, 80)}_${index}_${hash}`;
  }

  /**
   * Loads one NDJSON file with one load job, at most once: a job with this file's id that already succeeded is
   * taken as done, one still running is awaited, a failed one is retried under the next attempt id.
   */
  async loadFile(job: PackageLoadJob, dataset: string, table: string, file: string, index: number, disposition: 'WRITE_TRUNCATE' | 'WRITE_APPEND', withSeq: boolean, tableVersion: string): Promise<number> {
    const base = this.jobIdBase(job, dataset, table, file, index, disposition, tableVersion);
    for (let attempt = 0; attempt < MAX_JOB_ATTEMPTS; attempt++) {
      this.init.checkCancelled();
      const jobId = attempt === 0 ? base : `${base}_r${attempt}`;
      let meta = await this.jobMeta(jobId);
      let fresh = false;
      if (!meta) {
        await this.submitWithRetries(dataset, table, file, index, disposition, withSeq, jobId);
        fresh = true;
        meta = await this.waitForJob(jobId, table);
      } else if (meta.status?.state !== 'DONE') {
        meta = await this.waitForJob(jobId, table);
      }
      const error = meta.status?.errorResult;
      if (!error) {
        const rows = Number(meta.statistics?.load?.outputRows ?? 0);
        this.init.logger.info(`Loaded ${rows} rows into \`${dataset}.${table}\` (BigQuery job ${jobId}${fresh ? '' : ', done by an earlier attempt'})`);
        return rows;
      }
      if (fresh) {
        const reasons = (meta.status?.errors ?? [error]).map((e) => `${e.reason ?? 'error'}: ${e.message ?? ''}`.trim());
        throw new DestinationError({
          destination: 'bigquery', operation: `load job \`${jobId}\``, table, dataset, loadId: job.loadId,
          problem: `BigQuery reported ${[...new Set(reasons)].map((r) => redactor.redactText(r)).join('; ')}`,
        });
      }
      // An earlier attempt failed; its id cannot be reused.
    }
    throw new DestinationError({ destination: 'bigquery', operation: 'loading', table, dataset, loadId: job.loadId, problem: `${MAX_JOB_ATTEMPTS} load jobs for this file failed; drop the pending package or fix the data` });
  }

  /** Uploads are not retried by the client (a stream cannot be replayed): retry transient failures here, checking
   *  first whether BigQuery got the job after all. */
  private async submitWithRetries(dataset: string, table: string, file: string, index: number, disposition: string, withSeq: boolean, jobId: string): Promise<void> {
    for (let retry = 0; ; retry++) {
      try {
        await this.submitLoad(dataset, table, file, index, disposition, withSeq, jobId);
        return;
      } catch (error) {
        const status = statusOf((error as { cause?: unknown }).cause);
        const transient = status === undefined || status === 429 || status >= 500;
        if (!transient || retry >= UPLOAD_RETRIES) throw error;
        this.init.logger.warn(`Upload of ${basename(file)} to \`${dataset}.${table}\` failed (${status ?? 'network error'}); retrying`);
        await sleep(this.init.pollIntervalMs * 2 ** retry);
        if (await this.jobMeta(jobId)) return;
      }
    }
  }

  private async jobMeta(jobId: string): Promise<JobMeta | undefined> {
    try {
      const [meta] = await this.init.client.job(jobId, { location: this.init.location }).getMetadata() as unknown as [JobMeta];
      return meta;
    } catch (error) {
      if (statusOf(error) === 404) return undefined;
      throw error;
    }
  }

  private async submitLoad(dataset: string, table: string, file: string, index: number, disposition: string, withSeq: boolean, jobId: string): Promise<void> {
    const writable = this.init.client.dataset(dataset, { location: this.init.location }).table(table).createWriteStream_({
      sourceFormat: 'NEWLINE_DELIMITED_JSON',
      writeDisposition: disposition,
      createDisposition: 'CREATE_NEVER',
      jobId,
    });
    const started = new Promise<void>((resolve, reject) => {
      writable.once('job', () => resolve());
      writable.once('error', reject);
    });
    // A file with a row per line goes up as it is; one of columns is turned into rows, and a merge numbers them.
    const source = withSeq || tableFileFormatOf(file) !== 'jsonl' ? Readable.from(rowLines(file, index, withSeq)) : createReadStream(file);
    try {
      await Promise.all([pipeline(source, writable), started]);
    } catch (error) {
      // The upload's response got lost but BigQuery has the job: poll it like any other.
      if (statusOf(error) === 409) return;
      throw new DestinationError({ destination: 'bigquery', operation: `uploading ${basename(file)} (job \`${jobId}\`)`, table, dataset, problem: redactor.redactText(messageOf(error)) }, { cause: error });
    }
  }

  private async waitForJob(jobId: string, table: string): Promise<JobMeta> {
    const started = Date.now();
    let delay = this.init.pollIntervalMs;
    for (;;) {
      const meta = await this.jobMeta(jobId);
      if (meta?.status?.state === 'DONE') return meta;
      if (this.init.cancelRequested()) {
        // Ask BigQuery to stop; a job that finishes anyway is found done by the next attempt.
        await this.init.client.job(jobId, { location: this.init.location }).cancel().catch(() => undefined);
        this.init.checkCancelled();
      }
      if (Date.now() - started > this.init.jobTimeoutMs) {
        throw new DestinationError({ destination: 'bigquery', operation: `load job \`${jobId}\``, table, problem: `still ${meta?.status?.state ?? 'unknown'} after ${this.init.jobTimeoutMs} ms` });
      }
      await sleep(delay);
      delay = Math.min(delay * 1.5, this.init.maxPollIntervalMs);
    }
  }
}

/** The file's rows, one per line, with `_sluice_seq` added when a merge must tell which row of a key came last. */
async function* rowLines(file: string, fileIndex: number, withSeq: boolean): AsyncGenerator<string> {
  let row = 0;
  let batch = '';
  for await (const text of tableFileRows(file)) {
    if (!withSeq) batch += `${text}\n`;
    else {
      const seq = fileIndex * 2 ** 32 + row++;
      batch += text === '{}' ? `{"${SEQ_COLUMN}":${seq}}\n` : `{"${SEQ_COLUMN}":${seq},${text.slice(1)}\n`;
    }
    if (batch.length > 1 << 16) {
      yield batch;
      batch = '';
    }
  }
  if (batch) yield batch;
}
