import { describe, expect, it } from 'vitest';
import { isSluiceError, SchemaContractError } from '../../../core/errors';
import { Normalizer } from '../../../core/normalize';
import { newSchema } from '../../../core/schema';
import type { ContractMode, Schema, SchemaContract } from '../../../core/schema';

/** A schema that already has `items(id bigint, name text)` and `items__tags(value text)` from an earlier load. */
function existing(): Schema {
  const schema = newSchema('contracts');
  const first = new Normalizer({ schema, loadId: '1' });
  first.addResource({ resource: 'items', table_name: 'items', write_disposition: 'append' });
  first.normalize('items', [{ id: 1, name: 'a', tags: ['x'] }]);
  return schema;
}

function next(contract: SchemaContract | ContractMode, primaryKey?: string[]) {
  const schema = existing();
  const normalizer = new Normalizer({ schema, loadId: '2' });
  normalizer.addResource({ resource: 'items', table_name: 'items', write_disposition: 'append', schema_contract: contract, primary_key: primaryKey });
  return { schema, normalizer };
}

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}

describe('schema_contract', () => {
  it('evolve (default) adds tables, columns and variants', () => {
    const { normalizer, schema } = next('evolve');
    const out = normalizer.normalize('items', [{ id: 'x', extra: true, parts: [{ n: 1 }] }]);
    expect(out.get('items')![0]).toMatchObject({ id__v_text: 'x', extra: true });
    expect(Object.keys(schema.tables)).toContain('items__parts');
  });

  describe('freeze', () => {
    it('a new column is an error naming the table, the column, the value type and the record key', () => {
      const { normalizer } = next({ columns: 'freeze' }, ['id']);
      const error = thrown(() => normalizer.normalize('items', [{ id: 1, name: 'a' }, { id: 7, name: 'b', color: 'red' }]));
      expect(error).toBeInstanceOf(SchemaContractError);
      expect(isSluiceError(error) && error.code).toBe('SCHEMA_CONTRACT');
      expect((error as Error).message).toBe(
        'schema contract `freeze` rejected new column `color` (text) in table `items` in record id=7: expected only existing columns, got a change (at `resources.items.schema_contract.columns`)');
      expect((error as SchemaContractError).violation).toEqual({ entity: 'columns', table: 'items', column: 'color', dataType: 'text', recordKey: 'id=7', resource: 'items' });
    });

    it('a value of another type is an error (data_type)', () => {
      const { normalizer } = next({ data_type: 'freeze' });
      const error = thrown(() => normalizer.normalize('items', [{ id: 'abc' }])) as SchemaContractError;
      expect(error.violation).toMatchObject({ entity: 'data_type', table: 'items', column: 'id', dataType: 'text', recordKey: '#0 of the batch' });
      expect(error.message).toContain('a text value for column `id` in table `items`');
    });

    it('a new nested table is an error (tables)', () => {
      const { normalizer } = next({ tables: 'freeze' });
      const error = thrown(() => normalizer.normalize('items', [{ id: 1, parts: [{ n: 1 }] }])) as SchemaContractError;
      expect(error.violation).toMatchObject({ entity: 'tables', table: 'items__parts' });
      expect(error.message).toContain('new table `items__parts`');
    });

    it('data that fits the schema passes', () => {
      const { normalizer, schema } = next('freeze');
      const before = JSON.stringify(schema.tables);
      const out = normalizer.normalize('items', [{ id: 2, name: 'b', tags: ['y', 'z'] }]);
      expect(out.get('items__tags')).toHaveLength(2);
      expect(JSON.stringify(schema.tables)).toBe(before);
    });

    it('a brand-new resource table under freeze is refused', () => {
      const schema = newSchema('x');
      const normalizer = new Normalizer({ schema, loadId: '1' });
      normalizer.addResource({ resource: 'items', table_name: 'items', write_disposition: 'append', schema_contract: 'freeze' });
      expect((thrown(() => normalizer.normalize('items', [{ id: 1 }])) as SchemaContractError).violation.entity).toBe('tables');
    });
  });

  describe('discard_row', () => {
    it('drops a record that brings a new column, keeps the others', () => {
      const { normalizer, schema } = next({ columns: 'discard_row' });
      const out = normalizer.normalize('items', [{ id: 1 }, { id: 2, color: 'red', tags: ['t'] }, { id: 3 }]);
      expect(out.get('items')!.map((r) => r.id)).toEqual([1, 3]);
      expect(out.get('items__tags')).toBeUndefined();
      expect(schema.tables.items!.columns.color).toBeUndefined();
    });

    it('leaves nothing of a dropped record in the row after it', () => {
      const { normalizer } = next({ columns: 'discard_row' });
      // `name` is written before `color` drops the record; the next record has no name
      const out = normalizer.normalize('items', [{ id: 1, name: 'a' }, { id: 2, name: 'b', color: 'red' }, { id: 3 }]);
      expect(out.get('items')!.map(({ id, name }) => ({ id, name }))).toEqual([{ id: 1, name: 'a' }, { id: 3, name: undefined }]);
      expect(Object.keys(out.get('items')![1]!).sort()).toEqual(['_dlt_id', '_dlt_load_id', 'id']);
    });

    it('drops a record with a value of another type', () => {
      const { normalizer } = next({ data_type: 'discard_row' });
      const out = normalizer.normalize('items', [{ id: 'x' }, { id: 4 }]);
      expect(out.get('items')!.map((r) => r.id)).toEqual([4]);
    });

    it('drops only the nested rows of a new nested table', () => {
      const { normalizer, schema } = next({ tables: 'discard_row' });
      const out = normalizer.normalize('items', [{ id: 5, parts: [{ n: 1 }], tags: ['ok'] }]);
      expect(out.get('items')!.map((r) => r.id)).toEqual([5]);
      expect(out.get('items__tags')!.map((r) => r.value)).toEqual(['ok']);
      expect(schema.tables.items__parts).toBeUndefined();
    });

    it('a nested row with a new column is dropped with its children, its parent stays', () => {
      const schema = newSchema('n');
      const first = new Normalizer({ schema, loadId: '1' });
      first.addResource({ resource: 'items', table_name: 'items', write_disposition: 'append' });
      first.normalize('items', [{ id: 1, parts: [{ n: 1, sub: [1] }] }]);
      const second = new Normalizer({ schema, loadId: '2' });
      second.addResource({ resource: 'items', table_name: 'items', write_disposition: 'append', schema_contract: { columns: 'discard_row' } });
      const out = second.normalize('items', [{ id: 2, parts: [{ n: 2, sub: [2] }, { n: 3, bad: true, sub: [3] }] }]);
      expect(out.get('items')).toHaveLength(1);
      expect(out.get('items__parts')!.map((r) => r.n)).toEqual([2]);
      expect(out.get('items__parts__sub')!.map((r) => r.value)).toEqual([2]);
    });
  });

  describe('discard_value', () => {
    it('drops the value of a new column, keeps the row', () => {
      const { normalizer, schema } = next({ columns: 'discard_value' });
      const out = normalizer.normalize('items', [{ id: 1, color: 'red', name: 'n' }]);
      expect(out.get('items')![0]).toMatchObject({ id: 1, name: 'n' });
      expect(out.get('items')![0]).not.toHaveProperty('color');
      expect(schema.tables.items!.columns.color).toBeUndefined();
    });

    it('drops a value of another type, keeps the row', () => {
      const { normalizer, schema } = next({ data_type: 'discard_value' });
      const out = normalizer.normalize('items', [{ id: 'x', name: 'kept' }]);
      expect(out.get('items')![0]).toMatchObject({ name: 'kept' });
      expect(out.get('items')![0]).not.toHaveProperty('id__v_text');
      expect(schema.tables.items!.columns.id__v_text).toBeUndefined();
    });

    it('for tables acts like discard_row: the new table gets no rows', () => {
      const { normalizer, schema } = next({ tables: 'discard_value' });
      const out = normalizer.normalize('items', [{ id: 1, parts: [{ n: 1 }] }]);
      expect(out.get('items')).toHaveLength(1);
      expect(schema.tables.items__parts).toBeUndefined();
    });
  });

  it('columns of a table created by the same record are part of the new table, not new columns', () => {
    const schema = newSchema('x');
    const normalizer = new Normalizer({ schema, loadId: '1' });
    normalizer.addResource({ resource: 'items', table_name: 'items', write_disposition: 'append', schema_contract: { tables: 'evolve', columns: 'freeze' } });
    normalizer.normalize('items', [{ id: 1, name: 'a' }]);
    expect(() => normalizer.normalize('items', [{ id: 2, other: 1 }])).toThrow(SchemaContractError);
  });
});
