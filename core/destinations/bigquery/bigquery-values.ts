/**
 * BigQuery query rows (`{f: [{v}]}`, every scalar a string, TIMESTAMP as int64 microseconds) as the plain values every
 * destination's `query` returns: INT64 a number (a string beyond 2^53), timestamps ISO-8601, NUMERIC without
 * trailing zeros, JSON parsed, BYTES base64, DATE `YYYY-MM-DD`.
 */
import { microsToIso, trimDecimal } from '../plain-values';

export interface QueryField {
  name: string;
  type: string;
  mode?: string;
  fields?: QueryField[];
}

export interface RawRow {
  f: { v: unknown }[];
}

function scalar(value: string, type: string): unknown {
  switch (type) {
    case 'INTEGER': case 'INT64': {
      const n = Number(value);
      return Number.isSafeInteger(n) ? n : value;
    }
    case 'FLOAT': case 'FLOAT64': return Number(value);
    case 'BOOLEAN': case 'BOOL': return value === 'true';
    case 'TIMESTAMP':
      // int64 microseconds (useInt64Timestamp); older responses send float seconds.
      return /^-?\d+$/.test(value) ? microsToIso(BigInt(value)) : microsToIso(BigInt(Math.round(Number(value) * 1e6)));
    case 'NUMERIC': case 'BIGNUMERIC': return trimDecimal(value);
    case 'JSON': return JSON.parse(value) as unknown;
    default: return value;
  }
}

function cell(value: unknown, field: QueryField): unknown {
  if (value === null || value === undefined) return null;
  if (field.mode === 'REPEATED') return (value as { v: unknown }[]).map((item) => cell(item.v, { ...field, mode: 'NULLABLE' }));
  if (field.type === 'RECORD' || field.type === 'STRUCT') return toPlainRow(value as RawRow, field.fields ?? []);
  return scalar(String(value), field.type);
}

export function toPlainRow(row: RawRow, fields: QueryField[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  fields.forEach((field, i) => { out[field.name] = cell(row.f[i]?.v, field); });
  return out;
}
