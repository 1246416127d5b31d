import { describe, expect, it } from 'vitest';
import { Normalizer } from '../../../core/normalize';
import { newSchema } from '../../../core/schema';
// @ts-expect-error plain JS module shared by every benchmark, no types
import { record } from '../../../../shared/bench/anchor-data.mjs';

describe('the anchor workload (the records dlt was benchmarked on)', () => {
  it('gives dlt\'s tables and about 7 rows per record', () => {
    const schema = newSchema('anchor');
    const normalizer = new Normalizer({ schema, loadId: '1' });
    normalizer.addResource({ resource: 'items', table_name: 'items', write_disposition: 'append' });
    const records = Array.from({ length: 2000 }, (_, i) => (record as (i: number) => unknown)(i + 1));
    const out = normalizer.normalize('items', records);
    const types = (t: string) => Object.fromEntries(Object.values(schema.tables[t]!.columns).map((c) => [c.name, c.data_type]));
    expect(types('items')).toEqual({
      id: 'bigint', updated_at: 'timestamp', name: 'text', price: 'double', active: 'bool', customer__id: 'bigint',
      customer__email: 'text', customer__address__city: 'text', customer__address__zip: 'text', _dlt_load_id: 'text', _dlt_id: 'text',
    });
    expect(types('items__tags')).toEqual({ value: 'text', _dlt_parent_id: 'text', _dlt_list_idx: 'bigint', _dlt_id: 'text' });
    expect(types('items__lines')).toEqual({ sku: 'text', qty: 'bigint', amount: 'double', _dlt_parent_id: 'text', _dlt_list_idx: 'bigint', _dlt_id: 'text' });
    expect(out.get('items')).toHaveLength(2000);
    expect(out.get('items__tags')).toHaveLength(6000);
    const lines = out.get('items__lines')!.length;
    // dlt: 249,839 lines for 100,000 records (2 or 3 per record)
    expect(lines).toBeGreaterThan(4000);
    expect(lines).toBeLessThan(6000);
  });
});
