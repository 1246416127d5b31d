/**
 * Normalizer throughput on one core: flat rows, GitHub-issue-like nested records, and the anchor workload
 * (the exact records dlt was benchmarked on, from ../../shared/bench/anchor-data.mjs).
 * Usage: npm run bench:normalize [-- --records 100000]. Last line: one JSON object with the figures.
 * Time is this process's CPU time inside `normalize()` (the machine is shared, so wall time would measure the
 * neighbours), batches of 1000 generated outside the timed part; median of 3 rounds.
 */
import { Normalizer } from '../core/normalize';
import { newSchema } from '../core/schema';
import type { TableHints } from '../core/schema';
// @ts-expect-error plain JS module outside the project, no types
import { record as anchorRecord } from '../../shared/bench/anchor-data.mjs';

const argIndex = process.argv.indexOf('--records');
const N = argIndex > 0 ? Number(process.argv[argIndex + 1]) : 200_000;
const BATCH = 1000;

function flatRecord(i: number): Record<string, unknown> {
  return {
    id: i, name: `row-${i}`, price: (i % 1000) / 7, active: i % 3 === 0, created_at: '2024-03-01T10:00:00Z',
    qty: i % 17, sku: `SKU-${i % 5000}`, note: i % 10 === 0 ? null : 'ok',
  };
}

const LABELS = ['bug', 'enhancement', 'question', 'p1', 'p2', 'docs'];
function issueRecord(i: number): Record<string, unknown> {
  const user = { login: `user${i % 300}`, id: i % 300, node_id: `MDQ6VXNlcj${i % 300}`, type: 'User', site_admin: false, html_url: `https://github.com/user${i % 300}` };
  const issue: Record<string, unknown> = {
    url: `https://api.github.com/repos/o/r/issues/${i}`, id: 1_000_000 + i, node_id: `I_kw${i}`, number: i,
    title: `Issue number ${i}`, user, state: i % 4 === 0 ? 'closed' : 'open', locked: false,
    labels: LABELS.slice(0, i % 3).map((name, j) => ({ id: j + 1, node_id: `LA_${j}`, name, color: 'ededed', default: j === 0 })),
    assignee: i % 2 === 0 ? user : null, assignees: i % 2 === 0 ? [user] : [], milestone: null, comments: i % 9,
    created_at: '2024-05-01T12:00:00Z', updated_at: '2024-05-02T08:30:00Z', closed_at: i % 4 === 0 ? '2024-05-03T00:00:00Z' : null,
    author_association: 'MEMBER', body: 'Some text in the body of the issue', reactions: { total_count: i % 5, '+1': i % 2, '-1': 0, laugh: 0 },
  };
  if (i % 5 === 0) issue.pull_request = { url: `https://api.github.com/repos/o/r/pulls/${i}`, merged_at: null };
  return issue;
}

interface Figure { records: number; rows: number; seconds: number; recordsPerSecond: number; rowsPerSecond: number }

function run(name: string, hints: TableHints, make: (i: number) => unknown): Figure {
  // warm-up on a separate normalizer so the measured one starts with an empty schema, as a fresh run does
  const warm = new Normalizer({ schema: newSchema('warm'), loadId: '1' });
  warm.addResource(hints);
  for (let b = 0; b < 20; b++) warm.normalize(hints.resource, Array.from({ length: BATCH }, (_, k) => make(b * BATCH + k)));

  // Median of 3 rounds, each a fresh normalizer and schema; CPU time spent inside normalize() only.
  const rounds: number[] = [];
  let rows = 0;
  let normalizer = new Normalizer({ schema: newSchema('bench'), loadId: '1732590000.123' });
  for (let round = 0; round < 3; round++) {
    normalizer = new Normalizer({ schema: newSchema('bench'), loadId: '1732590000.123' });
    normalizer.addResource(hints);
    rows = 0;
    let spent = 0;
    for (let start = 0; start < N; start += BATCH) {
      const batch: unknown[] = [];
      for (let i = start; i < Math.min(N, start + BATCH); i++) batch.push(make(i + 1));
      const t0 = process.cpuUsage();
      const out = normalizer.normalize(hints.resource, batch);
      spent += cpuMs(process.cpuUsage(t0));
      for (const tableRows of out.values()) rows += tableRows.length;
    }
    rounds.push(Math.max(1, spent));
  }
  const elapsed = rounds.sort((a, b) => a - b)[1]!;
  const seconds = elapsed / 1000;
  const figure = { records: N, rows, seconds: round(seconds), recordsPerSecond: Math.round(N / seconds), rowsPerSecond: Math.round(rows / seconds) };
  console.log(`${name.padEnd(22)} ${String(figure.recordsPerSecond).padStart(9)} records/s ${String(figure.rowsPerSecond).padStart(9)} rows/s  (${N} records, ${rows} rows, ${figure.seconds}s, tables: ${Object.keys(normalizer.schema.tables).join(', ')})`);
  return figure;
}

function cpuMs(usage: NodeJS.CpuUsage): number {
  return (usage.user + usage.system) / 1000;
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}

const flat = run('flat', { resource: 'items', table_name: 'items', write_disposition: 'append' }, flatRecord);
const nested = run('github issues', { resource: 'issues', table_name: 'issues', write_disposition: 'append' }, issueRecord);
const nestedMerge = run('github issues (merge)', { resource: 'issues', table_name: 'issues', write_disposition: 'merge', primary_key: ['id'] }, issueRecord);
const anchor = run('anchor (dlt workload)', { resource: 'items', table_name: 'items', write_disposition: 'append' }, anchorRecord as (i: number) => unknown);
// dlt 1.20's normalize phase took 25.1 s for 100,000 anchor records on this kind of machine (shared/bench/README.md).
// That phase also reads extracted files and writes normalized ones, which this figure does not: the ratio is an upper
// bound on the normalizer's advantage, not a pipeline comparison (bench:pipeline is that).
const dltAnchorRecordsPerSecond = Math.round(100_000 / 25.1);
console.log(JSON.stringify({
  benchmark: 'normalize', records: N, batch: BATCH,
  flatRowsPerSecond: flat.rowsPerSecond,
  nestedRecordsPerSecond: nested.recordsPerSecond, nestedRowsPerSecond: nested.rowsPerSecond,
  nestedMergeRecordsPerSecond: nestedMerge.recordsPerSecond,
  anchorRecordsPerSecond: anchor.recordsPerSecond, anchorRowsPerSecond: anchor.rowsPerSecond,
  dltAnchorNormalizeRecordsPerSecond: dltAnchorRecordsPerSecond,
  anchorRatioVsDlt: Math.round((anchor.recordsPerSecond / dltAnchorRecordsPerSecond) * 10) / 10,
}));
