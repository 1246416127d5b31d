import { describe, expect, it } from 'vitest';
import { insertFromFilesSql, mergeNestedInsertSql, mergeSql } from '../../../../core/destinations/duckdb/duckdb-load-sql';
import { planLoad } from '../../../../core/destinations/load-plan';
import { PIPELINE, col, issuesSchema, makeState, table } from '../fixtures';

const ds = { catalog: 'db', schema: 'my ds' };
const staging = { catalog: 'db', schema: 'my ds_staging' };

describe('DuckDB load SQL', () => {
  it('reads files with typed columns, decodes binary and parses wide decimals through the fast path', () => {
    const t = table('t"x', [col('a b', 'text'), col("it's", 'binary'), col('n', 'decimal'), col('m', 'decimal', { precision: 10, scale: 2 })]);
    expect(insertFromFilesSql(ds, t, ["/tmp/o'neil.jsonl"])).toBe(
      'INSERT INTO "db"."my ds"."t""x" ("a b", "it\'s", "n", "m") SELECT "a b", from_base64("it\'s") AS "it\'s", ' +
        'COALESCE(TRY_CAST("n" AS DECIMAL(18,9))::DECIMAL(38,9), "n"::DECIMAL(38,9)) AS "n", "m" ' +
        "FROM read_json(['/tmp/o''neil.jsonl'], columns={'a b': 'VARCHAR', 'it''s': 'VARCHAR', 'n': 'VARCHAR', 'm': 'DECIMAL(10,2)'}, " +
        "format='newline_delimited', records=true, maximum_object_size=268435456)",
    );
  });

  it('merges with dedup, both keys, nested deletes through _dlt_root_id and hard deletes', () => {
    const schema = issuesSchema('merge', { keys: 'both', extraColumns: [col('rank', 'bigint', { dedup_sort: 'desc' }), col('deleted', 'bool', { hard_delete: true })] });
    const [plan] = planLoad({ loadId: '1', pipelineName: PIPELINE, schema, state: makeState(1, null, 'd'), tables: [
      { table: 'issues', writeDisposition: 'merge', files: ['/f/issues.jsonl'] },
      { table: 'issues__labels', writeDisposition: 'merge', files: ['/f/labels.jsonl'] },
    ] });
    const sql = mergeSql(ds, staging, plan!).map((s) => s.replace(/read_json\(.*\)\) AS s/, 'read_json(…)) AS s'));
    const matched = '(EXISTS (SELECT 1 FROM "db"."my ds_staging"."issues" AS s WHERE s."id" = d."id") OR ' +
      'EXISTS (SELECT 1 FROM "db"."my ds_staging"."issues" AS s WHERE s."repo" = d."repo"))';
    expect(sql).toEqual([
      'CREATE OR REPLACE TABLE "db"."my ds_staging"."issues" AS SELECT "id", "title", "updated_at", "repo", "rank", "deleted", "_dlt_load_id", "_dlt_id" ' +
        'FROM (SELECT "id", "title", "updated_at", "repo", "rank", "deleted", "_dlt_load_id", "_dlt_id", row_number() OVER () AS _sluice_seq FROM read_json(…)) AS s ' +
        'QUALIFY row_number() OVER (PARTITION BY "id" ORDER BY "rank" DESC NULLS LAST, _sluice_seq DESC) = 1',
      `DELETE FROM "db"."my ds"."issues__labels" WHERE "_dlt_root_id" IN (SELECT d."_dlt_id" FROM "db"."my ds"."issues" AS d WHERE ${matched})`,
      `DELETE FROM "db"."my ds"."issues" AS d WHERE ${matched}`,
      'INSERT INTO "db"."my ds"."issues" ("id", "title", "updated_at", "repo", "rank", "deleted", "_dlt_load_id", "_dlt_id") ' +
        'SELECT "id", "title", "updated_at", "repo", "rank", "deleted", "_dlt_load_id", "_dlt_id" FROM "db"."my ds_staging"."issues" AS s WHERE NOT (s."deleted" IS TRUE)',
    ]);
    expect(mergeNestedInsertSql(ds, staging, plan!, plan!.nested[0]!.schema, ['/f/labels.jsonl'])).toMatch(
      /WHERE "_dlt_root_id" IN \(SELECT s\."_dlt_id" FROM "db"\."my ds_staging"\."issues" AS s WHERE NOT \(s\."deleted" IS TRUE\)\)$/,
    );
  });
});
