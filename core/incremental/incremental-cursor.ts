import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import type { ResolvedIncrementalConfig } from '../config/resolved-config';
import { getField, parseFieldPath } from '../config/field-path';
import { IncrementalCursorError } from '../errors/incremental-cursor-error';
import type { ResourceStateStore, SourceRecord } from '../source/types';
import { compareCursorValues, shiftCursorValue } from './cursor-value';
import { ExactInteger } from '../http/exact-integer';

/** What dlt keeps per cursor path: `{ incremental: { <cursor_path>: CursorState } }` in the resource state. */
export interface CursorState {
  initial_value: unknown;
  last_value: unknown;
  /** Hashes of the records whose cursor equals `last_value`: they are not loaded again at the boundary. */
  unique_hashes: string[];
}

export interface IncrementalValues {
  start_value: unknown;
  initial_value: unknown;
  last_value: unknown;
  end_value: unknown;
}

export interface CursorFilterResult {
  records: SourceRecord[];
  /** True once `row_order` says no later record can be in range: stop paging. */
  stop: boolean;
}

function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${stableJson((value as Record<string, unknown>)[k])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/**
 * One run of an incremental cursor over a resource: gives the start value for the request, filters records
 * outside the range (and those at the boundary already loaded), tracks the new last value, and writes the state.
 */
export class IncrementalCursor {
  readonly values: IncrementalValues;
  private readonly path: Array<string | number>;
  private previous: CursorState | undefined;
  private readonly seenHashes: Set<string>;
  private best: unknown;
  private bestHashes = new Set<string>();
  private stopped = false;

  constructor(
    private readonly config: ResolvedIncrementalConfig,
    private readonly resource: string,
    private readonly configPath?: string,
  ) {
    this.path = parseFieldPath(config.cursor_path);
    this.previous = undefined;
    this.seenHashes = new Set();
    this.values = { start_value: config.initial_value, initial_value: config.initial_value, last_value: config.initial_value, end_value: config.end_value };
    this.best = undefined;
  }

  /** Reads the stored state; call once before the first request. */
  static open(config: ResolvedIncrementalConfig, resource: string, state: ResourceStateStore, configPath?: string): IncrementalCursor {
    const cursor = new IncrementalCursor(config, resource, configPath);
    const stored = (state.get(resource)?.incremental as Record<string, CursorState> | undefined)?.[config.cursor_path];
    cursor.load(stored);
    return cursor;
  }

  private load(stored: CursorState | undefined): void {
    this.previous = stored;
    if (!stored || stored.last_value === undefined || stored.last_value === null) return;
    for (const h of stored.unique_hashes ?? []) this.seenHashes.add(h);
    const back = this.config.last_value_func === 'max' ? -1 : 1;
    this.values.last_value = stored.last_value;
    this.values.start_value = shiftCursorValue(stored.last_value, this.config.lag, back);
  }

  private isMax(): boolean {
    return this.config.last_value_func === 'max';
  }

  private hashOf(record: SourceRecord): string | undefined {
    const key = this.config.primary_key;
    if (key && key.length === 0) return undefined;
    const basis = key ? key.map((k) => getField(record, k)) : record;
    return bytesToHex(sha256(utf8ToBytes(stableJson(basis)))).slice(0, 32);
  }

  /** Keeps the records in range, drops the boundary records already loaded, and tracks the new last value. */
  filter(records: SourceRecord[]): CursorFilterResult {
    const kept: SourceRecord[] = [];
    const { start_value: start, end_value: end } = this.values;
    const max = this.isMax();
    for (const record of records) {
      if (this.stopped) break;
      const value = getField(record, this.path);
      if (value === undefined || value === null) {
        if (this.config.on_cursor_value_missing === 'raise') throw new IncrementalCursorError(this.resource, this.config.cursor_path, this.configPath);
        if (this.config.on_cursor_value_missing === 'include') kept.push(record);
        continue;
      }
      // For `max` the range is [start, end); for `min` it runs downward: (end, start].
      if (start !== undefined && start !== null) {
        const c = compareCursorValues(value, start) * (max ? 1 : -1);
        if (c < 0 || (c === 0 && this.config.range_start === 'open')) {
          this.noteOutOfRange(max ? 'low' : 'high');
          continue;
        }
      }
      if (end !== undefined && end !== null) {
        const c = compareCursorValues(value, end) * (max ? 1 : -1);
        if (c > 0 || (c === 0 && this.config.range_end === 'open')) {
          this.noteOutOfRange(max ? 'high' : 'low');
          continue;
        }
      }
      const hash = this.hashOf(record);
      const previousLast = this.previous?.last_value;
      if (hash !== undefined && previousLast !== undefined && compareCursorValues(value, previousLast) === 0 && this.seenHashes.has(hash)) {
        continue;
      }
      this.track(value, hash);
      kept.push(record);
    }
    return { records: kept, stop: this.stopped };
  }

  /** `row_order` tells whether the records after an out-of-range one can still be in range. */
  private noteOutOfRange(side: 'low' | 'high'): void {
    const order = this.config.row_order;
    if ((order === 'asc' && side === 'high') || (order === 'desc' && side === 'low')) this.stopped = true;
  }

  private track(value: unknown, hash: string | undefined): void {
    const c = this.best === undefined ? 1 : compareCursorValues(value, this.best) * (this.isMax() ? 1 : -1);
    if (c > 0) {
      this.best = value;
      this.bestHashes = new Set();
    }
    if (c >= 0 && hash !== undefined) this.bestHashes.add(hash);
  }

  /** True once `row_order` ended the range. */
  get stopRequested(): boolean {
    return this.stopped;
  }

  /** The state after this run (the previous one when nothing newer arrived). */
  nextState(): CursorState {
    const before = this.previous?.last_value ?? null;
    const initial = this.previous?.initial_value ?? this.config.initial_value ?? null;
    const previousHashes = this.previous?.unique_hashes ?? [];
    const floor = before ?? this.config.initial_value ?? null;
    if (this.best === undefined) return { initial_value: initial, last_value: floor, unique_hashes: previousHashes };
    const c = floor === null ? 1 : compareCursorValues(this.best, floor) * (this.isMax() ? 1 : -1);
    // With `lag` the records re-read may all be older than the last value: the last value never moves back.
    if (c < 0) return { initial_value: initial, last_value: floor, unique_hashes: before === null ? [] : previousHashes };
    const hashes = c === 0 && before !== null ? new Set([...previousHashes, ...this.bestHashes]) : this.bestHashes;
    return { initial_value: initial, last_value: stateValue(this.best), unique_hashes: [...hashes] };
  }

  /** Writes the state (not for a backfill with `end_value`: dlt leaves the state alone then). */
  commit(state: ResourceStateStore): void {
    if (this.config.end_value !== undefined) return;
    const current = state.get(this.resource) ?? {};
    const incremental = { ...((current.incremental as Record<string, unknown> | undefined) ?? {}), [this.config.cursor_path]: this.nextState() };
    state.set(this.resource, { ...current, incremental });
  }
}

/** A cursor value as state keeps it: plain JSON data, which the state's copies (structuredClone) and files keep
 *  whole. An exact integer becomes its digits, which cursor comparisons read back as that integer. */
function stateValue(value: unknown): unknown {
  return value instanceof ExactInteger ? value.digits : value;
}
