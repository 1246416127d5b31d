import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Normalizer } from '../../../core/normalize';
import { newSchema, schemaFromJson, schemaToJson } from '../../../core/schema';
import type { Row, TableHints } from '../../../core/schema';
import { canonical, reassemble } from './helpers/reassemble';

// Keys chosen to collide after normalization, clash with dlt's own names, and need shortening.
const trickyKey = fc.constantFrom(
  'a', 'b', 'A', 'user name', 'user-name', 'userName', 'user_name', 'value', 'list', '_dlt_id', '_dlt_load_id',
  '', ' ', '__', 'a__b', 'x', 'X_', '1st', 'select', 'ümlaut', 'price', 'price__v_text', 'id',
  'a_very_long_key_name_that_goes_on_and_on_past_the_identifier_limit_of_postgres_63',
);
const key = fc.oneof({ weight: 4, arbitrary: trickyKey }, { weight: 1, arbitrary: fc.string({ maxLength: 8 }) })
  .filter((k) => k !== '__proto__');
const scalar = fc.oneof(
  fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.boolean(), fc.string({ maxLength: 6 }),
  fc.constantFrom('2024-01-01T00:00:00Z', '2024-02-30T00:00:00Z', '2024-01-01', 'garbage', 1e21, -0, 0.5, null),
);
const { json } = fc.letrec((tie) => ({
  json: fc.oneof({ depthSize: 'small', withCrossShrink: true }, scalar, tie('array'), tie('object')),
  array: fc.array(tie('json'), { maxLength: 4 }),
  object: fc.dictionary(key, tie('json'), { maxKeys: 5 }),
}));

function run(records: unknown[], hints: Partial<TableHints>, maxIdentifierLength?: number, batchSize = 3): unknown[] {
  const schema = newSchema('prop');
  const normalizer = new Normalizer({ schema, loadId: '1.1', maxIdentifierLength });
  normalizer.addResource({ resource: 'items', table_name: 'items', write_disposition: 'append', ...hints });
  const batches: Map<string, Row[]>[] = [];
  for (let i = 0; i < records.length; i += batchSize) {
    batches.push(normalizer.normalize('items', records.slice(i, i + batchSize)));
  }
  // reassemble from what a warehouse gets: the rows as NDJSON lines
  const loaded = batches.map((batch) => new Map([...batch].map(([table, rows]) => [table, rows.map((row) => JSON.parse(JSON.stringify(row)) as Row)])));
  return reassemble(schema, 'items', loaded);
}

describe('normalized rows reassemble into the original records', () => {
  it('for any JSON values (nothing lost, nothing invented, list order kept)', () => {
    fc.assert(fc.property(fc.array(json, { maxLength: 8 }), (records) => {
      expect(run(records, {})).toEqual(records.map((r) => canonical(r)));
    }), { numRuns: 300 });
  });

  it('with a 20-character identifier limit (shortened names, more collisions)', () => {
    fc.assert(fc.property(fc.array(json, { maxLength: 6 }), (records) => {
      expect(run(records, {}, 20)).toEqual(records.map((r) => canonical(r)));
    }), { numRuns: 200 });
  });

  it('for merge tables with a primary key (_dlt_root_id on nested rows)', () => {
    fc.assert(fc.property(fc.array(fc.dictionary(key, json, { maxKeys: 4 }), { maxLength: 6 }), (objects) => {
      const records = objects.map((o, i) => ({ ...o, id: i }));
      expect(run(records, { write_disposition: 'merge', primary_key: ['id'] })).toEqual(records.map((r) => canonical(r)));
    }), { numRuns: 150 });
  });

  it('with max_table_nesting (deeper data kept whole in json columns)', () => {
    fc.assert(fc.property(fc.array(json, { maxLength: 6 }), fc.integer({ min: 0, max: 3 }), (records, nesting) => {
      expect(run(records, { max_table_nesting: nesting })).toEqual(records.map((r) => canonical(r, nesting)));
    }), { numRuns: 200 });
  });
});

describe('across runs', () => {
  it('a schema stored as JSON and read back keeps every name and still reassembles (collisions stay apart)', () => {
    fc.assert(fc.property(fc.array(json, { maxLength: 5 }), fc.array(json, { maxLength: 5 }), (first, second) => {
      const schema1 = newSchema('runs');
      const run1 = new Normalizer({ schema: schema1, loadId: '1.1', maxIdentifierLength: 24 });
      run1.addResource({ resource: 'items', table_name: 'items', write_disposition: 'append' });
      const batch1 = run1.normalize('items', first);
      const columnsBefore = JSON.stringify(Object.values(schema1.tables).map((t) => [t.name, Object.keys(t.columns)]));

      const schema2 = schemaFromJson(schemaToJson(schema1));
      const run2 = new Normalizer({ schema: schema2, loadId: '2.2', maxIdentifierLength: 24 });
      run2.addResource({ resource: 'items', table_name: 'items', write_disposition: 'append' });
      const batch1Again = run2.normalize('items', first);
      // the same records in a later run land in exactly the same tables and columns
      expect(JSON.stringify(Object.values(schema2.tables).map((t) => [t.name, Object.keys(t.columns)]))).toBe(columnsBefore);
      const batch2 = run2.normalize('items', second);
      const all = [batch1, batch1Again, batch2].map((b) => new Map([...b].map(([t, rows]) => [t, rows.map((r) => JSON.parse(JSON.stringify(r)) as Row)])));
      expect(reassemble(schema2, 'items', all)).toEqual([...first, ...first, ...second].map((r) => canonical(r)));
    }), { numRuns: 150 });
  });
});
