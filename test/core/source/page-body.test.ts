import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sendJson, startApiServer, type ApiServer } from '../../helpers/api-server';
import { offsetRoutes } from '../../helpers/api/offset';
import { restApiSource } from '../../../core/source/rest-api-source';
import type { ExtractContext, RecordBatch, SourceResource } from '../../../core/source/types';
import { recordsOfBatchText } from '../../../core/pipeline/batch-text';
import { memoryState } from './helpers/memory-state';

// A batch may carry its page body so that the normalize worker parses the page itself instead of being sent a
// serialized copy of the records. That is only sound while the records are exactly the body's selection.

async function batches(resource: SourceResource, context: Partial<ExtractContext> = {}): Promise<RecordBatch[]> {
  const out: RecordBatch[] = [];
  for await (const batch of resource.extract({ state: memoryState(), ...context })) out.push(batch);
  return out;
}

describe('page body of a batch', () => {
  let server: ApiServer;
  beforeEach(async () => {
    server = await startApiServer([
      ...offsetRoutes({ total: 25, maxLimit: 10 }),
      { method: 'GET', path: '/list', handler: (_req, res) => sendJson(res, 200, [{ id: 1 }, { id: 2 }]) },
      { method: 'GET', path: '/items/:id/notes', handler: (req, res) => sendJson(res, 200, { notes: [{ text: `note of ${req.params.id}` }] }) },
    ]);
  });
  afterEach(async () => { await server.close(); });

  const items = (extra: Record<string, unknown> = {}) => ({
    name: 'items', endpoint: { path: 'items', paginator: { type: 'offset', limit: 10 }, data_selector: 'items', ...extra },
  });

  it('parses back to exactly the records of the batch, with an explicit and with a detected selector', async () => {
    const source = restApiSource({
      client: { base_url: server.baseUrl },
      resources: [items(), { name: 'list', endpoint: { path: 'list', paginator: 'single_page' } }],
    });
    const paged = await batches(source.resources[0]!);
    expect(paged).toHaveLength(3);
    for (const batch of paged) {
      expect(batch.pageBody?.dataSelector).toBe('items');
      expect(recordsOfBatchText(batch.pageBody!)).toEqual(batch.records);
    }
    const [whole] = await batches(source.resources[1]!);
    expect(whole!.pageBody?.dataSelector).toBe('$');
    expect(recordsOfBatchText(whole!.pageBody!)).toEqual([{ id: 1 }, { id: 2 }]);
  });

  it('is left off when anything changed the records: processing steps, a cut by maxRecords, fields from the parent', async () => {
    const source = restApiSource({
      client: { base_url: server.baseUrl },
      resources: [
        { ...items(), processing_steps: [{ filter: 'id > 3' }] },
        {
          name: 'notes', include_from_parent: ['name'],
          endpoint: { path: 'items/{resources.items.id}/notes', paginator: 'single_page', data_selector: 'notes' },
        },
      ],
    });
    const filtered = await batches(source.resources[0]!);
    expect(filtered.map((b) => b.records.length)).toEqual([7, 10, 5]);
    expect(filtered.every((b) => b.pageBody === undefined)).toBe(true);

    const plain = restApiSource({ client: { base_url: server.baseUrl }, resources: [items()] });
    const cut = await batches(plain.resources[0]!, { limits: { maxRecords: 15 } });
    expect(cut.map((b) => b.records.length)).toEqual([10, 5]);
    expect(cut[0]!.pageBody).toBeDefined();
    expect(cut[1]!.pageBody).toBeUndefined();

    const notes = await batches(source.resources[1]!, { limits: { maxPages: 2 } });
    expect(notes[0]!.records[0]).toMatchObject({ text: expect.stringMatching(/^note of/), _items_name: expect.any(String) });
    expect(notes.every((b) => b.pageBody === undefined)).toBe(true);
  });

  it('is left off when the incremental cursor dropped records, kept when it dropped none', async () => {
    const source = restApiSource({
      client: { base_url: server.baseUrl },
      resources: [items({ incremental: { cursor_path: 'id', initial_value: 15 } })],
    });
    const got = await batches(source.resources[0]!);
    expect(got.map((b) => b.records.length)).toEqual([0, 6, 5]);
    expect(got.map((b) => b.pageBody !== undefined)).toEqual([false, false, true]);
  });
});
