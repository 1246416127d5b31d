import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  columnsLine, formatOfFiles, tableFileFormatOf, tableFileSuffix,
} from '../../../core/destinations/table-file-format';
import { tableFileRows } from '../../../core/destinations/table-file-rows';
import type { Row } from '../../../core/schema/types';
import { TableBatch } from '../../../core/normalize/table-batch';
import { batchOfRows } from '../../helpers/batch-of-rows';

const dir = mkdtempSync(join(tmpdir(), 'sluice-table-files-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('table file formats', () => {
  it('tell the format from the part name, whatever the table is called', () => {
    expect(tableFileFormatOf('/p/normalized/items.0000.ndjson')).toBe('jsonl');
    expect(tableFileFormatOf('/p/normalized/items.0003.columns.ndjson')).toBe('jsonl_columns');
    expect(tableFileFormatOf('/p/normalized/items.s0001.columns.ndjson')).toBe('jsonl_columns');
    // a table named like the suffix is still told apart by the part number before the ending
    expect(tableFileFormatOf(`/p/normalized/a.columns.0000${tableFileSuffix('jsonl')}`)).toBe('jsonl');
    expect(() => formatOfFiles(['a.0000.ndjson', 'a.0001.columns.ndjson'])).toThrow(/two formats.*a\.0001\.columns\.ndjson/);
  });

  it('a columns line lists each column once, null where a row has no value, and leaves out columns no row has', () => {
    const rows: Row[] = [{ id: 1, name: 'a', unused: undefined, _dlt_id: 'x' }, { id: 2, tags: { k: [1] }, _dlt_id: 'y' }, { id: 3, _dlt_id: 'z' }];
    expect(JSON.parse(columnsLine(batchOfRows(rows)))).toEqual({
      id: [1, 2, 3], name: ['a', null, null], tags: [null, { k: [1] }, null], _dlt_id: ['x', 'y', 'z'], '#rows': 3,
    });
    // a line of some of the rows: only the columns those rows have
    expect(JSON.parse(columnsLine(batchOfRows(rows), 2, 3))).toEqual({ id: [3], _dlt_id: ['z'], '#rows': 1 });
  });

  it('gives back the rows it was made from', () => {
    const value = fc.oneof(fc.string(), fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.boolean(),
      fc.constant(undefined), fc.dictionary(fc.string(), fc.integer()));
    fc.assert(fc.property(fc.array(fc.record({ a: value, 'b c': value, 'é': value, _dlt_id: fc.string() }), { minLength: 1, maxLength: 30 }), (records) => {
      const rows = records.map((r) => Object.fromEntries(Object.entries(r).filter(([, v]) => v !== undefined)) as Row);
      const back = TableBatch.fromColumns(JSON.parse(columnsLine(batchOfRows(rows))) as Record<string, unknown[]>).toRows();
      expect(back).toEqual(JSON.parse(JSON.stringify(rows)));
    }));
  });

  it('a destination that loads a row per line reads either format as the same rows, and names a damaged line', async () => {
    const rows: Row[] = [{ id: 1, note: 'é' }, { id: 2 }, { id: 3, note: 'line\nbreak' }];
    const jsonl = join(dir, 't.0000.ndjson');
    writeFileSync(jsonl, rows.map((r) => `${JSON.stringify(r)}\n`).join(''));
    const columns = join(dir, 't.0000.columns.ndjson');
    writeFileSync(columns, `${columnsLine(batchOfRows(rows), 0, 2)}\n\n${columnsLine(batchOfRows(rows), 2)}\n`);
    const read = async (file: string): Promise<unknown[]> => {
      const out: unknown[] = [];
      for await (const text of tableFileRows(file)) out.push(JSON.parse(text));
      return out;
    };
    expect(await read(jsonl)).toEqual(rows);
    expect(await read(columns)).toEqual(rows);
    const damaged = join(dir, 'd.0000.columns.ndjson');
    writeFileSync(damaged, `${columnsLine(batchOfRows(rows.map((r) => ({ id: r.id }))))}\n{"id":[1,`);
    await expect(read(damaged)).rejects.toThrow(`line 2 of table file ${damaged} is not valid JSON`);
  });
});
