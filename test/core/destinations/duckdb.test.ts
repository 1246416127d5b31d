import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DuckDbDestination } from '../../../core/destinations/duckdb/duckdb-destination';
import { describeDestination } from './destination-suite';

const root = mkdtempSync(join(tmpdir(), 'sluice-duckdb-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describeDestination('duckdb (file database)', (dataset) => new DuckDbDestination({ path: join(root, `db_${dataset}.duckdb`), datasetName: dataset }));

describe('DuckDbDestination', () => {
  it('creates the database file on open', async () => {
    const path = join(root, 'nested', 'dir', 'x.duckdb');
    const dest = new DuckDbDestination({ path, datasetName: 'ds' });
    await dest.open();
    await dest.ensureDataset();
    await dest.close();
    expect(existsSync(path)).toBe(true);
  });
});
