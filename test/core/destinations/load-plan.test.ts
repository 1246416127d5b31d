import { describe, expect, it } from 'vitest';
import { planLoad } from '../../../core/destinations/load-plan';
import type { PackageLoadJob, TableLoadJob } from '../../../core/destinations/destination';
import { PIPELINE, col, issuesSchema, makeSchema, makeState, nestedDltColumns, rootDltColumns, table } from './fixtures';

function job(schema: PackageLoadJob['schema'], tables: TableLoadJob[]): PackageLoadJob {
  return { loadId: '1', pipelineName: PIPELINE, schema, tables, state: makeState(1, null, 'ds') };
}

describe('planLoad', () => {
  it('groups nested tables under their root and lists every nested table of a replace root', () => {
    const schema = issuesSchema('replace');
    const [plan, ...rest] = planLoad(job(schema, [{ table: 'issues', writeDisposition: 'replace', files: ['a.jsonl'] }]));
    expect(rest).toEqual([]);
    expect(plan?.root.schema.name).toBe('issues');
    expect(plan?.nested.map((n) => [n.schema.name, n.files])).toEqual([['issues__labels', []]]);
    expect(plan?.disposition).toBe('replace');
  });

  it('leaves nested tables without files out of an append', () => {
    const plan = planLoad(job(issuesSchema('append'), [{ table: 'issues', writeDisposition: 'append', files: ['a.jsonl'] }]))[0];
    expect(plan?.nested).toEqual([]);
  });

  it('reads merge hints from the root columns and appends a merge without keys', () => {
    const schema = issuesSchema('merge', { keys: 'both', extraColumns: [col('rank', 'bigint', { dedup_sort: 'asc' }), col('deleted', 'bool', { hard_delete: true })] });
    const plan = planLoad(job(schema, [{ table: 'issues', writeDisposition: 'merge', files: ['a.jsonl'] }]))[0];
    expect(plan).toMatchObject({ disposition: 'merge', primaryKey: ['id'], mergeKey: ['repo'], dedupSort: { column: 'rank', order: 'asc' } });
    expect(plan?.hardDelete?.name).toBe('deleted');
    const keyless = planLoad(job(issuesSchema('merge', { keys: 'none' }), [{ table: 'issues', writeDisposition: 'merge', files: ['a.jsonl'] }]))[0];
    expect(keyless?.disposition).toBe('append');
  });

  it('skips a root the schema knows only by name and refuses unknown and system tables', () => {
    const empty = makeSchema([table('later', [], { write_disposition: 'replace' })]);
    expect(planLoad(job(empty, [{ table: 'later', writeDisposition: 'replace', files: [] }]))).toEqual([]);
    const schema = makeSchema([table('t', [col('a', 'text'), ...rootDltColumns()]), table('t__x', nestedDltColumns(false), { parent: 't' })]);
    expect(() => planLoad(job(schema, [{ table: 'nope', writeDisposition: 'append', files: [] }]))).toThrow(/table `nope` \(or one of its parents\) is not in schema `suite_source`/);
    expect(() => planLoad(job(schema, [{ table: '_dlt_loads', writeDisposition: 'append', files: [] }]))).toThrow(/`_dlt_loads` is a system table/);
  });
});
