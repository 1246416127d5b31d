import { randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BigQueryEngine, BqApiError, type QueryOutcome, type QueryParameter, type TableResource } from './engine';
import { readMultipartUpload } from './multipart';

/**
 * A local emulator of the BigQuery REST endpoints `@google-cloud/bigquery` 8 uses, backed by DuckDB (a BigQuery
 * dataset is a DuckDB schema). It proves client wiring, the job flow and the data; not BigQuery's SQL semantics,
 * quotas or IAM.
 */
export interface BigQueryEmulatorOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  /** DuckDB file; `:memory:` by default. */
  dbPath?: string;
  /** How long a job reports RUNNING before DONE, so clients really poll. Default 0. */
  jobLatencyMs?: number;
  /** Most rows in one page of query results or table data (BigQuery pages too). Default 100,000. */
  pageRows?: number;
}

export interface EmulatorRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: IncomingMessage['headers'];
}

/** A fault to inject into the next job whose kind (and destination table) match. */
export interface JobFault {
  /** `upload`: the next upload is answered with HTTP 503 before any job exists (a transient failure). */
  kind: 'load' | 'query' | 'upload';
  /** Load jobs: only into this table. */
  table?: string;
  /** Query jobs: only a query whose SQL matches. */
  match?: RegExp;
  reason: string;
  message: string;
}

interface JobRecord {
  resource: Record<string, unknown>;
  doneAt: number;
  result?: QueryOutcome;
}

export interface BigQueryEmulator {
  url: string;
  port: number;
  requests: EmulatorRequest[];
  jobs: Map<string, JobRecord>;
  engine: BigQueryEngine;
  /** The next matching job finishes DONE with this error. */
  failNextJob(fault: JobFault): void;
  close(): Promise<void>;
}

const JSON_HEADERS = { 'Content-Type': 'application/json' };

function send(res: ServerResponse, status: number, body?: unknown): void {
  if (body === undefined) {
    res.writeHead(status, { 'Content-Length': 0 });
    res.end();
    return;
  }
  const text = JSON.stringify(body);
  res.writeHead(status, { ...JSON_HEADERS, 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

function sendError(res: ServerResponse, error: BqApiError): void {
  const status = ({ 400: 'INVALID_ARGUMENT', 404: 'NOT_FOUND', 409: 'ALREADY_EXISTS', 503: 'UNAVAILABLE' } as Record<number, string>)[error.status] ?? 'INTERNAL';
  send(res, error.status, { error: { code: error.status, message: error.message, errors: [{ message: error.message, domain: 'global', reason: error.reason }], status } });
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  if (!text) return {};
  try {
    return JSON.parse(text) as Record<string, unknown>;
  } catch {
    throw new BqApiError(400, 'parseError', 'Parse Error');
  }
}

export async function startBigQueryEmulator(options: BigQueryEmulatorOptions = {}): Promise<BigQueryEmulator> {
  const engine = await BigQueryEngine.create(options.dbPath);
  const spool = await mkdtemp(join(tmpdir(), 'bq-emulator-'));
  const latency = options.jobLatencyMs ?? 0;
  const pageRows = options.pageRows ?? 100_000;
  const jobs = new Map<string, JobRecord>();
  const faults: JobFault[] = [];
  const requests: EmulatorRequest[] = [];
  const sockets = new Set<Socket>();
  for (const resource of await engine.loadJobs()) {
    jobs.set((resource.jobReference as { jobId: string }).jobId, { resource, doneAt: 0 });
  }

  function takeFault(kind: JobFault['kind'], table?: string, sql?: string): JobFault | undefined {
    const index = faults.findIndex((f) => f.kind === kind && (f.table === undefined || f.table === table) && (f.match === undefined || f.match.test(sql ?? '')));
    return index < 0 ? undefined : faults.splice(index, 1)[0];
  }

  function jobView(record: JobRecord): Record<string, unknown> {
    const status = record.resource.status as Record<string, unknown>;
    if (status.state === 'DONE' && Date.now() < record.doneAt) return { ...record.resource, status: { state: 'RUNNING' } };
    return record.resource;
  }

  function newJob(projectId: string, body: Record<string, unknown>, location: string): JobRecord {
    const ref = (body.jobReference ?? {}) as { jobId?: string; location?: string };
    const jobId = ref.jobId ?? `job_${randomUUID().replace(/-/g, '')}`;
    if (jobs.has(jobId)) throw new BqApiError(409, 'duplicate', `Already Exists: Job ${projectId}:${ref.location ?? location}.${jobId}`);
    const record: JobRecord = {
      resource: {
        kind: 'bigquery#job',
        id: `${projectId}:${ref.location ?? location}.${jobId}`,
        jobReference: { projectId, jobId, location: ref.location ?? location },
        configuration: body.configuration,
        status: { state: 'RUNNING' },
        statistics: { creationTime: String(Date.now()), startTime: String(Date.now()) },
        user_email: 'emulator@localhost',
      },
      doneAt: Date.now() + latency,
    };
    jobs.set(jobId, record);
    return record;
  }

  function finish(record: JobRecord, error?: BqApiError, stats: Record<string, unknown> = {}): void {
    const statistics = { ...(record.resource.statistics as object), endTime: String(Date.now()), ...stats };
    const status: Record<string, unknown> = { state: 'DONE' };
    if (error) {
      const errorResult = { reason: error.reason, message: error.message, location: '' };
      status.errorResult = errorResult;
      status.errors = [errorResult];
    }
    record.resource = { ...record.resource, status, statistics };
    const jobId = (record.resource.jobReference as { jobId: string }).jobId;
    void engine.serial(() => engine.saveJob(jobId, record.resource)).catch(() => undefined);
  }

  async function runLoad(projectId: string, req: IncomingMessage): Promise<Record<string, unknown>> {
    const id = randomUUID();
    const dataPath = join(spool, `${id}.ndjson`);
    try {
      const { metadata, bytes } = await readMultipartUpload(req, join(spool, `${id}.raw`), dataPath);
      const body = metadata as Record<string, unknown>;
      const record = newJob(projectId, body, 'US');
      const config = ((body.configuration ?? {}) as { load?: Record<string, unknown> }).load ?? {};
      const dest = config.destinationTable as { tableId?: string } | undefined;
      const fault = takeFault('load', dest?.tableId);
      try {
        if (fault) throw new BqApiError(400, fault.reason, fault.message);
        const rows = await engine.serial(() => engine.load(projectId, config, dataPath));
        finish(record, undefined, { load: { inputFiles: '1', inputFileBytes: String(bytes), outputRows: String(rows), outputBytes: String(bytes) } });
      } catch (error) {
        finish(record, error instanceof BqApiError ? error : new BqApiError(500, 'internalError', String(error)));
      }
      return jobView(record);
    } finally {
      await rm(dataPath, { force: true });
    }
  }

  async function runQuery(projectId: string, record: JobRecord, config: Record<string, unknown>, int64Timestamp: boolean, dryRun = false): Promise<void> {
    const fault = takeFault('query', undefined, String(config.query ?? ''));
    try {
      if (fault) throw new BqApiError(400, fault.reason, fault.message);
      const params = (config.queryParameters ?? []) as QueryParameter[];
      const result = await engine.serial(() => engine.query(String(config.query ?? ''), params, int64Timestamp, dryRun));
      record.result = result;
      const query: Record<string, unknown> = { statementType: result.statementType, totalBytesProcessed: '0', cacheHit: false };
      if (result.numDmlAffectedRows !== undefined) query.numDmlAffectedRows = String(result.numDmlAffectedRows);
      finish(record, undefined, { query });
    } catch (error) {
      finish(record, error instanceof BqApiError ? error : new BqApiError(500, 'internalError', String(error)));
    }
    void projectId;
  }

  function queryPage(record: JobRecord, startIndex: number, maxResults: number): Record<string, unknown> {
    const result = record.result ?? { fields: [], rows: [], statementType: 'SELECT' };
    const rows = result.rows.slice(startIndex, startIndex + maxResults);
    const page: Record<string, unknown> = {
      kind: 'bigquery#getQueryResultsResponse',
      jobReference: (record.resource as { jobReference: unknown }).jobReference,
      schema: { fields: result.fields },
      totalRows: String(result.rows.length),
      jobComplete: true,
      cacheHit: false,
      rows,
    };
    if (result.numDmlAffectedRows !== undefined) page.numDmlAffectedRows = String(result.numDmlAffectedRows);
    if (startIndex + maxResults < result.rows.length) page.pageToken = String(startIndex + maxResults);
    return page;
  }

  function jobError(record: JobRecord): BqApiError | undefined {
    const status = record.resource.status as { errorResult?: { reason: string; message: string } };
    if (!status.errorResult) return undefined;
    return new BqApiError(status.errorResult.reason === 'notFound' ? 404 : 400, status.errorResult.reason, status.errorResult.message);
  }

  async function route(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const method = req.method ?? 'GET';
    const query = Object.fromEntries(url.searchParams);
    const upload = /^\/upload\/bigquery\/v2\/projects\/([^/]+)\/jobs$/.exec(url.pathname);
    if (upload && method === 'POST') {
      if (query.uploadType !== 'multipart') throw new BqApiError(400, 'invalid', `The emulator supports uploadType=multipart only, got ${query.uploadType ?? 'none'}`);
      const fault = takeFault('upload');
      if (fault) {
        for await (const chunk of req) void chunk;
        throw new BqApiError(503, fault.reason, fault.message);
      }
      send(res, 200, await runLoad(decodeURIComponent(upload[1]!), req));
      return;
    }
    const m = /^\/bigquery\/v2\/projects\/([^/]+)(\/.*)?$/.exec(url.pathname);
    if (!m) throw new BqApiError(404, 'notFound', `Not found: ${method} ${url.pathname}`);
    const projectId = decodeURIComponent(m[1]!);
    const parts = (m[2] ?? '').split('/').filter(Boolean).map(decodeURIComponent);
    const [a, b, c, d, e] = parts;
    const maxResults = Math.min(Number(query.maxResults ?? pageRows), pageRows);
    const startIndex = Number(query.pageToken ?? query.startIndex ?? 0);
    const int64Timestamp = query['formatOptions.useInt64Timestamp'] === 'true';

    if (a === 'datasets' && b === undefined && method === 'GET') {
      const datasets = await engine.serial(() => engine.listDatasets());
      return send(res, 200, { kind: 'bigquery#datasetList', datasets: datasets.map((d) => ({ kind: 'bigquery#dataset', id: d.id, datasetReference: d.datasetReference, location: d.location })) });
    }
    if (a === 'datasets') {
      if (b === undefined && method === 'POST') {
        const body = await readJson(req);
        return send(res, 200, await engine.serial(() => engine.insertDataset(projectId, body)));
      }
      if (b !== undefined && c === undefined) {
        if (method === 'GET') return send(res, 200, await engine.serial(() => engine.getDataset(projectId, b)));
        if (method === 'DELETE') { await engine.serial(() => engine.deleteDataset(projectId, b, query.deleteContents === 'true')); return send(res, 204); }
      }
      if (b !== undefined && c === 'tables') {
        if (d === undefined && method === 'POST') {
          const body = await readJson(req) as unknown as TableResource;
          return send(res, 200, await engine.serial(() => engine.insertTable(projectId, b, body)));
        }
        if (d === undefined && method === 'GET') {
          const tables = await engine.serial(() => engine.listTables(projectId, b));
          return send(res, 200, { kind: 'bigquery#tableList', totalItems: tables.length, tables: tables.map((t) => ({ kind: 'bigquery#table', id: t.id, tableReference: t.tableReference, type: 'TABLE' })) });
        }
        if (d !== undefined && e === undefined) {
          if (method === 'GET') return send(res, 200, await engine.serial(() => engine.getTable(projectId, b, d)));
          if (method === 'PATCH' || method === 'PUT') {
            const body = await readJson(req) as Partial<TableResource>;
            return send(res, 200, await engine.serial(() => engine.patchTable(projectId, b, d, body)));
          }
          if (method === 'DELETE') { await engine.serial(() => engine.deleteTable(projectId, b, d)); return send(res, 204); }
        }
        if (d !== undefined && e === 'data' && method === 'GET') {
          const page = await engine.serial(() => engine.listRows(projectId, b, d, startIndex, maxResults, int64Timestamp));
          const body: Record<string, unknown> = { kind: 'bigquery#tableDataList', totalRows: String(page.totalRows), rows: page.rows };
          if (startIndex + page.rows.length < page.totalRows) body.pageToken = String(startIndex + page.rows.length);
          return send(res, 200, body);
        }
        if (d !== undefined && e === 'insertAll' && method === 'POST') {
          const body = await readJson(req);
          return send(res, 200, await insertAll(projectId, b, d, body));
        }
      }
    }
    if (a === 'jobs') {
      if (b === undefined && method === 'POST') {
        const body = await readJson(req);
        const config = (body.configuration ?? {}) as { query?: Record<string, unknown>; dryRun?: boolean };
        if (!config.query) throw new BqApiError(400, 'invalid', 'The emulator runs query jobs through jobs.insert; load jobs must be uploaded (uploadType=multipart)');
        const record = newJob(projectId, body, String(body.location ?? 'US'));
        // A dry run validates and reports the statement type without running anything (BigQuery's habit too).
        await runQuery(projectId, record, config.query, true, config.dryRun === true);
        if (config.dryRun === true) {
          jobs.delete((record.resource.jobReference as { jobId: string }).jobId);
          const error = jobError(record);
          if (error) throw error;
          return send(res, 200, { ...record.resource, status: { state: 'DONE' } });
        }
        return send(res, 200, jobView(record));
      }
      if (b !== undefined && c === undefined && method === 'GET') {
        const record = jobs.get(b);
        if (!record) throw new BqApiError(404, 'notFound', `Not found: Job ${projectId}:${query.location ?? 'US'}.${b}`);
        return send(res, 200, jobView(record));
      }
      if (b !== undefined && c === 'cancel' && method === 'POST') {
        const record = jobs.get(b);
        if (!record) throw new BqApiError(404, 'notFound', `Not found: Job ${projectId}:${b}`);
        return send(res, 200, { kind: 'bigquery#jobCancelResponse', job: jobView(record) });
      }
    }
    if (a === 'queries') {
      if (b === undefined && method === 'POST') {
        const body = await readJson(req);
        const record = newJob(projectId, { configuration: { query: { query: body.query, useLegacySql: false } } }, String(body.location ?? 'US'));
        const formatOptions = body.formatOptions as { useInt64Timestamp?: boolean } | undefined;
        await runQuery(projectId, record, body, formatOptions?.useInt64Timestamp === true);
        const error = jobError(record);
        if (error) throw error;
        const page = queryPage(record, 0, Math.min(Number(body.maxResults ?? pageRows), pageRows));
        if (Date.now() < record.doneAt) return send(res, 200, { kind: 'bigquery#queryResponse', jobReference: page.jobReference, jobComplete: false });
        return send(res, 200, { ...page, kind: 'bigquery#queryResponse' });
      }
      if (b !== undefined && method === 'GET') {
        const record = jobs.get(b);
        if (!record) throw new BqApiError(404, 'notFound', `Not found: Job ${projectId}:${b}`);
        if (Date.now() < record.doneAt) return send(res, 200, { kind: 'bigquery#getQueryResultsResponse', jobReference: (record.resource as { jobReference: unknown }).jobReference, jobComplete: false });
        const error = jobError(record);
        if (error) throw error;
        return send(res, 200, queryPage(record, startIndex, maxResults));
      }
    }
    throw new BqApiError(404, 'notFound', `Not found: ${method} ${url.pathname}`);
  }

  async function insertAll(projectId: string, datasetId: string, tableId: string, body: Record<string, unknown>): Promise<Record<string, unknown>> {
    const rows = (body.rows ?? []) as { json: Record<string, unknown> }[];
    const file = join(spool, `${randomUUID()}.ndjson`);
    await writeFile(file, rows.map((r) => JSON.stringify(r.json)).join('\n'));
    try {
      await engine.serial(() => engine.load(projectId, { destinationTable: { datasetId, tableId }, sourceFormat: 'NEWLINE_DELIMITED_JSON', createDisposition: 'CREATE_NEVER', ignoreUnknownValues: body.ignoreUnknownValues === true }, file));
      return { kind: 'bigquery#tableDataInsertAllResponse' };
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      return { kind: 'bigquery#tableDataInsertAllResponse', insertErrors: rows.map((_, index) => ({ index, errors: [{ reason: 'invalid', message }] })) };
    } finally {
      await rm(file, { force: true });
    }
  }

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    requests.push({ method: req.method ?? 'GET', path: url.pathname, query: Object.fromEntries(url.searchParams), headers: req.headers });
    route(req, res, url).catch((error: unknown) => {
      const apiError = error instanceof BqApiError ? error : new BqApiError(500, 'internalError', (error as Error).message ?? String(error));
      if (!res.headersSent) sendError(res, apiError);
      else res.destroy();
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    jobs,
    engine,
    failNextJob: (fault) => { faults.push(fault); },
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await engine.serial(async () => engine.close());
      await rm(spool, { recursive: true, force: true });
    },
  };
}
