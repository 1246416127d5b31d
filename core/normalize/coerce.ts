import { ExactInteger } from '../http/exact-integer';
import { base64Padded } from '../schema/base64';
import { isIsoDate, isIsoTimestamp, timestampText } from '../schema/infer-type';
import type { DataType } from '../schema/types';

/** Returned when a value does not fit a column: it goes to a variant column instead. */
export const NO_FIT: unique symbol = Symbol('no-fit');

/**
 * Whether a value of inferred type `from` may live in an inferred column of type `to` without losing anything
 * (value and JSON type): integers in a double column, date/timestamp strings in a text column, date strings in
 * a timestamp column, numbers in a decimal column, anything in a json column. Every other mismatch becomes a
 * variant column. dlt also coerces e.g. a number into an existing text column (`5` → `"5"`); Sluice keeps such
 * values apart (`col__v_bigint`) so nothing changes type silently. Columns typed by a config hint coerce like
 * dlt does (see `coerceToHint`).
 */
export function fitsInferred(to: DataType, from: DataType): boolean {
  if (to === from || to === 'json') return true;
  switch (to) {
    case 'double': return from === 'bigint';
    case 'text': return from === 'timestamp' || from === 'date';
    case 'timestamp': return from === 'date';
    case 'decimal': return from === 'bigint' || from === 'double';
    default: return false;
  }
}

/** The JSON-serialisable form a row carries for a value stored in a column of type `to`. */
export function outputValue(to: DataType, value: unknown): unknown {
  switch (typeof value) {
    case 'string':
      return to === 'timestamp' ? timestampText(value) : value;
    case 'boolean':
      return value;
    case 'number':
      if (to === 'decimal') return Number.isInteger(value) ? BigInt(value).toString() : String(value);
      return value;
    case 'bigint':
      return to !== 'decimal' && value <= BigInt(Number.MAX_SAFE_INTEGER) && value >= BigInt(Number.MIN_SAFE_INTEGER)
        ? Number(value) : value.toString();
    case 'object':
      // Its digits as a string: DuckDB and BigQuery read a quoted integer into BIGINT or DECIMAL exactly.
      if (value instanceof ExactInteger) return value.digits;
      if (value instanceof Uint8Array) return base64Padded(value);
      if (value instanceof Date) return value.toISOString();
      return value;
    default:
      return value;
  }
}

const TRUE_WORDS = new Set(['yes', 'true', 't', 'y', '1']);
const FALSE_WORDS = new Set(['no', 'false', 'f', 'n', '0']);
const INTEGER = /^\s*[-+]?\d+\s*$/;
const NUMBER = /^\s*[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?\s*$/;

/**
 * dlt's `coerce_value` for a column whose type a hint fixed (`columns: {id: {data_type: text}}`): numbers to
 * text, numeric text to numbers, `"yes"`/`"true"`/`1` to bool, epoch seconds to timestamps... `NO_FIT` when the
 * value cannot be converted (it then goes to a variant column, as in dlt).
 */
export function coerceToHint(to: DataType, from: DataType, value: unknown): unknown {
  if (fitsInferred(to, from)) return outputValue(to, value);
  switch (to) {
    case 'text':
      if (from === 'json') return JSON.stringify(value);
      return String(outputValue(from, value));
    case 'bigint':
      if (typeof value === 'string' && INTEGER.test(value)) {
        const n = Number(value);
        return Number.isSafeInteger(n) ? n : value.trim();
      }
      if (typeof value === 'number' && Number.isInteger(value)) return value;
      return NO_FIT;
    case 'double':
      if (typeof value === 'string' && NUMBER.test(value)) return Number(value);
      if (typeof value === 'bigint') return Number(value);
      if (value instanceof ExactInteger) return Number(value.digits);
      return NO_FIT;
    case 'decimal':
      if (typeof value === 'string' && NUMBER.test(value)) return value.trim();
      if (typeof value === 'bigint') return value.toString();
      if (value instanceof ExactInteger) return value.digits;
      return NO_FIT;
    case 'bool':
      if (typeof value === 'string') {
        const word = value.toLowerCase();
        if (TRUE_WORDS.has(word)) return true;
        if (FALSE_WORDS.has(word)) return false;
        return NO_FIT;
      }
      if (typeof value === 'number') return value !== 0;
      return NO_FIT;
    case 'timestamp':
      if (typeof value === 'number') return new Date(value * 1000).toISOString();
      if (typeof value === 'string' && (isIsoTimestamp(value) || isIsoDate(value))) return timestampText(value);
      return NO_FIT;
    case 'date':
      if (typeof value === 'string' && isIsoTimestamp(value)) return value.slice(0, 10);
      return NO_FIT;
    case 'binary':
      if (typeof value === 'string') return value;
      return NO_FIT;
    default:
      return NO_FIT;
  }
}
