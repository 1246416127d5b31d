import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { rowsToNdjson } from '../../../core/pipeline/ndjson-rows';
import type { Row } from '../../../core/schema/types';

function perRow(rows: Row[]): string {
  return rows.map((r) => JSON.stringify(r) + '\n').join('');
}

describe('rowsToNdjson', () => {
  it('writes one JSON object per line, the same text as serializing each row', () => {
    const rows: Row[] = [{ id: 1, name: 'a' }, { id: 2, name: 'b', _dlt_id: 'x' }];
    expect(rowsToNdjson(rows)).toBe('{"id":1,"name":"a"}\n{"id":2,"name":"b","_dlt_id":"x"}\n');
    expect(rowsToNdjson([])).toBe('');
  });

  it('is not fooled by values that contain the row boundary', () => {
    const rows: Row[] = [
      { note: 'ends with },{', id: 1 },
      { note: '},{"', id: 2 },
      { doc: [{ a: 1 }, { b: 2 }], id: 3 },
      {},
      { id: 4 },
    ];
    const text = rowsToNdjson(rows);
    expect(text).toBe(perRow(rows));
    // a row without keys next to a value holding the boundary: the piece count matches, the pieces would not
    const tricky: Row[] = [{ doc: [{}, { a: '' }] }, {}];
    expect(rowsToNdjson(tricky)).toBe(perRow(tricky));
    expect(text.split('\n').slice(0, -1).map((l) => JSON.parse(l) as unknown)).toEqual(rows);
  });

  it('equals per-row serialization for any rows', () => {
    const value = fc.oneof(fc.string(), fc.constantFrom('},{"', '}', '{"', '},{'), fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.boolean(), fc.constant(null),
      fc.array(fc.dictionary(fc.string({ maxLength: 3 }), fc.string({ maxLength: 4 })), { maxLength: 3 }));
    fc.assert(fc.property(fc.array(fc.dictionary(fc.string({ maxLength: 5 }), value, { maxKeys: 4 }), { maxLength: 8 }), (rows) => {
      expect(rowsToNdjson(rows)).toBe(perRow(rows));
    }), { numRuns: 2000 });
  });
});
