import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendJson, startApiServer, type ApiServer } from '../../helpers/api-server';
import { restApiSource } from '../../../core/source/rest-api-source';
import type { SourceRecord } from '../../../core/source/types';
import { memoryState } from './helpers/memory-state';

const EVENTS = [
  { id: 1, ts: 100, kind: 'a' },
  { id: 2, ts: 200, kind: 'b' },
  { id: 3, ts: 300, kind: 'a' },
  { id: 4, kind: 'no cursor' },
];

describe('incremental binding in requests', () => {
  let server: ApiServer;
  beforeAll(async () => {
    server = await startApiServer([
      { method: 'POST', path: '/events/search', handler: (req, res) => sendJson(res, 200, { query: req.json, events: EVENTS }) },
      { method: 'GET', path: '/events', handler: (_req, res) => sendJson(res, 200, { events: EVENTS }) },
    ]);
  });
  afterAll(async () => { await server.close(); });

  async function run(config: unknown, state = memoryState()): Promise<SourceRecord[]> {
    const out: SourceRecord[] = [];
    for await (const batch of restApiSource(config).resources[0]!.extract({ state })) out.push(...batch.records);
    return out;
  }

  it('sends start and end values typed in a JSON body and through start_param/end_param', async () => {
    const config = {
      client: { base_url: server.baseUrl },
      resources: [{
        name: 'events',
        endpoint: {
          path: 'events/search', method: 'POST', data_selector: 'events',
          json: { from: '{incremental.start_value}', to: '{incremental.end_value}', text: 'ts>={incremental.start_value}' },
          params: { page_size: 50 },
          incremental: { cursor_path: 'ts', initial_value: 150, end_value: 300, start_param: 'since', end_param: 'until', on_cursor_value_missing: 'exclude' },
        },
      }],
    };
    const records = await run(config);
    expect(records.map((r) => r.id)).toEqual([2]); // 300 is excluded: range_end is open by default
    const request = server.requests.at(-1)!;
    expect(JSON.parse(request.body)).toEqual({ from: 150, to: 300, text: 'ts>=150' });
    expect(request.url).toBe('/events/search?page_size=50&since=150&until=300');
  });

  it('fails the extraction when a record has no cursor value and the option is `raise`', async () => {
    const config = { client: { base_url: server.baseUrl }, resources: [{ name: 'events', endpoint: { path: 'events', data_selector: 'events', incremental: { cursor_path: 'ts' } } }] };
    const state = memoryState();
    await expect(run(config, state)).rejects.toMatchObject({ code: 'INCREMENTAL_CURSOR_MISSING' });
    expect(state.data.size).toBe(0); // a failed extraction does not move the cursor
  });

  it('commits the state after a sampled run, and a child fed by it sees the pre-run state', async () => {
    const config = {
      client: { base_url: server.baseUrl },
      resources: [
        { name: 'events', endpoint: { path: 'events', data_selector: 'events', incremental: { cursor_path: 'ts', on_cursor_value_missing: 'exclude' } } },
        { name: 'hits', endpoint: { path: 'events/search', method: 'POST', data_selector: 'query', json: { event: '{resources.events.id}' } } },
      ],
    };
    const source = restApiSource(config);
    const state = memoryState();
    const parent: SourceRecord[] = [];
    for await (const b of source.resources[0]!.extract({ state })) parent.push(...b.records);
    expect(parent.map((r) => r.id)).toEqual([1, 2, 3]);
    expect((state.data.get('events') as { incremental: { ts: { last_value: number } } }).incremental.ts.last_value).toBe(300);
    const child: SourceRecord[] = [];
    for await (const b of source.resources[1]!.extract({ state })) child.push(...b.records);
    expect(child).toEqual([{ event: 1 }, { event: 2 }, { event: 3 }]);
    // The child's run did not move the parent's cursor further or back.
    expect((state.data.get('events') as { incremental: { ts: { last_value: number } } }).incremental.ts.last_value).toBe(300);
  });
});
