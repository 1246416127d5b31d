import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { parseCredentials, isLoopbackEndpoint } from '../../../core/destinations/bigquery/bigquery-credentials';
import { addColumnDdl, createTableDdl } from '../../../core/destinations/bigquery/bigquery-ddl';
import { bigQuerySettingsFromEnv } from '../../../core/destinations/bigquery/bigquery-settings';
import {
  bigQueryType, mergeRowCountsSql, mergeTransactionSql, quoteIdentifier, restoreStateSql, systemRowsSql, tableResource, truncateSql,
  type TableId,
} from '../../../core/destinations/bigquery/bigquery-sql';
import { planLoad } from '../../../core/destinations/load-plan';
import type { DataType } from '../../../core/schema/types';
import { col, issuesSchema, makeState, PIPELINE, rootDltColumns, table } from './fixtures';

const target = (t: string): TableId => ({ projectId: 'proj', datasetId: 'shop', tableId: t });
const staging = (t: string): TableId => ({ projectId: 'proj', datasetId: 'shop_staging', tableId: t });

function mergePlan(schema = issuesSchema('merge')) {
  const [plan] = planLoad({
    loadId: '1', pipelineName: PIPELINE, schema, state: makeState(1, null, 'shop'),
    tables: [{ table: 'issues', writeDisposition: 'merge', files: ['/tmp/a.jsonl'] }, { table: 'issues__labels', writeDisposition: 'merge', files: ['/tmp/b.jsonl'] }],
  });
  return plan!;
}

describe('BigQuery types', () => {
  it.each<[DataType, Partial<{ precision: number; scale: number }>, string]>([
    ['text', {}, 'STRING'], ['bigint', {}, 'INT64'], ['double', {}, 'FLOAT64'], ['bool', {}, 'BOOL'],
    ['timestamp', {}, 'TIMESTAMP'], ['date', {}, 'DATE'], ['json', {}, 'JSON'], ['binary', {}, 'BYTES'],
    ['decimal', {}, 'NUMERIC'], ['decimal', { precision: 20, scale: 4 }, 'NUMERIC(20, 4)'],
    ['decimal', { precision: 38, scale: 9 }, 'NUMERIC(38, 9)'], ['decimal', { precision: 50, scale: 20 }, 'BIGNUMERIC(50, 20)'],
  ])('%s %o → %s', (dataType, params, expected) => {
    const t = bigQueryType({ name: 'c', data_type: dataType, ...params });
    expect(t.precision ? `${t.type}(${t.precision}, ${t.scale})` : t.type).toBe(expected);
  });

  it('refuses a decimal wider than BIGNUMERIC', () => {
    expect(() => bigQueryType({ name: 'n', data_type: 'decimal', precision: 80, scale: 40 }, 't'))
      .toThrow("bigquery: mapping the schema failed (table `t`): column `n` is decimal(80,40); BigQuery's widest type BIGNUMERIC holds at most 38 integer digits and 38 decimals");
  });
});

describe('BigQuery DDL', () => {
  it('creates tables with REQUIRED columns, partitioning and clustering from hints', () => {
    const events = table('events', [
      col('id', 'bigint', { nullable: false, cluster: true }), col('at', 'timestamp', { partition: true }),
      col('kind', 'text', { cluster: true }), col('amount', 'decimal', { precision: 12, scale: 2 }), ...rootDltColumns(),
    ]);
    const resource = tableResource(target('events'), events);
    expect(resource.timePartitioning).toEqual({ type: 'DAY', field: 'at' });
    expect(resource.clustering).toEqual({ fields: ['id', 'kind'] });
    expect(createTableDdl(resource)).toMatchInlineSnapshot(`"CREATE TABLE \`proj.shop.events\` (\`id\` INT64 NOT NULL, \`at\` TIMESTAMP, \`kind\` STRING, \`amount\` NUMERIC(12, 2), \`_dlt_load_id\` STRING NOT NULL, \`_dlt_id\` STRING NOT NULL) PARTITION BY DATE(\`at\`) CLUSTER BY \`id\`, \`kind\`"`);
    const byInt = tableResource(target('t'), table('t', [col('day', 'bigint', { partition: true })]));
    expect(createTableDdl(byInt)).toMatchInlineSnapshot(`"CREATE TABLE \`proj.shop.t\` (\`day\` INT64) PARTITION BY RANGE_BUCKET(\`day\`, GENERATE_ARRAY(-172800000, 691200000, 86400))"`);
    expect(addColumnDdl(target('events'), { name: 'note', type: 'STRING', mode: 'NULLABLE' })).toMatchInlineSnapshot(`"ALTER TABLE \`proj.shop.events\` ADD COLUMN \`note\` STRING"`);
  });

  it.each([
    [[col('a', 'timestamp', { partition: true }), col('b', 'date', { partition: true })], '2 columns have the `partition` hint (`a`, `b`); BigQuery partitions a table by one column'],
    [[col('a', 'text', { partition: true })], 'partition column `a` is text; BigQuery partitions by a timestamp, date or bigint column'],
    [['a', 'b', 'c', 'd', 'e'].map((n) => col(n, 'text', { cluster: true })), '5 columns have the `cluster` hint; BigQuery clusters by at most 4 columns'],
    [[col('j', 'json', { cluster: true })], 'cluster column `j` is json; BigQuery cannot cluster by FLOAT64 or JSON columns'],
    [[col('quote"d', 'text')], 'column `quote"d` is not a valid BigQuery column name'],
    [[col('_TABLE_x', 'text')], 'not a valid BigQuery column name'],
    [[col('x'.repeat(301), 'text')], 'is 301 characters long; BigQuery allows at most 300'],
  ])('refuses hints and names BigQuery cannot take (%#)', (columns, message) => {
    expect(() => tableResource(target('t'), table('t', columns))).toThrow(message);
  });

  it('quotes identifiers with backticks, escaping backslash and backtick', () => {
    expect(quoteIdentifier('a b')).toBe('`a b`');
    expect(quoteIdentifier('x`y\\z')).toBe('`x\\`y\\\\z`');
    expect(truncateSql(target('from__group by'))).toBe('TRUNCATE TABLE `proj.shop.from__group by`');
  });
});

describe('BigQuery merge and system SQL (snapshots)', () => {
  it('merges on the primary key, latest row wins, nested rows replaced through _dlt_root_id', () => {
    const plan = mergePlan();
    expect(mergeTransactionSql(plan, target, staging, new Set(['issues__labels']))).toMatchSnapshot();
    expect(mergeRowCountsSql(plan, staging, ['issues__labels'])).toMatchSnapshot();
  });

  it('merges with primary and merge keys, dedup_sort and hard_delete', () => {
    const schema = issuesSchema('merge', { keys: 'both', extraColumns: [col('rank', 'bigint', { dedup_sort: 'desc' }), col('deleted', 'bool', { hard_delete: true })] });
    expect(mergeTransactionSql(mergePlan(schema), target, staging, new Set())).toMatchSnapshot();
  });

  it('merges on a merge key only (no deduplication)', () => {
    expect(mergeTransactionSql(mergePlan(issuesSchema('merge', { keys: 'merge' })), target, staging, new Set(['issues__labels']))).toMatchSnapshot();
  });

  it('writes the system tables last, in one transaction', () => {
    const tables = { loads: target('_dlt_loads'), state: target('_dlt_pipeline_state'), version: target('_dlt_version') };
    expect(systemRowsSql(tables, true)).toMatchSnapshot();
    expect(systemRowsSql(tables, false)).not.toContain('_dlt_pipeline_state');
    expect(restoreStateSql(tables.state, tables.loads)).toMatchSnapshot();
  });
});

describe('BigQuery credentials and settings', () => {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 1024 });
  const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();

  it('accepts a service-account JSON whole, with literal \\n in the key', () => {
    const creds = parseCredentials(JSON.stringify({ client_email: 'sa@p.iam.gserviceaccount.com', private_key: pem.replace(/\n/g, '\\n'), project_id: 'p' }));
    expect(creds.private_key).toBe(pem);
    expect(creds.project_id).toBe('p');
  });

  it.each([
    ['{not json', 'the BigQuery credentials are not valid JSON'],
    ['[1]', 'the BigQuery credentials must be a JSON object'],
    [JSON.stringify({ client_email: 'a@b' }), 'the BigQuery credentials lack `private_key`'],
    [JSON.stringify({ private_key: 'x' }), 'the BigQuery credentials lack `client_email`'],
    [JSON.stringify({ client_email: 'a@b', private_key: '-----BEGIN PRIVATE KEY-----\nnope\n-----END PRIVATE KEY-----' }), 'the `private_key` of the BigQuery credentials for `a@b` is not a valid PEM private key'],
  ])('refuses bad credentials before anything moves: %s', (value, message) => {
    expect(() => parseCredentials(value)).toThrow(message);
    expect(() => parseCredentials(value)).toThrow(/set DESTINATION__BIGQUERY__CREDENTIALS/);
  });

  it('reads dlt-style environment names, whole or field by field', () => {
    expect(bigQuerySettingsFromEnv({
      DESTINATION__BIGQUERY__PROJECT_ID: 'p', DESTINATION__BIGQUERY__LOCATION: 'EU', DESTINATION__BIGQUERY__API_ENDPOINT: 'http://127.0.0.1:9050',
      DESTINATION__BIGQUERY__CREDENTIALS__CLIENT_EMAIL: 'sa@x', DESTINATION__BIGQUERY__CREDENTIALS__PRIVATE_KEY: 'k',
    })).toEqual({ projectId: 'p', location: 'EU', apiEndpoint: 'http://127.0.0.1:9050', credentials: { client_email: 'sa@x', private_key: 'k' } });
    expect(bigQuerySettingsFromEnv({ DESTINATION__BIGQUERY__CREDENTIALS: '{"a":1}' }, { projectId: 'flag' })).toEqual({ projectId: 'flag', credentials: '{"a":1}' });
  });

  it.each([
    ['http://127.0.0.1:9050', true], ['http://127.1.2.3', true], ['http://localhost:1', true], ['http://[::1]:9050', true],
    ['https://bigquery.googleapis.com', false], ['http://10.0.0.1:9050', false], ['http://127.0.0.1.nip.io', false],
  ])('%s is loopback: %s', (url, loopback) => {
    expect(isLoopbackEndpoint(url)).toBe(loopback);
  });
});
