import { ExactInteger } from '../http/exact-integer';
import type { DataType } from './types';

/**
 * Data type of one JSON-ish value, as dlt infers it (`py_type_to_sc_type` + autodetection):
 * string → `text`, or `timestamp` when it is a strict ISO-8601 date-time (dlt's default `iso_timestamp`
 * detection), or `date` for `YYYY-MM-DD` when the `iso_date` detection is on (off by default, as in dlt);
 * integer → `bigint` (a number beyond int64 → `double`); other numbers → `double`; an integer parsed exactly
 * (ExactInteger) or a JS `bigint` → `bigint`, `decimal` beyond int64, `text` beyond 29 digits; boolean → `bool`;
 * Uint8Array → `binary`; Date → `timestamp`; object/array → `json`. `null`/`undefined` → undefined (no column until a value arrives).
 */
export type Detection = 'iso_timestamp' | 'iso_date';

export const DEFAULT_DETECTIONS: readonly Detection[] = ['iso_timestamp'];

const INT64_MAX = 9223372036854775807n;
/** 2^63 as a double: integers below it in magnitude fit BIGINT. */
export const INT64_LIMIT = 2 ** 63;
const INT64_MIN = -9223372036854775808n;

export function inferDataType(value: unknown, detections: readonly Detection[] = DEFAULT_DETECTIONS): DataType | undefined {
  switch (typeof value) {
    case 'string':
      if (detections.length > 0) {
        if (detections.includes('iso_timestamp') && isIsoTimestamp(value)) return 'timestamp';
        if (detections.includes('iso_date') && isIsoDate(value)) return 'date';
      }
      return 'text';
    case 'number':
      // Beyond int64 a JavaScript number is a float literal (`1e21`; integer literals that long parse exactly, as
      // ExactInteger): a double, as Python reads it for dlt.
      return Number.isInteger(value) && Math.abs(value) < INT64_LIMIT ? 'bigint' : 'double';
    case 'boolean':
      return 'bool';
    case 'bigint':
      return value <= INT64_MAX && value >= INT64_MIN ? 'bigint' : 'decimal';
    case 'object':
      if (value === null) return undefined;
      if (value instanceof Uint8Array) return 'binary';
      if (value instanceof Date) return 'timestamp';
      if (value instanceof ExactInteger) return exactIntegerType(value);
      return 'json';
    default:
      return undefined;
  }
}

/** The widest integer DECIMAL(38,9) (DuckDB) and NUMERIC (BigQuery) hold: 29 digits before the point. */
const DECIMAL_DIGITS = 29;

/** An integer parsed exactly (beyond ±2^53): `bigint` when it fits int64, `decimal` up to 29 digits, else `text`. */
function exactIntegerType(value: ExactInteger): DataType {
  const n = BigInt(value.digits);
  if (n <= INT64_MAX && n >= INT64_MIN) return 'bigint';
  return value.digits.replace('-', '').length <= DECIMAL_DIGITS ? 'decimal' : 'text';
}

/**
 * Strict ISO-8601 date-time: `YYYY-MM-DD[T ]HH:MM[:SS[.fffffffff]][Z|±HH:MM]`. This is the part of what pendulum's
 * strict parser (dlt's `iso_timestamp` detection) accepts that DuckDB and BigQuery both load as TIMESTAMP once
 * `timestampText` has written it (seconds added, at most 6 fraction digits): up to 9 fraction digits (Go's
 * nanoseconds), offsets with a colon. Ranges are checked, so `2024-13-45T99:00` stays text.
 * Anything else stays text (or, in a timestamp column, goes to a `__v_text` variant): nothing is lost.
 * Hand-rolled rather than a regex: it runs once per timestamp value.
 */
export function isIsoTimestamp(value: string): boolean {
  const len = value.length;
  if (len < 16 || len > 35) return false;
  if (value.charCodeAt(4) !== 45 || value.charCodeAt(7) !== 45 || value.charCodeAt(13) !== 58) return false;
  const sep = value.charCodeAt(10);
  if (sep !== 84 && sep !== 32) return false;
  const year = num(value, 0, 4), month = num(value, 5, 2), day = num(value, 8, 2);
  const hour = num(value, 11, 2), minute = num(value, 14, 2);
  if (year < 0 || month < 0 || day < 0 || hour < 0 || minute < 0) return false;
  if (!validDate(year, month, day) || hour > 23 || minute > 59) return false;
  let i = 16;
  if (i < len && value.charCodeAt(i) === 58) {
    const second = num(value, i + 1, 2);
    if (second < 0 || second > 59) return false;
    i += 3;
    if (i < len && value.charCodeAt(i) === 46) {
      let digits = 0;
      i++;
      while (i < len && isDigit(value.charCodeAt(i))) { i++; digits++; }
      if (digits < 1 || digits > 9) return false;
    }
  }
  if (i === len) return true;
  const tz = value.charCodeAt(i);
  if (tz === 90) return i + 1 === len; // Z
  if (tz !== 43 && tz !== 45) return false; // + -
  const offHour = num(value, i + 1, 2), offMinute = num(value, i + 4, 2);
  return i + 6 === len && value.charCodeAt(i + 3) === 58 && offHour >= 0 && offHour <= 23 && offMinute >= 0 && offMinute <= 59;
}

/**
 * A date-time as loaded into a TIMESTAMP column: with `:00` seconds where it has none (pendulum, and so
 * `isIsoTimestamp`, accepts `2024-01-02T03:04Z`; DuckDB rejects it), and at most 6 fraction digits. Anything else
 * is returned as it is.
 */
export function timestampText(value: string): string {
  if (value.length >= 16 && value.charCodeAt(13) === 58 && value.charCodeAt(16) !== 58) return `${value.slice(0, 16)}:00${value.slice(16)}`;
  // Nanoseconds (Go's RFC 3339): both destinations keep microseconds, as pendulum does for dlt.
  if (value.charCodeAt(19) === 46) {
    let end = 20;
    while (end < value.length && isDigit(value.charCodeAt(end))) end++;
    if (end - 20 > 6) return value.slice(0, 26) + value.slice(end);
  }
  return value;
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

/** The unsigned decimal number in value[start, start+count), or -1 if any character is not a digit. */
function num(value: string, start: number, count: number): number {
  if (start + count > value.length) return -1;
  let n = 0;
  for (let i = start; i < start + count; i++) {
    const c = value.charCodeAt(i);
    if (c < 48 || c > 57) return -1;
    n = n * 10 + (c - 48);
  }
  return n;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isIsoDate(value: string): boolean {
  if (value.length !== 10) return false;
  const m = ISO_DATE.exec(value);
  return m !== null && validDate(+m[1]!, +m[2]!, +m[3]!);
}

function validDate(year: number, month: number, day: number): boolean {
  if (year < 1 || month < 1 || month > 12 || day < 1) return false;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const days = month === 2 ? (leap ? 29 : 28) : month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
  return day <= days;
}
