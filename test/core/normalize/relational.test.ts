import { describe, expect, it } from 'vitest';
import { Normalizer } from '../../../core/normalize';
import { newSchema } from '../../../core/schema';
import type { Row, TableHints } from '../../../core/schema';

function normalize(records: unknown[], hints: Partial<TableHints> = {}, loadId = '1.1') {
  const schema = newSchema('rel');
  const normalizer = new Normalizer({ schema, loadId });
  normalizer.addResource({ resource: 'items', table_name: 'items', write_disposition: 'append', ...hints });
  return { schema, rows: normalizer.normalize('items', records) };
}

const strip = (rows: Row[] | undefined) => (rows ?? []).map((r) => Object.fromEntries(Object.entries(r).filter(([k]) => !k.startsWith('_dlt_'))));

describe('max_table_nesting', () => {
  const record = { id: 1, user: { name: 'a', address: { city: 'B', geo: { lat: 1 } } }, tags: ['x'], lines: [{ sku: 's', opts: [{ k: 1 }] }] };

  it('0 keeps every nested value in json columns', () => {
    const { schema, rows } = normalize([record], { max_table_nesting: 0 });
    expect(Object.keys(schema.tables)).toEqual(['items']);
    expect(strip(rows.get('items'))[0]).toEqual({ id: 1, user: record.user, tags: ['x'], lines: record.lines });
    expect(schema.tables.items!.columns.user!.data_type).toBe('json');
    expect(schema.tables.items!['x-normalizer']).toEqual({ max_nesting: 0 });
  });

  it('1 makes one level of nested tables; deeper values stay json (an object counts as a level, as in dlt)', () => {
    const { schema, rows } = normalize([record], { max_table_nesting: 1 });
    expect(Object.keys(schema.tables)).toEqual(['items', 'items__tags', 'items__lines']);
    expect(strip(rows.get('items'))[0]).toEqual({ id: 1, user__name: 'a', user__address: { city: 'B', geo: { lat: 1 } } });
    expect(strip(rows.get('items__lines'))[0]).toEqual({ sku: 's', opts: [{ k: 1 }] });
    expect(schema.tables.items__lines!.columns.opts!.data_type).toBe('json');
  });

  it('2 goes one level further', () => {
    const { schema, rows } = normalize([record], { max_table_nesting: 2 });
    expect(Object.keys(schema.tables)).toEqual(['items', 'items__tags', 'items__lines', 'items__lines__opts']);
    expect(strip(rows.get('items'))[0]).toMatchObject({ user__address__city: 'B', user__address__geo: { lat: 1 } });
  });

  it('unset means unlimited (dlt default 1000)', () => {
    const { schema } = normalize([record]);
    expect(Object.keys(schema.tables)).toEqual(['items', 'items__tags', 'items__lines', 'items__lines__opts']);
    expect(Object.keys(schema.tables.items!.columns)).toContain('user__address__geo__lat');
  });
});

describe('lists', () => {
  it('lists of scalars become a table with a value column, in order', () => {
    const { rows, schema } = normalize([{ tags: ['b', 'a', null, 'c'] }]);
    expect(rows.get('items__tags')!.map((r) => [r._dlt_list_idx, r.value])).toEqual([[0, 'b'], [1, 'a'], [2, undefined], [3, 'c']]);
    expect(Object.keys(schema.tables.items__tags!.columns)).toEqual(['value', '_dlt_parent_id', '_dlt_list_idx', '_dlt_id']);
  });

  it('lists of lists go through an intermediary row and a `list` table', () => {
    const { rows, schema } = normalize([{ matrix: [[1, 2], [3]] }]);
    expect(Object.keys(schema.tables)).toEqual(['items', 'items__matrix', 'items__matrix__list']);
    const mid = rows.get('items__matrix')!;
    expect(mid.map((r) => r._dlt_list_idx)).toEqual([0, 1]);
    const cells = rows.get('items__matrix__list')!;
    expect(cells.map((r) => [mid.findIndex((m) => m._dlt_id === r._dlt_parent_id), r._dlt_list_idx, r.value]))
      .toEqual([[0, 0, 1], [0, 1, 2], [1, 0, 3]]);
    expect(schema.tables.items__matrix__list!.parent).toBe('items__matrix');
  });

  it('mixed lists: objects and scalars side by side, a {"value": x} object apart from a scalar x', () => {
    const { rows, schema } = normalize([{ mix: [1, { value: 2, other: 'o' }, 'three'] }]);
    const cols = Object.keys(schema.tables.items__mix!.columns);
    expect(cols).toContain('value');
    expect(cols).toContain('other');
    const byIdx = rows.get('items__mix')!;
    expect(byIdx[0]).toMatchObject({ value: 1 });
    expect(byIdx[2]).toMatchObject({ value__v_text: 'three' });
    // the object's own "value" key never shares the column of the scalars
    const objectValueColumn = cols.find((c) => c.startsWith('value_') && !c.startsWith('value__v'))!;
    expect(byIdx[1]).toMatchObject({ [objectValueColumn]: 2, other: 'o' });
  });

  it('non-object records are wrapped as {"value": record} like dlt', () => {
    const { rows } = normalize([5, 'x', [1, 2]]);
    expect(strip(rows.get('items'))).toEqual([{ value: 5 }, { value__v_text: 'x' }, {}]);
    expect(rows.get('items__value')!.map((r) => r.value)).toEqual([1, 2]);
  });
});

describe('row ids and links', () => {
  it('every row has a _dlt_id (its table\'s 10-character prefix and its number); root rows carry _dlt_load_id; nested rows link to their parent', () => {
    const { rows } = normalize([{ a: [{ b: [1] }] }], {}, '1732590000.42');
    const root = rows.get('items')![0]!;
    const a = rows.get('items__a')![0]!;
    const b = rows.get('items__a__b')![0]!;
    for (const row of [root, a, b]) expect(row._dlt_id).toMatch(/^[A-Za-z0-9+/]{10}0$/);
    expect(root._dlt_load_id).toBe('1732590000.42');
    expect(a).not.toHaveProperty('_dlt_load_id');
    expect(a._dlt_parent_id).toBe(root._dlt_id);
    expect(b._dlt_parent_id).toBe(a._dlt_id);
    expect(a).not.toHaveProperty('_dlt_root_id');
  });

  it('ids count on from batch to batch of a table, and stay unique across the tables of a tree', () => {
    const schema = newSchema('rel');
    const normalizer = new Normalizer({ schema, loadId: '1.1' });
    normalizer.addResource({ resource: 'items', table_name: 'items', write_disposition: 'append' });
    const batches = [0, 1, 2].map((b) => normalizer.normalize('items', [{ id: b, tags: ['x', 'y'] }, { id: b + 10, tags: ['z'] }]));
    const items = batches.flatMap((rows) => rows.get('items')!);
    const tags = batches.flatMap((rows) => rows.get('items__tags')!);
    const prefix = (id: unknown): string => String(id).slice(0, 10);
    // one prefix per table, the row's number after it
    expect(new Set(items.map((r) => prefix(r._dlt_id))).size).toBe(1);
    expect(items.map((r) => String(r._dlt_id).slice(10))).toEqual(['0', '1', '2', '3', '4', '5']);
    expect(new Set(tags.map((r) => r._dlt_id)).size).toBe(9);
    expect(prefix(tags[0]!._dlt_id)).not.toBe(prefix(items[0]!._dlt_id));
    // every nested row points at its own record's row, in whichever batch
    for (const rows of batches) {
      for (const tag of rows.get('items__tags')!) expect(rows.get('items')!.some((item) => item._dlt_id === tag._dlt_parent_id)).toBe(true);
    }
  });

  it('a rerun of the same records gives new ids (a new prefix)', () => {
    const one = normalize([{ id: 1, tags: ['a'] }]).rows;
    const two = normalize([{ id: 1, tags: ['a'] }]).rows;
    expect(one.get('items')![0]!._dlt_id).not.toBe(two.get('items')![0]!._dlt_id);
    expect(one.get('items__tags')![0]!._dlt_id).not.toBe(two.get('items__tags')![0]!._dlt_id);
  });

  it('two records of one primary key in one load stay two rows, each with its own ids and nested rows', () => {
    // The merge keeps one of them and only that one's nested rows (through _dlt_root_id): ids from the key would
    // give both the same root id, and their nested rows the same ids, mixing the loser's lists into the winner's.
    const { rows } = normalize([{ id: 1, tags: ['a1', 'b1'] }, { id: 1, tags: ['z'] }], { write_disposition: 'merge', primary_key: ['id'] });
    const [first, second] = rows.get('items')!;
    expect(first!._dlt_id).not.toBe(second!._dlt_id);
    const tags = rows.get('items__tags')!;
    expect(tags.filter((t) => t._dlt_root_id === second!._dlt_id).map((t) => t.value)).toEqual(['z']);
    expect(tags.filter((t) => t._dlt_root_id === first!._dlt_id).map((t) => t.value)).toEqual(['a1', 'b1']);
    expect(new Set(tags.map((t) => t._dlt_id)).size).toBe(3);
  });

  it('merge tables put _dlt_root_id on every nested row, at any depth', () => {
    const { rows, schema } = normalize([{ id: 9, a: [{ b: [{ c: 1 }] }] }], { write_disposition: 'merge', primary_key: ['id'] });
    const rootId = rows.get('items')![0]!._dlt_id;
    expect(rows.get('items__a')![0]!._dlt_root_id).toBe(rootId);
    expect(rows.get('items__a__b')![0]!._dlt_root_id).toBe(rootId);
    expect(schema.tables.items__a__b!.columns._dlt_root_id).toMatchObject({ data_type: 'text', nullable: false });
  });
});

describe('collisions: two source keys never map silently to one column', () => {
  it('keys that normalize alike get distinct columns, each remembering its source', () => {
    const { rows, schema } = normalize([{ userName: 'camel', user_name: 'snake', 'user name': 'space', 'User-Name': 'dash' }]);
    const columns = Object.values(schema.tables.items!.columns).filter((c) => !c.name.startsWith('_dlt_'));
    expect(columns).toHaveLength(4);
    expect(columns[0]!.name).toBe('user_name');
    expect(new Set(columns.map((c) => c.name)).size).toBe(4);
    const row = rows.get('items')![0]!;
    for (const column of columns) {
      const source = column.source_path?.[0] ?? column.name;
      expect(row[column.name]).toBe({ userName: 'camel', user_name: 'snake', 'user name': 'space', 'User-Name': 'dash' }[source]);
    }
  });

  it('a flattened path and a key containing __ stay apart', () => {
    const { rows } = normalize([{ a: { b: 1 }, a__b: 2 }]);
    const row = rows.get('items')![0]!;
    expect(row.a__b).toBe(1);
    expect(Object.entries(row).filter(([k, v]) => k.startsWith('a__b_') && v === 2)).toHaveLength(1);
  });

  it('a data key named like a dlt column does not overwrite it', () => {
    const { rows } = normalize([{ _dlt_id: 'mine', _dlt_load_id: 'mine too' }], {}, '7.7');
    const row = rows.get('items')![0]!;
    expect(row._dlt_load_id).toBe('7.7');
    expect(row._dlt_id).not.toBe('mine');
    expect(Object.values(row).filter((v) => v === 'mine' || v === 'mine too')).toHaveLength(2);
  });

  it('a key named like a variant column stays apart from the variant', () => {
    const { rows, schema } = normalize([{ price: 1 }, { price: 'free', price__v_text: 'real key' }]);
    const row = rows.get('items')![1]!;
    expect(row.price__v_text).toBe('free');
    expect(schema.tables.items!.columns.price__v_text!.variant_of).toBe('price');
    expect(Object.values(row)).toContain('real key');
  });

  it('two lists whose keys normalize alike become two tables', () => {
    const { schema, rows } = normalize([{ Tags: ['A'], tags: ['a'] }]);
    const nested = Object.values(schema.tables).filter((t) => t.parent === 'items');
    expect(nested).toHaveLength(2);
    expect(nested.map((t) => t.source_path)).toEqual([['Tags'], ['tags']]);
    expect(rows.get(nested[0]!.name)![0]!.value).toBe('A');
    expect(rows.get(nested[1]!.name)![0]!.value).toBe('a');
  });
});

describe('batches', () => {
  it('returns tables parents first and holds no rows between calls', () => {
    const schema = newSchema('b');
    const normalizer = new Normalizer({ schema, loadId: '1' });
    normalizer.addResource({ resource: 'items', table_name: 'items', write_disposition: 'append' });
    const first = normalizer.normalize('items', [{ a: [{ b: [1] }] }]);
    expect([...first.keys()]).toEqual(['items', 'items__a', 'items__a__b']);
    const second = normalizer.normalize('items', [{ x: 1 }]);
    expect([...second.keys()]).toEqual(['items']);
    expect(second.get('items')).toHaveLength(1);
  });

  it('an unknown resource is an error listing the registered ones', () => {
    const normalizer = new Normalizer({ schema: newSchema('x'), loadId: '1' });
    normalizer.addResource({ resource: 'items', table_name: 'items', write_disposition: 'append' });
    expect(() => normalizer.normalize('nope', [])).toThrow('resource `nope` was not registered with addResource: valid resources are: items');
  });
});
