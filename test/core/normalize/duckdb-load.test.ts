import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, describe, expect, it } from 'vitest';
import { Normalizer } from '../../../core/normalize';
import { newSchema } from '../../../core/schema';
import type { DataType } from '../../../core/schema';
import { githubIssues, hubspotContact, stripeCharge } from './fixtures/payloads';

// The SQL types a loader gives the schema's types (what dlt uses for DuckDB).
const SQL: Record<DataType, string> = {
  text: 'VARCHAR', bigint: 'BIGINT', double: 'DOUBLE', bool: 'BOOLEAN', timestamp: 'TIMESTAMPTZ', date: 'DATE',
  decimal: 'DECIMAL(38,9)', json: 'JSON', binary: 'BLOB',
};

const dir = mkdtempSync(join(tmpdir(), 'sluice-normalize-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('normalized rows load into a real DuckDB as NDJSON with the schema\'s types', () => {
  it('GitHub issues, a Stripe charge, a HubSpot contact, drift and variants', async () => {
    const schema = newSchema('load');
    const normalizer = new Normalizer({ schema, loadId: '1732590000.1' });
    normalizer.addResource({ resource: 'issues', table_name: 'issues', write_disposition: 'merge', primary_key: ['id'] });
    normalizer.addResource({ resource: 'charges', table_name: 'charges', write_disposition: 'append', columns: { amount: { data_type: 'decimal' } } });
    normalizer.addResource({ resource: 'contacts', table_name: 'contacts', write_disposition: 'append', max_table_nesting: 1 });
    const batches = [
      normalizer.normalize('issues', githubIssues),
      normalizer.normalize('issues', [{ id: 3, number: 'n/a', created_at: 'soon', labels: [{ name: 7 }] }]),
      normalizer.normalize('charges', [stripeCharge, { ...stripeCharge, id: 'ch_2', amount: '12.75' }]),
      normalizer.normalize('contacts', [hubspotContact]),
    ];
    const lines = new Map<string, string[]>();
    for (const batch of batches) for (const [table, rows] of batch) lines.set(table, [...(lines.get(table) ?? []), ...rows.map((r) => JSON.stringify(r))]);

    const db = await DuckDBInstance.create(':memory:');
    const connection = await db.connect();
    try {
      for (const [table, tableLines] of lines) {
        const columns = Object.values(schema.tables[table]!.columns);
        const file = join(dir, `${table}.ndjson`);
        writeFileSync(file, tableLines.join('\n') + '\n');
        await connection.run(`CREATE TABLE "${table}" (${columns.map((c) => `"${c.name}" ${SQL[c.data_type]}`).join(', ')})`);
        const spec = columns.map((c) => `'${c.name}': '${SQL[c.data_type]}'`).join(', ');
        await connection.run(`INSERT INTO "${table}" SELECT * FROM read_json('${file}', format = 'newline_delimited', columns = {${spec}})`);
        const count = await connection.runAndReadAll(`SELECT count(*) AS n FROM "${table}"`);
        expect(Number(count.getRowObjects()[0]!.n)).toBe(tableLines.length);
      }
      const issue = await connection.runAndReadAll(
        `SELECT number, number__v_text, created_at__v_text, epoch(created_at) AS created FROM issues ORDER BY id`);
      expect(issue.getRowObjectsJson()).toEqual([
        { number: '1347', number__v_text: null, created_at__v_text: null, created: 1303479228 },
        { number: '1348', number__v_text: null, created_at__v_text: null, created: 1303552800 },
        { number: null, number__v_text: 'n/a', created_at__v_text: 'soon', created: null },
      ]);
      const labels = await connection.runAndReadAll(
        'SELECT l.name, l.name__v_bigint FROM issues__labels l JOIN issues i ON l._dlt_root_id = i._dlt_id ORDER BY i.id, l._dlt_list_idx');
      expect(labels.getRowObjectsJson()).toEqual([
        { name: 'bug', name__v_bigint: null }, { name: 'p1', name__v_bigint: null }, { name: null, name__v_bigint: '7' },
      ]);
      const charges = await connection.runAndReadAll('SELECT amount::VARCHAR AS amount, metadata__campaign_source FROM charges ORDER BY id DESC');
      expect(charges.getRowObjectsJson()).toEqual([
        { amount: '1099.000000000', metadata__campaign_source: 'spring sale' },
        { amount: '12.750000000', metadata__campaign_source: 'spring sale' },
      ]);
      const contact = await connection.runAndReadAll(`SELECT associations__companies->>'$.paging.next.after' AS after FROM contacts`);
      expect(contact.getRowObjectsJson()).toEqual([{ after: 'MTA=' }]);
    } finally {
      connection.closeSync();
    }
  }, 30_000);
});
