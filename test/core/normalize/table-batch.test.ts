import { describe, expect, it } from 'vitest';
import { TableBatch } from '../../../core/normalize/table-batch';
import { batchOfRows } from '../../helpers/batch-of-rows';
import { columnsLine } from '../../../core/destinations/table-file-format';
import { Normalizer } from '../../../core/normalize/normalizer';
import { newSchema } from '../../../core/schema';

describe('TableBatch', () => {
  it('holds rows by column, with gaps where a row has no value, and gives the rows back', () => {
    const names = ['id', 'note', 'late'];
    const batch = new TableBatch(names);
    batch.write(0, 1);
    batch.write(1, 'a');
    batch.endRow();
    batch.write(0, 2);
    batch.endRow();
    batch.write(2, true); // a column first written at row 3: rows before it have no value
    batch.endRow();
    expect(batch.rows).toBe(3);
    expect(batch.toRows()).toEqual([{ id: 1, note: 'a' }, { id: 2 }, { late: true }]);
    expect(JSON.parse(JSON.stringify(batch.columns()))).toEqual({ id: [1, 2, null], note: ['a', null, null], late: [null, null, true] });
    expect(JSON.parse(JSON.stringify(batch.columns(1, 3)))).toEqual({ id: [2, null], late: [null, true] });
  });

  it('drops the row being written, and a column only that row had', () => {
    const batch = new TableBatch(['id', 'bad']);
    batch.write(0, 1);
    batch.endRow();
    batch.write(0, 2);
    batch.write(1, 'dropped');
    batch.dropRow();
    batch.write(0, 3);
    batch.endRow();
    expect(batch.toRows()).toEqual([{ id: 1 }, { id: 3 }]);
    expect(Object.keys(batch.columns())).toEqual(['id']);
  });

  it('is made from row objects (the tests\' batchOfRows), columns in the order their keys first appear', () => {
    const batch = batchOfRows([{ b: 1 }, { a: 'x', b: 2 }]);
    expect(batch.names).toEqual(['b', 'a']);
    expect(batch.toRows()).toEqual([{ b: 1 }, { a: 'x', b: 2 }]);
  });

  it('derives row ids, references to another table\'s ids and the load id from one value per line', () => {
    const batch = new TableBatch(['value', '_dlt_parent_id', '_dlt_id', '_dlt_load_id']);
    for (const [value, parent] of [['a', 7], ['b', 7], ['c', 8]] as const) {
      batch.write(0, value);
      batch.write(1, parent);
      batch.endRow();
    }
    batch.deriveReferences(1, 'ParentPfx_');
    batch.deriveIds(2, 'ChildPfx__', 40);
    batch.deriveConstant(3, '1732590000.5');
    expect(batch.toRows()).toEqual([
      { value: 'a', _dlt_parent_id: 'ParentPfx_7', _dlt_id: 'ChildPfx__40', _dlt_load_id: '1732590000.5' },
      { value: 'b', _dlt_parent_id: 'ParentPfx_7', _dlt_id: 'ChildPfx__41', _dlt_load_id: '1732590000.5' },
      { value: 'c', _dlt_parent_id: 'ParentPfx_8', _dlt_id: 'ChildPfx__42', _dlt_load_id: '1732590000.5' },
    ]);
    // the file line holds each derived column once; a line of later rows numbers on from its first row
    expect(JSON.parse(columnsLine(batch, 1, 3))).toEqual({
      value: ['b', 'c'],
      '#_dlt_parent_id': { prefix: 'ParentPfx_', numbers: [7, 8] },
      '#_dlt_id': { prefix: 'ChildPfx__', first: 41 },
      '#_dlt_load_id': { value: '1732590000.5' },
      '#rows': 2,
    });
    expect(batch.columns(1, 3)).toEqual({
      value: ['b', 'c'], _dlt_parent_id: ['ParentPfx_7', 'ParentPfx_8'], _dlt_id: ['ChildPfx__41', 'ChildPfx__42'],
      _dlt_load_id: ['1732590000.5', '1732590000.5'],
    });
  });

  it('a normalized batch read back from its file lines, split anywhere, gives the rows the normalizer gave', () => {
    const normalizer = new Normalizer({ schema: newSchema('lines'), loadId: '1732590000.7' });
    normalizer.addResource({ resource: 'items', table_name: 'items', write_disposition: 'merge', primary_key: ['id'] });
    const records = Array.from({ length: 7 }, (_, i) => ({ id: i, tags: Array.from({ length: i % 3 }, (_, j) => `t${j}`), lines: [{ sku: `s${i}`, opts: [i] }] }));
    for (const [table, batch] of normalizer.normalizeBatch('items', records)) {
      const rows = batch.toRows();
      for (const split of [0, 1, Math.floor(batch.rows / 2), batch.rows - 1]) {
        const lines = [columnsLine(batch, 0, split), columnsLine(batch, split)].map((line) => JSON.parse(line) as Record<string, unknown>);
        const back = lines.flatMap((line) => TableBatch.fromColumns(line).toRows());
        expect(back, `${table} split at ${split}`).toEqual(rows);
      }
    }
  });
});
