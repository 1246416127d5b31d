import {
  DuckDBBlobValue, DuckDBDateValue, DuckDBDecimalValue, DuckDBListValue, DuckDBArrayValue, DuckDBStructValue,
  DuckDBTimestampTZValue, DuckDBTimestampValue, DuckDBMapValue, DuckDBTimestampMillisecondsValue,
  DuckDBTimestampSecondsValue, DuckDBTimestampNanosecondsValue,
} from '@duckdb/node-api';
import type { DuckDBResultReader, DuckDBValue } from '@duckdb/node-api';
import { microsToIso, trimDecimal } from '../plain-values';

/** A DuckDB value as plain JSON-friendly JS: BIGINT as number when safe (else string), timestamps ISO, decimals and
 *  blobs (base64) as strings. */
export function toPlainValue(value: DuckDBValue): unknown {
  if (value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (typeof value === 'bigint') {
    return value <= BigInt(Number.MAX_SAFE_INTEGER) && value >= BigInt(Number.MIN_SAFE_INTEGER) ? Number(value) : value.toString();
  }
  if (value instanceof DuckDBTimestampTZValue || value instanceof DuckDBTimestampValue) {
    return value.isFinite ? microsToIso(value.micros) : value.toString();
  }
  if (value instanceof DuckDBTimestampMillisecondsValue) return microsToIso(value.millis * 1000n);
  if (value instanceof DuckDBTimestampSecondsValue) return microsToIso(value.seconds * 1_000_000n);
  if (value instanceof DuckDBTimestampNanosecondsValue) return microsToIso(value.nanos / 1000n);
  if (value instanceof DuckDBDateValue) return value.toString();
  if (value instanceof DuckDBDecimalValue) return trimDecimal(value.toString());
  if (value instanceof DuckDBBlobValue) return Buffer.from(value.bytes).toString('base64');
  if (value instanceof DuckDBListValue || value instanceof DuckDBArrayValue) return value.items.map(toPlainValue);
  if (value instanceof DuckDBStructValue) {
    return Object.fromEntries(Object.entries(value.entries).map(([k, v]) => [k, toPlainValue(v)]));
  }
  if (value instanceof DuckDBMapValue) return value.entries.map((e) => ({ key: toPlainValue(e.key), value: toPlainValue(e.value) }));
  return String(value);
}

/** Result rows as plain objects; JSON columns parsed back into values. */
export function readerToRows(reader: DuckDBResultReader): Record<string, unknown>[] {
  const names = reader.deduplicatedColumnNames();
  const isJson = reader.columnTypes().map((t) => t.alias === 'JSON');
  return reader.getRows().map((row) => {
    const out: Record<string, unknown> = {};
    row.forEach((value, i) => {
      const name = names[i]!;
      out[name] = isJson[i] && typeof value === 'string' ? JSON.parse(value) : toPlainValue(value);
    });
    return out;
  });
}
