import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApiServer, type ApiServer } from '../../helpers/api-server';
import { pokemonRoutes } from '../../helpers/api/pokemon';
import { restApiSource } from '../../../core/source/rest-api-source';
import type { SourceRecord } from '../../../core/source/types';
import { memoryState } from './helpers/memory-state';

describe('single-entity resources', () => {
  let server: ApiServer;
  beforeAll(async () => { server = await startApiServer(pokemonRoutes({ maxLimit: 20 })); });
  afterAll(async () => { await server.close(); });

  it('reads one object per parent record, even with a client paginator, and says so', async () => {
    const source = restApiSource({
      client: { base_url: `${server.baseUrl}/api/v2/`, paginator: 'json_link' },
      resources: [
        { name: 'berry', endpoint: { path: 'berry', params: { limit: 5 } }, selected: false },
        { name: 'berry_detail', endpoint: 'berry/{resources.berry.name}', include_from_parent: ['url'] },
      ],
    });
    expect(source.warnings).toEqual([
      '`client.paginator` (`json_link`) does not apply to resource `berry_detail`: its path `berry/{resources.berry.name}` ends in a placeholder, so it is read as a single entity with `single_page`; set `endpoint.paginator` to page it anyway (at `resources[1].endpoint.path`)',
    ]);
    const detail = source.resources.find((r) => r.name === 'berry_detail')!;
    const records: SourceRecord[] = [];
    const pages: string[] = [];
    for await (const batch of detail.extract({ state: memoryState(), limits: { maxPages: 3 } })) {
      records.push(...batch.records);
      pages.push(`${batch.page!.paginator.type}:${batch.page!.paginator.hasNext}`);
    }
    expect(records.map((r) => r.name)).toEqual(['berry-1', 'berry-2', 'berry-3']);
    expect(records[0]).toMatchObject({ id: 1, base_experience: 50, _berry_url: `${server.baseUrl}/api/v2/berry/1/` });
    expect(pages).toEqual(['single_page:false', 'single_page:false', 'single_page:false']);
    // The sample stopped after 3 detail pages: the parent list was read once (a page of 5), no more.
    expect(server.requests.filter((r) => r.path === '/api/v2/berry')).toHaveLength(1);
  });
});
