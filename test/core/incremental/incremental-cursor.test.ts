import { describe, expect, it } from 'vitest';
import type { ResolvedIncrementalConfig } from '../../../core/config/resolved-config';
import { compareCursorValues, shiftCursorValue } from '../../../core/incremental/cursor-value';
import { IncrementalCursor } from '../../../core/incremental/incremental-cursor';
import { ExactInteger } from '../../../core/http/exact-integer';
import type { ResourceStateStore } from '../../../core/source/types';

function store(initial: Record<string, Record<string, unknown>> = {}): ResourceStateStore & { data: Map<string, Record<string, unknown>> } {
  const data = new Map(Object.entries(initial));
  return { data, get: (r) => data.get(r), set: (r, v) => { data.set(r, v); } };
}

const config = (over: Partial<ResolvedIncrementalConfig> = {}): ResolvedIncrementalConfig => ({
  cursor_path: 'updated_at', last_value_func: 'max', on_cursor_value_missing: 'raise', lag: 0, range_start: 'closed', range_end: 'open', primary_key: ['id'], ...over,
});

const ids = (records: Array<Record<string, unknown>>) => records.map((r) => r.id);

describe('cursor values', () => {
  it('compares timestamps as instants and integers (64-bit ones too) as numbers, not strings', () => {
    expect(compareCursorValues('2024-01-01T10:00:00+02:00', '2024-01-01T08:00:00Z')).toBe(0);
    expect(compareCursorValues('2024-01-01T09:00:00+02:00', '2024-01-01T08:00:00Z')).toBe(-1);
    expect(compareCursorValues('2024-01-02', '2024-01-01T23:59:59Z')).toBe(1);
    expect(compareCursorValues('2024-01-01T08:00:00.500Z', '2024-01-01T08:00:00Z')).toBe(1);
    expect(compareCursorValues(9, 10)).toBe(-1); // numbers, not "9" > "10"
    // Integers beyond 2^53, as parsed exactly and as state keeps them (digits as text), order by value.
    const big = (digits: string) => new ExactInteger(digits);
    expect(compareCursorValues(big('1790000000000000001'), big('1790000000000000002'))).toBe(-1);
    expect(compareCursorValues(big('1790000000000000002'), '1790000000000000001')).toBe(1);
    expect(compareCursorValues(big('1790000000000000001'), 999)).toBe(1);
    expect(compareCursorValues(big('-1790000000000000001'), 0.5)).toBe(-1);
    expect(String(shiftCursorValue(big('1790000000000000001'), 2, -1))).toBe('1789999999999999999');
  });

  it('applies lag in seconds to timestamps, days to dates, units to numbers', () => {
    expect(shiftCursorValue('2024-01-01T00:00:00Z', 3600, -1)).toBe('2023-12-31T23:00:00Z');
    expect(shiftCursorValue('2024-03-01', 2, -1)).toBe('2024-02-28');
    expect(shiftCursorValue(100, 5, -1)).toBe(95);
  });
});

describe('IncrementalCursor', () => {
  it('starts at initial_value, keeps the closed range [start, end) and stores the dlt-shaped state', () => {
    const state = store();
    const cursor = IncrementalCursor.open(config({ initial_value: '2024-01-02T00:00:00Z' }), 'issues', state);
    expect(cursor.values.start_value).toBe('2024-01-02T00:00:00Z');
    const { records } = cursor.filter([
      { id: 1, updated_at: '2024-01-01T00:00:00Z' },
      { id: 2, updated_at: '2024-01-02T00:00:00Z' },
      { id: 3, updated_at: '2024-01-05T00:00:00Z' },
      { id: 4, updated_at: '2024-01-05T00:00:00+00:00' },
    ]);
    expect(ids(records)).toEqual([2, 3, 4]);
    cursor.commit(state);
    const stored = state.data.get('issues') as { incremental: Record<string, { initial_value: unknown; last_value: unknown; unique_hashes: string[] }> };
    expect(Object.keys(stored.incremental)).toEqual(['updated_at']);
    expect(stored.incremental.updated_at!.initial_value).toBe('2024-01-02T00:00:00Z');
    expect(stored.incremental.updated_at!.last_value).toBe('2024-01-05T00:00:00Z');
    expect(stored.incremental.updated_at!.unique_hashes).toHaveLength(2);
  });

  it('starts the next run at the last value and drops the boundary records already loaded', () => {
    const state = store();
    const first = IncrementalCursor.open(config(), 'issues', state);
    first.filter([{ id: 1, updated_at: '2024-01-01T00:00:00Z' }, { id: 2, updated_at: '2024-01-03T00:00:00Z' }]);
    first.commit(state);
    const second = IncrementalCursor.open(config(), 'issues', state);
    expect(second.values).toMatchObject({ start_value: '2024-01-03T00:00:00Z', last_value: '2024-01-03T00:00:00Z' });
    const { records } = second.filter([
      { id: 2, updated_at: '2024-01-03T00:00:00Z' }, // the boundary: loaded last time
      { id: 5, updated_at: '2024-01-03T00:00:00Z' }, // same instant, new record
      { id: 1, updated_at: '2024-01-01T00:00:00Z' }, // out of range
      { id: 6, updated_at: '2024-01-04T00:00:00Z' },
    ]);
    expect(ids(records)).toEqual([5, 6]);
  });

  it('keeps boundary hashes across runs that bring nothing newer', () => {
    const state = store();
    const a = IncrementalCursor.open(config(), 'r', state);
    a.filter([{ id: 1, updated_at: '2024-01-03T00:00:00Z' }]);
    a.commit(state);
    const b = IncrementalCursor.open(config(), 'r', state);
    expect(ids(b.filter([{ id: 2, updated_at: '2024-01-03T00:00:00Z' }]).records)).toEqual([2]);
    b.commit(state);
    const c = IncrementalCursor.open(config(), 'r', state);
    expect(ids(c.filter([{ id: 1, updated_at: '2024-01-03T00:00:00Z' }, { id: 2, updated_at: '2024-01-03T00:00:00Z' }]).records)).toEqual([]);
  });

  it('dedups by the whole record when no primary key is given, and not at all with []', () => {
    const state = store();
    const a = IncrementalCursor.open(config({ primary_key: undefined }), 'r', state);
    a.filter([{ id: 1, updated_at: 5, v: 'a' }]);
    a.commit(state);
    const b = IncrementalCursor.open(config({ primary_key: undefined }), 'r', state);
    expect(b.filter([{ id: 1, updated_at: 5, v: 'a' }, { id: 1, updated_at: 5, v: 'changed' }]).records).toEqual([{ id: 1, updated_at: 5, v: 'changed' }]);
    const c = IncrementalCursor.open(config({ primary_key: [] }), 'r', state);
    expect(c.filter([{ id: 1, updated_at: 5, v: 'a' }]).records).toHaveLength(1);
  });

  it('honours open and closed range ends and end_value (a backfill leaves the state alone)', () => {
    const state = store();
    const cursor = IncrementalCursor.open(config({ initial_value: 10, end_value: 20, range_start: 'open', range_end: 'closed' }), 'r', state);
    expect(ids(cursor.filter([10, 11, 19, 20, 21].map((n) => ({ id: n, updated_at: n }))).records)).toEqual([11, 19, 20]);
    cursor.commit(state);
    expect(state.data.size).toBe(0);
  });

  it('tracks the minimum with last_value_func min (range runs downward)', () => {
    const state = store();
    const cursor = IncrementalCursor.open(config({ last_value_func: 'min', initial_value: 100 }), 'r', state);
    expect(ids(cursor.filter([120, 100, 90, 50].map((n) => ({ id: n, updated_at: n }))).records)).toEqual([100, 90, 50]);
    cursor.commit(state);
    expect((state.data.get('r') as any).incremental.updated_at.last_value).toBe(50); // eslint-disable-line @typescript-eslint/no-explicit-any
  });

  it('goes back by lag from the last value and never moves the last value backwards', () => {
    const state = store({ r: { incremental: { updated_at: { initial_value: null, last_value: '2024-01-10T12:00:00Z', unique_hashes: [] } } } });
    const cursor = IncrementalCursor.open(config({ lag: 7200 }), 'r', state);
    expect(cursor.values.start_value).toBe('2024-01-10T10:00:00Z');
    expect(ids(cursor.filter([{ id: 1, updated_at: '2024-01-10T11:00:00Z' }, { id: 2, updated_at: '2024-01-10T09:00:00Z' }]).records)).toEqual([1]);
    cursor.commit(state);
    expect((state.data.get('r') as any).incremental.updated_at.last_value).toBe('2024-01-10T12:00:00Z'); // eslint-disable-line @typescript-eslint/no-explicit-any
  });

  it('raises, includes or excludes records without a cursor value', () => {
    const records = [{ id: 1 }, { id: 2, updated_at: 3 }];
    expect(() => IncrementalCursor.open(config(), 'issues', store()).filter(records))
      .toThrow('A record of resource `issues` has no value at the cursor path `updated_at`');
    expect(ids(IncrementalCursor.open(config({ on_cursor_value_missing: 'include' }), 'r', store()).filter(records).records)).toEqual([1, 2]);
    expect(ids(IncrementalCursor.open(config({ on_cursor_value_missing: 'exclude' }), 'r', store()).filter(records).records)).toEqual([2]);
  });

  it('asks to stop paging with row_order once a record leaves the range', () => {
    const desc = IncrementalCursor.open(config({ initial_value: 5, row_order: 'desc' }), 'r', store());
    const result = desc.filter([9, 7, 4, 8].map((n) => ({ id: n, updated_at: n })));
    expect(ids(result.records)).toEqual([9, 7]);
    expect(result.stop).toBe(true);
    const asc = IncrementalCursor.open(config({ initial_value: 1, end_value: 5, row_order: 'asc' }), 'r', store());
    expect(asc.filter([1, 3, 5, 2].map((n) => ({ id: n, updated_at: n })))).toMatchObject({ stop: true });
    const unordered = IncrementalCursor.open(config({ initial_value: 5 }), 'r', store());
    expect(unordered.filter([4, 9].map((n) => ({ id: n, updated_at: n })))).toMatchObject({ stop: false, records: [{ id: 9 }] });
  });

  it('reads nested cursor paths', () => {
    const cursor = IncrementalCursor.open(config({ cursor_path: '$.meta.changed', initial_value: 2 }), 'r', store());
    expect(ids(cursor.filter([{ id: 1, meta: { changed: 1 } }, { id: 2, meta: { changed: 3 } }]).records)).toEqual([2]);
  });
});
