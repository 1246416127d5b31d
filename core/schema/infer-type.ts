import type { DataType } from './types';

/**
 * Data type of one JSON-ish value, as dlt infers it (`py_type_to_sc_type` + autodetection):
 * string → `text`, or `timestamp` when it is a strict ISO-8601 date-time (dlt's default `iso_timestamp`
 * detection), or `date` for `YYYY-MM-DD` when the `iso_date` detection is on (off by default, as in dlt);
 * integer → `bigint` (beyond int64 → `decimal`, dlt's large-integer detection); other numbers → `double`;
 * JS `bigint` → `bigint` or `decimal`; boolean → `bool`; Uint8Array → `binary`; Date → `timestamp`;
 * object/array → `json`. `null`/`undefined` → undefined (no column until a value arrives).
 */
export type Detection = 'iso_timestamp' | 'iso_date';

export const DEFAULT_DETECTIONS: readonly Detection[] = ['iso_timestamp'];

const INT64_MAX = 9223372036854775807n;
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
      if (Number.isInteger(value)) return Math.abs(value) <= 9223372036854775807 ? 'bigint' : 'decimal';
      return 'double';
    case 'boolean':
      return 'bool';
    case 'bigint':
      return value <= INT64_MAX && value >= INT64_MIN ? 'bigint' : 'decimal';
    case 'object':
      if (value === null) return undefined;
      if (value instanceof Uint8Array) return 'binary';
      if (value instanceof Date) return 'timestamp';
      return 'json';
    default:
      return undefined;
  }
}

// YYYY-MM-DD[T ]HH:MM[:SS[.fraction]][Z|±HH[:MM]|±HHMM], the shapes pendulum's strict parser accepts for
// date-times. Ranges are checked below so `2024-13-45T99:00` is not a timestamp (a warehouse would reject it).
const ISO_TS = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,]\d{1,9})?)?(?:Z|z|[+-](\d{2})(?::?(\d{2}))?)?$/;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isIsoTimestamp(value: string): boolean {
  const len = value.length;
  if (len < 16 || len > 35) return false;
  const c = value.charCodeAt(0);
  if (c < 48 || c > 57 || value.charCodeAt(4) !== 45) return false;
  const m = ISO_TS.exec(value);
  if (!m) return false;
  if (!validDate(+m[1]!, +m[2]!, +m[3]!)) return false;
  if (+m[4]! > 23 || +m[5]! > 59 || (m[6] !== undefined && +m[6] > 59)) return false;
  if (m[7] !== undefined && (+m[7] > 23 || (m[8] !== undefined && +m[8] > 59))) return false;
  return true;
}

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
