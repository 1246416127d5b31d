import { sendJson, type Route } from '../api-server';

/**
 * A PokéAPI-like API: `GET /api/v2/<kind>?limit&offset` → `{count, next, previous, results: [{name, url}]}` with
 * absolute `next` URLs, and `GET /api/v2/<kind>/<name>` for one entity. Like the real one, no auth. `maxLimit` caps
 * the page size so the list spans several pages even when a config asks for 1000.
 */
export const POKEMON_KINDS: Record<string, string[]> = {
  pokemon: Array.from({ length: 45 }, (_, i) => `pokemon-${i + 1}`),
  berry: Array.from({ length: 12 }, (_, i) => `berry-${i + 1}`),
  location: Array.from({ length: 30 }, (_, i) => `location-${i + 1}`),
};

export function pokemonRoutes(options: { maxLimit?: number } = {}): Route[] {
  const maxLimit = options.maxLimit ?? 20;
  return [
    {
      method: 'GET', path: '/api/v2/:kind',
      handler: (req, res) => {
        const names = POKEMON_KINDS[req.params.kind!];
        if (!names) return sendJson(res, 404, { detail: 'Not found.' });
        const limit = Math.min(Number(req.url.searchParams.get('limit') ?? 20), maxLimit);
        const offset = Number(req.url.searchParams.get('offset') ?? 0);
        const base = `${req.url.origin}/api/v2/${req.params.kind}/`;
        const page = (o: number) => `${req.url.origin}/api/v2/${req.params.kind}?offset=${o}&limit=${limit}`;
        sendJson(res, 200, {
          count: names.length,
          next: offset + limit < names.length ? page(offset + limit) : null,
          previous: offset > 0 ? page(Math.max(0, offset - limit)) : null,
          results: names.slice(offset, offset + limit).map((name, i) => ({ name, url: `${base}${offset + i + 1}/` })),
        });
      },
    },
    {
      method: 'GET', path: '/api/v2/:kind/:name',
      handler: (req, res) => {
        const names = POKEMON_KINDS[req.params.kind!] ?? [];
        const index = names.indexOf(req.params.name!);
        if (index < 0) return sendJson(res, 404, { detail: 'Not found.' });
        sendJson(res, 200, { id: index + 1, name: req.params.name, base_experience: 50 + index, types: [{ slot: 1, type: { name: 'normal' } }] });
      },
    },
  ];
}
