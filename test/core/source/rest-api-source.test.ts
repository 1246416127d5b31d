import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sendJson, startApiServer, type ApiServer } from '../../helpers/api-server';
import { offsetRoutes } from '../../helpers/api/offset';
import { restApiSource } from '../../../core/source/rest-api-source';
import { defineResource } from '../../../core/source/define-resource';
import type { ExtractContext, RecordBatch, SourceRecord, SourceResource } from '../../../core/source/types';
import { RestClient } from '../../../core/http/rest-client';
import { Redactor } from '../../../core/http/redactor';
import { memoryState } from './helpers/memory-state';

async function batches(resource: SourceResource, context: Partial<ExtractContext> = {}): Promise<RecordBatch[]> {
  const out: RecordBatch[] = [];
  for await (const batch of resource.extract({ state: memoryState(), ...context })) out.push(batch);
  return out;
}
const records = (list: RecordBatch[]): SourceRecord[] => list.flatMap((b) => b.records);

describe('restApiSource', () => {
  let server: ApiServer;
  let inFlight = 0;
  let maxInFlight = 0;
  beforeEach(async () => {
    inFlight = 0;
    maxInFlight = 0;
    server = await startApiServer([
      ...offsetRoutes({ total: 35, maxLimit: 10 }),
      {
        method: 'GET', path: '/items/:id/details',
        handler: async (req, res) => {
          inFlight++;
          maxInFlight = Math.max(maxInFlight, inFlight);
          await new Promise((r) => setTimeout(r, 15));
          inFlight--;
          sendJson(res, 200, { id: Number(req.params.id), detail: `detail of ${req.params.id}`, q: req.url.searchParams.get('q') });
        },
      },
      { method: 'POST', path: '/search', handler: (req, res) => sendJson(res, 200, { results: [{ echo: req.json }] }) },
    ]);
  });
  afterEach(async () => { await server.close(); });

  const items = () => ({ name: 'items', endpoint: { path: 'items', paginator: { type: 'offset', limit: 10 }, data_selector: 'items' } });

  it('samples with maxPages and maxRecords (dlt\'s add_limit)', async () => {
    const source = restApiSource({ client: { base_url: server.baseUrl }, resources: [items()] });
    const two = await batches(source.resources[0]!, { limits: { maxPages: 2 } });
    expect(two.map((b) => b.records.length)).toEqual([10, 10]);
    expect(server.requests).toHaveLength(2);
    const some = await batches(source.resources[0]!, { limits: { maxRecords: 15 } });
    expect(some.map((b) => b.records.length)).toEqual([10, 5]);
    expect(records(await batches(source.resources[0]!))).toHaveLength(35);
  });

  it('applies JSONata filter and map steps, and plain functions from code', async () => {
    const config = {
      client: { base_url: server.baseUrl },
      resources: [{ ...items(), processing_steps: [{ filter: 'id % 10 = 0' }, { map: '{"id": id, "label": $uppercase(name)}' }] }],
    };
    const out = records(await batches(restApiSource(config).resources[0]!));
    expect(out).toEqual([{ id: 10, label: 'ITEM 10' }, { id: 20, label: 'ITEM 20' }, { id: 30, label: 'ITEM 30' }]);

    const coded = { client: { base_url: server.baseUrl }, resources: [{ ...items(), processing_steps: [{ filter: (r: SourceRecord) => r.id === 7 }, { map: (r: SourceRecord) => ({ ...r, seen: true }) }] }] };
    expect(records(await batches(restApiSource(coded).resources[0]!))).toEqual([{ id: 7, name: 'item 7', price: 10.5, seen: true }]);
  });

  it('JSONata expressions see only the record: no JavaScript globals', async () => {
    const config = { client: { base_url: server.baseUrl }, resources: [{ ...items(), processing_steps: [{ map: '{"p": $exists(process), "g": $exists(globalThis), "id": id}' }] }] };
    const out = records(await batches(restApiSource(config).resources[0]!, { limits: { maxRecords: 1 } }));
    expect(out).toEqual([{ p: false, g: false, id: 1 }]);
  });

  it('fans out one request per parent record with at most `parallelized` requests in flight', async () => {
    const config = {
      client: { base_url: server.baseUrl },
      resources: [items(), { name: 'details', endpoint: { path: 'items/{resources.items.id}/details', params: { q: '{resources.items.name}' } }, include_from_parent: ['price'], parallelized: 3 }],
    };
    const out = records(await batches(restApiSource(config, { resources: ['details'] }).resources.find((r) => r.name === 'details')!));
    expect(out).toHaveLength(35);
    expect(out.map((r) => r.id).sort((a, b) => Number(a) - Number(b))).toEqual(Array.from({ length: 35 }, (_, i) => i + 1));
    expect(out.find((r) => r.id === 3)).toEqual({ id: 3, detail: 'detail of 3', q: 'item 3', _items_price: 4.5 });
    expect(maxInFlight).toBe(3);
  });

  it('a parent record whose field is missing or null is an error naming it, never an empty path segment', async () => {
    server.addRoutes([{ method: 'GET', path: '/owners', handler: (_req, res) => sendJson(res, 200, [{ id: 1 }, { id: null }]) }]);
    const source = restApiSource({
      client: { base_url: server.baseUrl, paginator: 'single_page' },
      resources: [{ name: 'owners', endpoint: 'owners' }, { name: 'details', endpoint: { path: 'items/{resources.owners.id}/details' } }],
    }, { resources: ['details'] });
    const details = source.resources.find((r) => r.name === 'details')!;
    await expect(batches(details)).rejects.toThrow('resource `details`: a record of parent `owners` has `id`: null; expected a value in every parent record');
    expect(server.requests.map((r) => r.path)).not.toContain('/items//details');
  });

  it('selects resources: the parent comes along unselected', () => {
    const config = { client: { base_url: server.baseUrl }, resources: [items(), { name: 'details', endpoint: 'items/{resources.items.id}/details' }, 'other'] };
    const source = restApiSource(config, { resources: ['details'] });
    expect(source.resources.map((r) => [r.name, r.selected, r.parent])).toEqual([['items', false, undefined], ['details', true, 'items']]);
    expect(() => restApiSource(config, { resources: ['detail'] })).toThrow('unknown resource `detail`; did you mean `details`? (at `--resource`)');
  });

  it('resolves the legacy `resolve` param into the path', async () => {
    const config = {
      client: { base_url: server.baseUrl },
      resources: [items(), { name: 'details', endpoint: { path: 'items/{item}/details', params: { item: { type: 'resolve', resource: 'items', field: 'id' } } } }],
    };
    const out = records(await batches(restApiSource(config).resources[1]!, { limits: { maxPages: 2 } }));
    expect(out.map((r) => r.id)).toEqual([1, 2]);
  });

  it('keeps the type of a whole-placeholder value in a JSON body and renders secrets', async () => {
    const config = {
      client: { base_url: server.baseUrl },
      resources: [items(), {
        name: 'search', endpoint: { path: 'search', method: 'POST', data_selector: 'results', json: { filters: { id: '{resources.items.id}', label: 'n={resources.items.id}' }, key: '{secrets.api_key}', raw: '{{x}}' } },
      }],
    };
    const source = restApiSource(config, { name: 'shop', env: { SOURCES__SHOP__API_KEY: 'k-123456' }, redactor: new Redactor() });
    const out = records(await batches(source.resources[1]!, { limits: { maxPages: 1 } }));
    expect(out).toEqual([{ echo: { filters: { id: 1, label: 'n=1' }, key: 'k-123456', raw: '{x}' } }]);
  });

  it('writes a resource in code on top of RestClient (the imperative path)', async () => {
    const client = new RestClient({ baseUrl: server.baseUrl, paginator: { type: 'offset', limit: 10 }, dataSelector: 'items' });
    const resource = defineResource({
      name: 'cheap_items', hints: { primary_key: ['id'] },
      async *extract() {
        for await (const page of client.paginate('items')) yield page.records.filter((r) => (r as { price: number }).price < 6) as SourceRecord[];
      },
    });
    expect(resource.hints).toEqual({ resource: 'cheap_items', table_name: 'cheap_items', write_disposition: 'append', primary_key: ['id'] });
    expect(records(await batches(resource)).map((r) => r.id)).toEqual([1, 2, 3]);
    const pages = defineResource({ name: 'pages', extract: () => client.paginate('items') });
    const paged = await batches(pages, { limits: { maxPages: 2 } });
    expect(paged.map((b) => [b.page?.number, b.page?.status, b.records.length])).toEqual([[1, 200, 10], [2, 200, 10]]);
  });
});
