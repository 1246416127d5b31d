import { describe, expect, it } from 'vitest';
import { TableBatch } from '../../../core/normalize/table-batch';
import { batchOfRows } from '../../helpers/batch-of-rows';

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
});
