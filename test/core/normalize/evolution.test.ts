import { describe, expect, it } from 'vitest';
import { Normalizer } from '../../../core/normalize';
import { newSchema } from '../../../core/schema';
import type { Row, TableHints } from '../../../core/schema';

function setup(hints: Partial<TableHints> = {}, options: { detections?: ('iso_timestamp' | 'iso_date')[] } = {}) {
  const schema = newSchema('drift');
  const normalizer = new Normalizer({ schema, loadId: '100.1', ...options });
  normalizer.addResource({ resource: 'items', table_name: 'items', write_disposition: 'append', ...hints });
  const rows = (records: unknown[], table = 'items'): Row[] => normalizer.normalize('items', records).get(table) ?? [];
  const types = (table = 'items') => Object.fromEntries(Object.values(schema.tables[table]!.columns).map((c) => [c.name, c.data_type]));
  return { schema, normalizer, rows, types };
}

describe('type drift across batches becomes variant columns, nothing lost', () => {
  it('int then string', () => {
    const { rows, types, schema } = setup();
    expect(rows([{ price: 10 }])[0]).toMatchObject({ price: 10 });
    expect(rows([{ price: 'ten' }])[0]).toMatchObject({ price__v_text: 'ten' });
    expect(rows([{ price: 11 }])[0]).toMatchObject({ price: 11 });
    expect(types()).toMatchObject({ price: 'bigint', price__v_text: 'text' });
    expect(schema.tables.items!.columns.price__v_text).toMatchObject({ variant: true, variant_of: 'price' });
  });

  it('a key column never splits into a variant: numeric text is coerced as dlt does, anything else is a clear error', () => {
    const { rows, types } = setup({ write_disposition: 'merge', primary_key: ['id'] });
    expect(rows([{ id: 1, v: 'a' }])[0]).toMatchObject({ id: 1 });
    const [switched] = rows([{ id: '1', v: 'a2' }]);
    expect(switched).toMatchObject({ id: 1, v: 'a2' });
    expect(switched).not.toHaveProperty('id__v_text');
    expect(types()).not.toHaveProperty('id__v_text');
    expect(() => rows([{ id: 2 }, { id: 'abc' }])).toThrow(
      'resource `items`: key column `items.id` is bigint, and record 2 of this batch has text "abc" there; a primary or merge key keeps one type',
    );
  });

  it('object then string: the object flattens, the string gets the plain column', () => {
    const { rows, types } = setup();
    expect(rows([{ owner: { login: 'a', id: 1 } }])[0]).toMatchObject({ owner__login: 'a', owner__id: 1 });
    expect(rows([{ owner: 'someone' }])[0]).toMatchObject({ owner: 'someone' });
    expect(types()).toMatchObject({ owner__login: 'text', owner__id: 'bigint', owner: 'text' });
  });

  it('string then object in a text column', () => {
    const { rows } = setup();
    rows([{ meta: 'x' }]);
    expect(rows([{ meta: { a: 1 } }])[0]).toMatchObject({ meta__a: 1 });
  });

  it('timestamp then garbage', () => {
    const { rows, types } = setup();
    expect(rows([{ at: '2024-01-01T00:00:00Z' }])[0]).toMatchObject({ at: '2024-01-01T00:00:00Z' });
    expect(rows([{ at: 'yesterday-ish' }])[0]).toMatchObject({ at__v_text: 'yesterday-ish' });
    expect(rows([{ at: '2024-02-30T00:00:00Z' }])[0]).toMatchObject({ at__v_text: '2024-02-30T00:00:00Z' });
    expect(types()).toMatchObject({ at: 'timestamp', at__v_text: 'text' });
  });

  it('a timestamp string in a text column stays in it', () => {
    const { rows, types } = setup();
    rows([{ note: 'hello' }]);
    expect(rows([{ note: '2024-01-01T00:00:00Z' }])[0]).toMatchObject({ note: '2024-01-01T00:00:00Z' });
    expect(Object.keys(types())).not.toContain('note__v_timestamp');
  });

  it('bool then number, number then bool', () => {
    const { rows, types } = setup();
    rows([{ flag: true, n: 1 }]);
    expect(rows([{ flag: 0, n: false }])[0]).toMatchObject({ flag__v_bigint: 0, n__v_bool: false });
    expect(types()).toMatchObject({ flag: 'bool', flag__v_bigint: 'bigint', n: 'bigint', n__v_bool: 'bool' });
  });

  it('a number in a text column goes to a variant (dlt would turn 5 into "5")', () => {
    const { rows } = setup();
    rows([{ code: 'A1' }]);
    expect(rows([{ code: 5 }])[0]).toMatchObject({ code__v_bigint: 5 });
  });

  it('integers then decimals in a column created by this load widen it to double', () => {
    const { rows, types, schema } = setup();
    rows([{ amount: 0 }, { amount: 10 }]);
    expect(rows([{ amount: 10.5 }])[0]).toMatchObject({ amount: 10.5 });
    expect(types()).toMatchObject({ amount: 'double' });
    expect(schema.changes.find((c) => c.column === 'amount')).toMatchObject({ kind: 'new_column', data_type: 'double' });
  });

  it('a decimal into a bigint column from an earlier load becomes a variant', () => {
    const schema = newSchema('s');
    schema.tables.items = { name: 'items', columns: { amount: { name: 'amount', data_type: 'bigint', nullable: true } } };
    const normalizer = new Normalizer({ schema, loadId: '2' });
    normalizer.addResource({ resource: 'items', table_name: 'items', write_disposition: 'append' });
    expect(normalizer.normalize('items', [{ amount: 1.5 }]).get('items')![0]).toMatchObject({ amount__v_double: 1.5 });
  });

  it('a list then a scalar under one key: nested table and column side by side', () => {
    const { rows, schema } = setup();
    expect(rows([{ tags: ['a', 'b'] }], 'items__tags').map((r) => r.value)).toEqual(['a', 'b']);
    expect(rows([{ tags: 'a,b' }])[0]).toMatchObject({ tags: 'a,b' });
    expect(Object.keys(schema.tables)).toEqual(['items', 'items__tags']);
  });

  it('nulls create no column until a value arrives', () => {
    const { rows, types, schema } = setup();
    rows([{ a: null, b: { c: null } }]);
    expect(Object.keys(types())).toEqual(['_dlt_load_id', '_dlt_id']);
    rows([{ a: 'now' }]);
    expect(types()).toMatchObject({ a: 'text' });
    expect(schema.changes.filter((c) => c.kind === 'new_column').map((c) => c.column)).toEqual(['a']);
  });

  it('records each change with its table and load id', () => {
    const { rows, normalizer } = setup();
    rows([{ id: 1, tags: ['x'] }]);
    rows([{ id: 'one' }]);
    expect(normalizer.changes()).toEqual([
      { load_id: '100.1', table: 'items', kind: 'new_table' },
      { load_id: '100.1', table: 'items', kind: 'new_column', column: 'id', data_type: 'bigint' },
      { load_id: '100.1', table: 'items__tags', kind: 'new_table' },
      { load_id: '100.1', table: 'items__tags', kind: 'new_column', column: 'value', data_type: 'text' },
      { load_id: '100.1', table: 'items', kind: 'variant_column', column: 'id__v_text', data_type: 'text' },
    ]);
  });

  it('iso_date detection types YYYY-MM-DD as date (off by default, like dlt)', () => {
    const plain = setup();
    plain.rows([{ d: '2024-01-31' }]);
    expect(plain.types()).toMatchObject({ d: 'text' });
    const dated = setup({}, { detections: ['iso_timestamp', 'iso_date'] });
    dated.rows([{ d: '2024-01-31' }]);
    expect(dated.types()).toMatchObject({ d: 'date' });
  });
});

describe('column hints from the config win over inference', () => {
  it('types a column and coerces values into it like dlt', () => {
    const { rows, types } = setup({ columns: { id: { data_type: 'text' }, created: { data_type: 'timestamp' }, 'Total Amount': { data_type: 'decimal' } } });
    const row = rows([{ id: 42, created: 1700000000, 'Total Amount': 12.5 }])[0];
    expect(row).toMatchObject({ id: '42', created: '2023-11-14T22:13:20.000Z', total_amount: '12.5' });
    expect(types()).toMatchObject({ id: 'text', created: 'timestamp', total_amount: 'decimal' });
    expect(rows([{ created: 'not a time' }])[0]).toMatchObject({ created__v_text: 'not a time' });
  });

  it('a json hint keeps nested data whole', () => {
    const { rows, schema } = setup({ columns: { payload: { data_type: 'json' } } });
    expect(rows([{ payload: { a: [1, { b: 2 }] } }])[0]).toMatchObject({ payload: { a: [1, { b: 2 }] } });
    expect(Object.keys(schema.tables)).toEqual(['items']);
  });

  it('hints without a type (partition, primary key) apply when the column appears', () => {
    const { rows, schema } = setup({ primary_key: ['ID'], columns: { region: { partition: true } } });
    rows([{ ID: 7, region: 'eu' }]);
    expect(schema.tables.items!.columns.id).toMatchObject({ data_type: 'bigint', primary_key: true, nullable: false });
    expect(schema.tables.items!.columns.region).toMatchObject({ data_type: 'text', partition: true });
  });
});

describe('a root table declared with typed column hints', () => {
  it('is created (and recorded) when the resource is added, with the hinted columns first', () => {
    const schema = newSchema('h');
    const normalizer = new Normalizer({ schema, loadId: '9' });
    normalizer.addResource({ resource: 'items', table_name: 'items', write_disposition: 'append', columns: { id: { data_type: 'bigint' } } });
    expect(normalizer.changes()).toEqual([
      { load_id: '9', table: 'items', kind: 'new_table' },
      { load_id: '9', table: 'items', kind: 'new_column', column: 'id', data_type: 'bigint' },
    ]);
    normalizer.normalize('items', [{ name: 'a', id: 1 }]);
    expect(Object.keys(schema.tables.items!.columns)).toEqual(['id', 'name', '_dlt_load_id', '_dlt_id']);
    expect(normalizer.changes().filter((c) => c.kind === 'new_table')).toHaveLength(1);
  });
});
