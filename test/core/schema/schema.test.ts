import { describe, expect, it } from 'vitest';
import { isSluiceError } from '../../../core/errors';
import {
  canonicalJson, dataColumns, describeChanges, diffSchema, nestedTablesOf, newSchema, resolveContract, rootTableOf, schemaFromJson, schemaToJson,
  schemaVersionHash, summarizeChanges,
} from '../../../core/schema';
import type { Schema } from '../../../core/schema';
import { Normalizer } from '../../../core/normalize';

function sampleSchema(): Schema {
  const schema = newSchema('github');
  const normalizer = new Normalizer({ schema, loadId: '1.5' });
  normalizer.addResource({ resource: 'issues', table_name: 'issues', write_disposition: 'merge', primary_key: ['id'] });
  normalizer.normalize('issues', [{ id: 1, labels: [{ name: 'bug', tags: ['x'] }], assignees: [{ login: 'a' }] }]);
  return schema;
}

describe('schemaVersionHash', () => {
  it('is a content hash: same content in another key order, same hash', () => {
    const a = sampleSchema();
    const reordered: Schema = JSON.parse(JSON.stringify(a, (_k, v: unknown) =>
      v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).reverse()) : v)) as Schema;
    expect(Object.keys(reordered.tables)).toEqual(Object.keys(a.tables).reverse());
    expect(schemaVersionHash(reordered)).toBe(schemaVersionHash(a));
  });

  it('changes when a column is added, not when the version number or history changes', () => {
    const a = sampleSchema();
    const before = schemaVersionHash(a);
    expect(schemaVersionHash({ ...a, version: 99, changes: [] })).toBe(before);
    a.tables.issues!.columns.extra = { name: 'extra', data_type: 'text', nullable: true };
    expect(schemaVersionHash(a)).not.toBe(before);
  });

  it('the normalizer keeps version and version_hash current', () => {
    const schema = sampleSchema();
    expect(schema.version).toBeGreaterThan(1);
    expect(schema.version_hash).toBe(schemaVersionHash(schema));
  });

  it('canonicalJson sorts keys at every level', () => {
    expect(canonicalJson({ b: 1, a: { d: [{ y: 1, x: 2 }], c: null } })).toBe('{"a":{"c":null,"d":[{"x":2,"y":1}]},"b":1}');
  });
});

describe('serialisation', () => {
  it('round-trips through JSON', () => {
    const schema = sampleSchema();
    expect(schemaFromJson(schemaToJson(schema))).toEqual(schema);
  });

  it.each([
    ['not json', /not valid JSON/],
    ['[]', /at `\$`: expected an object/],
    ['{"name":"x","version":1,"tables":{"t":{"name":"t","columns":{"c":{"name":"c","data_type":"varchar"}}}}}',
      /at `tables\.t\.columns\.c\.data_type`: expected one of text, bigint.*got "varchar"/],
    ['{"name":"x","version":"1","tables":{}}', /at `version`: expected a number, got "1"/],
  ])('rejects %s with SCHEMA_INVALID', (text, message) => {
    let error: unknown;
    try {
      schemaFromJson(text);
    } catch (e) {
      error = e;
    }
    expect(isSluiceError(error) && error.code).toBe('SCHEMA_INVALID');
    expect((error as Error).message).toMatch(message);
  });
});

describe('nestedTablesOf', () => {
  it('lists every nested table of a root, parents before children', () => {
    const schema = sampleSchema();
    expect(nestedTablesOf(schema, 'issues').map((t) => t.name)).toEqual(['issues__labels', 'issues__labels__tags', 'issues__assignees']);
    expect(rootTableOf(schema, 'issues__labels__tags')).toBe('issues');
    expect(nestedTablesOf(schema, 'issues__labels').map((t) => t.name)).toEqual(['issues__labels__tags']);
  });
});

describe('contracts and changes', () => {
  it('resolveContract expands a single mode and fills missing entries with evolve', () => {
    expect(resolveContract('freeze')).toEqual({ tables: 'freeze', columns: 'freeze', data_type: 'freeze' });
    expect(resolveContract({ columns: 'discard_value' })).toEqual({ tables: 'evolve', columns: 'discard_value', data_type: 'evolve' });
  });

  it('summarizeChanges says how many columns each table got', () => {
    const schema = sampleSchema();
    const summary = summarizeChanges(schema.changes, '1.5');
    expect(summary.find((s) => s.table === 'issues')).toMatchObject({ newTable: true, newColumns: ['id'] });
    expect(summary.find((s) => s.table === 'issues__labels')).toMatchObject({ newTable: true, newColumns: ['name'] });
  });
});

describe('diffSchema', () => {
  it('lists new tables and the columns added to existing ones', () => {
    const previous = sampleSchema();
    const next = structuredClone(previous);
    const normalizer = new Normalizer({ schema: next, loadId: '2' });
    normalizer.addResource({ resource: 'issues', table_name: 'issues', write_disposition: 'merge', primary_key: ['id'] });
    normalizer.normalize('issues', [{ id: 2, title: 't', milestone: { id: 1 }, reactions: [{ c: 1 }] }]);
    const diff = diffSchema(previous, next);
    expect(diff.newTables.map((t) => t.name)).toEqual(['issues__reactions']);
    expect(diff.newColumns).toEqual([{ table: 'issues', columns: [
      { name: 'title', data_type: 'text', nullable: true }, { name: 'milestone__id', data_type: 'bigint', nullable: true },
    ] }]);
    expect(diffSchema(undefined, previous).newTables.map((t) => t.name)).toEqual(Object.keys(previous.tables));
    expect(dataColumns(next.tables.issues!).map((c) => c.name)).toEqual(['id', 'title', 'milestone__id']);
  });
});

describe('describeChanges', () => {
  it('says what changed per table, in words for the CLI and the UI', () => {
    const schema = newSchema('d');
    const normalizer = new Normalizer({ schema, loadId: '1' });
    normalizer.addResource({ resource: 'issues', table_name: 'issues', write_disposition: 'append' });
    normalizer.normalize('issues', [{ id: 1, labels: [{ name: 'a', color: 'red' }] }]);
    const second = new Normalizer({ schema, loadId: '2' });
    second.addResource({ resource: 'issues', table_name: 'issues', write_disposition: 'append' });
    second.normalize('issues', [{ id: 'x', title: 't', state: 'open', locked: false }]);
    expect(describeChanges(summarizeChanges(schema.changes, '1'))).toEqual([
      'new table `issues` (1 column)', 'new table `issues__labels` (2 columns)',
    ]);
    expect(describeChanges(summarizeChanges(schema.changes, '2'))).toEqual([
      '3 new columns in `issues`: `title`, `state`, `locked`', '1 variant column in `issues`: `id__v_text`',
    ]);
  });
});
