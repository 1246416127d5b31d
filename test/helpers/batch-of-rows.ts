import { TableBatch } from '../../core/normalize/table-batch';
import type { Row } from '../../core/schema/types';

/** The batch of the given row objects, columns in the order their keys first appear: for writing table files and
 *  columns lines in tests as the normalizer would. */
export function batchOfRows(rows: readonly Row[]): TableBatch {
  const names: string[] = [];
  const slots = new Map<string, number>();
  const batch = new TableBatch(names);
  for (const row of rows) {
    for (const [name, value] of Object.entries(row)) {
      let slot = slots.get(name);
      if (slot === undefined) {
        slot = names.length;
        names.push(name);
        slots.set(name, slot);
      }
      batch.write(slot, value);
    }
    batch.endRow();
  }
  return batch;
}
