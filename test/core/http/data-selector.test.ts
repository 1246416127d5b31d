import { describe, expect, it } from 'vitest';
import { detectDataSelector, selectRecords } from '../../../core/http';

describe('data selector detection (dlt rules)', () => {
  it.each([
    ['a top-level list', [{ id: 1 }], '$'],
    ['a known record key', { meta: { total: 1 }, results: [{ id: 1 }] }, '$.results'],
    ['a known key wins over a shallower unknown one', { other: [{ x: 1 }], response: { items: [{ id: 1 }] } }, '$.response.items'],
    ['lists under metadata keys are skipped', { pagination: { data: [1, 2] }, things: [{ id: 1 }] }, '$.things'],
    ['the least nested list of objects otherwise', { a: { b: [{ id: 1 }] }, c: [{ id: 2 }] }, '$.c'],
    ['an object with only scalar lists is one record', { id: 1, tags: ['x'] }, '$'],
    ['nothing list-like: the whole body', { id: 1, name: 'x' }, '$'],
    ['odd key names are quoted', { 'the-data': [{ id: 1 }] }, '$.the-data'],
  ])('%s', (_name, body, path) => {
    expect(detectDataSelector(body)).toBe(path);
  });

  it('applies a given selector; an object becomes one record, null or no match none', () => {
    expect(selectRecords({ data: { items: [{ id: 1 }, { id: 2 }] } }, 'data.items')).toEqual({
      records: [{ id: 1 }, { id: 2 }], path: 'data.items', detected: false, matched: true,
    });
    expect(selectRecords({ user: { id: 1 } }, '$.user').records).toEqual([{ id: 1 }]);
    expect(selectRecords({ data: null }, '$.data')).toMatchObject({ records: [], matched: true });
    expect(selectRecords({ data: [] }, '$.datum')).toMatchObject({ records: [], matched: false });
    expect(selectRecords({ groups: [{ users: [{ id: 1 }] }, { users: [{ id: 2 }] }] }, '$.groups[*].users[*]').records).toEqual([{ id: 1 }, { id: 2 }]);
    expect(selectRecords(undefined, undefined)).toMatchObject({ records: [], matched: false });
  });
});
