import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tableFileRows } from '../../../core/destinations/table-file-rows';
import type { TableFileFormat } from '../../../core/destinations/table-file-format';
import { LoadPackage } from '../../../core/pipeline/load-package';
import { PackageNormalizer } from '../../../core/pipeline/package-normalizer';
import { newSchema } from '../../../core/schema';

const root = mkdtempSync(join(tmpdir(), 'sluice-package-normalizer-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Normalizes one batch into a fresh package in `format`; the rows of each table as written, and its files. */
async function normalizeOnce(format: TableFileFormat, records: Record<string, unknown>[]): Promise<Map<string, { files: string[]; rows: Record<string, unknown>[] }>> {
  const pkg = new LoadPackage(join(root, format), '1700000000.000001', 'p');
  mkdirSync(pkg.normalizedDir, { recursive: true });
  const normalizer = new PackageNormalizer(pkg, newSchema('p'), pkg.loadId, 65536, [{ resource: 'items', table_name: 'items', write_disposition: 'append' }], {}, undefined, { format });
  await normalizer.push('items', records);
  const { jobs } = await normalizer.finish();
  const out = new Map<string, { files: string[]; rows: Record<string, unknown>[] }>();
  for (const job of jobs) {
    const files = job.files.map((f) => pkg.tableFile(f));
    const rows: Record<string, unknown>[] = [];
    for (const file of files) for await (const text of tableFileRows(file)) rows.push(JSON.parse(text) as Record<string, unknown>);
    out.set(job.table, { files, rows });
  }
  return out;
}

describe('PackageNormalizer table files', () => {
  it('writes the same rows in either format; a batch of columns is cut into lines of at most 10,000 rows', async () => {
    const records = Array.from({ length: 4_000 }, (_, i) => ({ id: i, name: i % 3 === 0 ? undefined : `n${i}`, tags: ['a', 'b', 'c', 'd', 'e', 'f'] }));
    const jsonl = await normalizeOnce('jsonl', records);
    const columns = await normalizeOnce('jsonl_columns', records);
    const strip = (rows: Record<string, unknown>[]): unknown[] => rows.map(({ _dlt_id, _dlt_parent_id, ...rest }) => rest);
    for (const table of ['items', 'items__tags']) {
      expect(strip(columns.get(table)!.rows)).toEqual(strip(jsonl.get(table)!.rows));
    }
    expect(columns.get('items')!.rows).toHaveLength(4_000);
    expect(columns.get('items__tags')!.rows).toHaveLength(24_000);
    // one line for the root table's 4,000 rows, three for the 24,000 tag rows
    const lines = (file: string): number => readFileSync(file, 'utf8').split('\n').filter(Boolean).length;
    expect(columns.get('items')!.files.map(lines)).toEqual([1]);
    expect(columns.get('items__tags')!.files.map(lines)).toEqual([3]);
    expect(columns.get('items__tags')!.files[0]).toMatch(/items__tags\.0000\.columns\.ndjson$/);
    expect(jsonl.get('items__tags')!.files[0]).toMatch(/items__tags\.0000\.ndjson$/);
  });
});
