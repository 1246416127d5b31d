import { describe, expect, it } from 'vitest';
import { Normalizer } from '../../../core/normalize';
import { SchemaWouldChange } from '../../../core/normalize/schema-would-change';
import { newSchema } from '../../../core/schema';
import type { Schema } from '../../../core/schema';

// A frozen normalizer runs beside the one that owns the schema (the pipeline's normalize worker): it must give the
// same rows while the schema holds, and refuse, before returning anything, a batch that would change it.

const hints = { resource: 'items', table_name: 'items', write_disposition: 'append' as const };

function owner(loadId = '100.1'): { schema: Schema; normalizer: Normalizer } {
  const schema = newSchema('shop');
  const normalizer = new Normalizer({ schema, loadId });
  normalizer.addResource(hints);
  normalizer.normalize('items', [{ id: 1, qty: 2, tags: ['a'], customer: { city: 'Oslo' } }]);
  return { schema, normalizer };
}

function frozenCopy(schema: Schema, loadId = '100.1'): Normalizer {
  const normalizer = new Normalizer({ schema: structuredClone(schema), loadId, frozen: true });
  normalizer.addResource(hints);
  return normalizer;
}

const withoutIds = (rows: Record<string, unknown>[] | undefined) => rows?.map(({ _dlt_id, _dlt_parent_id, ...rest }) => rest);

describe('frozen normalizer', () => {
  it('gives the rows the owner gives while nothing new appears, and leaves the schema alone', () => {
    const { schema, normalizer } = owner();
    const frozen = frozenCopy(schema);
    const batch = [{ id: 2, qty: 3, tags: ['b', 'c'], customer: { city: 'Rome' } }, { id: 3 }];
    const mine = frozen.normalize('items', batch);
    const theirs = normalizer.normalize('items', batch);
    expect([...mine.keys()]).toEqual([...theirs.keys()]);
    for (const [table, rows] of theirs) expect(withoutIds(mine.get(table))).toEqual(withoutIds(rows));
    expect(frozen.schema.version).toBe(schema.version);
    expect(frozen.changes()).toEqual([]);
  });

  it.each([
    ['a new column', { id: 4, note: 'x' }],
    ['a new nested table', { id: 4, extras: [{ k: 1 }] }],
    ['a variant column', { id: 4, qty: 'many' }],
    ['a bigint column widening to double', { id: 4, qty: 2.5 }],
  ])('refuses a batch with %s', (_what, record) => {
    const { schema } = owner();
    const frozen = frozenCopy(schema);
    expect(() => frozen.normalize('items', [{ id: 5 }, record])).toThrow(SchemaWouldChange);
  });

  it('a schema handed over mid-load still widens the columns that load created', () => {
    const { schema } = owner();
    const next = new Normalizer({ schema: structuredClone(schema), loadId: '100.1' });
    next.addResource(hints);
    expect(next.normalize('items', [{ id: 6, qty: 2.5 }]).get('items')?.[0]).toMatchObject({ qty: 2.5 });
    expect(next.schema.tables.items!.columns.qty!.data_type).toBe('double');
    expect(next.schema.changes.find((c) => c.column === 'qty')).toMatchObject({ load_id: '100.1', data_type: 'double' });
    // A later load does not widen what an earlier one created: the value goes to a variant.
    const later = new Normalizer({ schema: structuredClone(schema), loadId: '200.1' });
    later.addResource(hints);
    expect(later.normalize('items', [{ id: 7, qty: 2.5 }]).get('items')?.[0]).toMatchObject({ qty__v_double: 2.5 });
  });
});
