import type { ExtractLimits, RecordBatch } from './types';

/** dlt's `add_limit`: stops after `maxPages` batches or once `maxRecords` records were yielded (the last batch cut). */
export async function* limitBatches(batches: AsyncIterable<RecordBatch>, limits: ExtractLimits | undefined): AsyncGenerator<RecordBatch> {
  const maxPages = limits?.maxPages;
  const maxRecords = limits?.maxRecords;
  if (maxPages === 0 || maxRecords === 0) return;
  let pages = 0;
  let records = 0;
  for await (const batch of batches) {
    pages++;
    let out = batch;
    if (maxRecords !== undefined && records + batch.records.length > maxRecords) {
      out = { records: batch.records.slice(0, maxRecords - records), ...(batch.page ? { page: batch.page } : {}) };
    }
    records += out.records.length;
    yield out;
    if ((maxPages !== undefined && pages >= maxPages) || (maxRecords !== undefined && records >= maxRecords)) return;
  }
}
