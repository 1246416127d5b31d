import { DuckDBTypeId, type DuckDBType, type DuckDBValue } from '@duckdb/node-api';

/** A BigQuery TableFieldSchema, as the REST API carries it. */
export interface BqField {
  name: string;
  type: string;
  mode?: 'NULLABLE' | 'REQUIRED' | 'REPEATED';
  precision?: string;
  scale?: string;
  description?: string;
  fields?: BqField[];
}

/** BigQuery's legacy names are still accepted by the API; normalise them. */
export function canonicalType(type: string): string {
  const t = type.toUpperCase();
  return ({ INTEGER: 'INT64', FLOAT: 'FLOAT64', BOOLEAN: 'BOOL' } as Record<string, string>)[t] ?? t;
}

export function duckTypeFor(field: BqField): string {
  const t = canonicalType(field.type);
  switch (t) {
    case 'INT64': return 'BIGINT';
    case 'FLOAT64': return 'DOUBLE';
    case 'BOOL': return 'BOOLEAN';
    case 'STRING': return 'VARCHAR';
    case 'TIMESTAMP': return 'TIMESTAMPTZ';
    case 'DATE': return 'DATE';
    case 'DATETIME': return 'TIMESTAMP';
    case 'TIME': return 'TIME';
    case 'JSON': return 'JSON';
    case 'BYTES': return 'BLOB';
    // DuckDB stops at 38 digits: BIGNUMERIC is approximated (documented in the README).
    case 'NUMERIC':
    case 'BIGNUMERIC': {
      const scale = Math.min(Number(field.scale ?? (t === 'NUMERIC' ? 9 : 18)), 37);
      const precision = Math.min(Math.max(Number(field.precision ?? 38), scale + 1), 38);
      return `DECIMAL(${precision}, ${scale})`;
    }
    default: throw new Error(`Invalid field type ${field.type} for field ${field.name}`);
  }
}

/** BigQuery type of a DuckDB result column (query results). */
export function bqTypeForDuck(type: DuckDBType): string {
  switch (type.typeId) {
    case DuckDBTypeId.TINYINT: case DuckDBTypeId.SMALLINT: case DuckDBTypeId.INTEGER: case DuckDBTypeId.BIGINT:
    case DuckDBTypeId.UTINYINT: case DuckDBTypeId.USMALLINT: case DuckDBTypeId.UINTEGER: case DuckDBTypeId.UBIGINT:
    case DuckDBTypeId.HUGEINT: case DuckDBTypeId.UHUGEINT:
      return 'INTEGER';
    case DuckDBTypeId.FLOAT: case DuckDBTypeId.DOUBLE: return 'FLOAT';
    case DuckDBTypeId.BOOLEAN: return 'BOOLEAN';
    case DuckDBTypeId.TIMESTAMP_TZ: return 'TIMESTAMP';
    case DuckDBTypeId.TIMESTAMP: case DuckDBTypeId.TIMESTAMP_MS: case DuckDBTypeId.TIMESTAMP_S: case DuckDBTypeId.TIMESTAMP_NS:
      return 'DATETIME';
    case DuckDBTypeId.DATE: return 'DATE';
    case DuckDBTypeId.TIME: return 'TIME';
    case DuckDBTypeId.DECIMAL: return 'NUMERIC';
    case DuckDBTypeId.BLOB: return 'BYTES';
    case DuckDBTypeId.VARCHAR: return type.alias === 'JSON' ? 'JSON' : 'STRING';
    default: return 'STRING';
  }
}

/** A query-result cell as BigQuery sends it: every scalar a string, TIMESTAMP as int64 microseconds. */
export function cellFor(value: DuckDBValue, bqType: string, int64Timestamp: boolean): string | null {
  if (value === null || value === undefined) return null;
  if (bqType === 'TIMESTAMP') {
    const micros = (value as { micros: bigint }).micros;
    if (int64Timestamp) return micros.toString();
    return (Number(micros) / 1e6).toString();
  }
  if (bqType === 'DATETIME') {
    return new Date(Number((value as { micros: bigint }).micros / 1000n)).toISOString().replace('Z', '').replace(/\.000$/, '');
  }
  if (bqType === 'BYTES') return Buffer.from((value as { bytes: Uint8Array }).bytes).toString('base64');
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  return String(value);
}
