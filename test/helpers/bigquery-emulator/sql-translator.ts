/**
 * Translates the BigQuery SQL that Sluice's BigQuery destination emits (and simple user queries) into DuckDB SQL.
 * Deliberately small: quoting, table paths, named parameters, a few type names and transaction keywords. Anything
 * else passes through unchanged, so SQL that only BigQuery understands fails here loudly instead of being faked.
 *
 * - `` `project.dataset.table` `` → `"dataset"."table"`; `` `dataset.table` `` → `"dataset"."table"`; `` `col` `` → `"col"`
 * - BigQuery string literals ('…' or "…", backslash escapes) → DuckDB '…' literals
 * - `@name` → `$name` (cast to the parameter's type where DuckDB cannot infer it)
 * - `CURRENT_TIMESTAMP()` → `CURRENT_TIMESTAMP`; `COMMIT TRANSACTION` → `COMMIT`; `ROLLBACK TRANSACTION` → `ROLLBACK`
 * - type names INT64, FLOAT64, STRING, BYTES, NUMERIC, BIGNUMERIC → DuckDB's; `SAFE_CAST` → `TRY_CAST`
 */
const WORDS: Record<string, string> = {
  INT64: 'BIGINT',
  FLOAT64: 'DOUBLE',
  STRING: 'VARCHAR',
  BYTES: 'BLOB',
  NUMERIC: 'DECIMAL(38, 9)',
  BIGNUMERIC: 'DECIMAL(38, 9)',
  SAFE_CAST: 'TRY_CAST',
};

const PARAM_CASTS: Record<string, string> = {
  TIMESTAMP: 'TIMESTAMPTZ',
  DATE: 'DATE',
  NUMERIC: 'DECIMAL(38, 9)',
  BIGNUMERIC: 'DECIMAL(38, 9)',
  JSON: 'JSON',
};

export function quoteDuck(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

function duckString(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

function readQuoted(sql: string, start: number, quote: string): { value: string; end: number } {
  let value = '';
  let i = start + 1;
  while (i < sql.length) {
    const c = sql[i]!;
    if (c === '\\' && quote !== '`') {
      const n = sql[i + 1] ?? '';
      value += n === 'n' ? '\n' : n === 't' ? '\t' : n === 'r' ? '\r' : n === '0' ? '\0' : n;
      i += 2;
      continue;
    }
    if (c === quote) return { value, end: i + 1 };
    value += c;
    i++;
  }
  throw new Error(`Syntax error: Unclosed ${quote === '`' ? 'identifier' : 'string literal'} at [${start}]`);
}

function translatePath(path: string): string {
  const parts = path.split('.');
  const kept = parts.length >= 3 ? parts.slice(-2) : parts;
  return kept.map(quoteDuck).join('.');
}

export function translateSql(sql: string, paramTypes: ReadonlyMap<string, string> = new Map()): string {
  let out = '';
  let i = 0;
  while (i < sql.length) {
    const c = sql[i]!;
    if (c === '-' && sql[i + 1] === '-') {
      const end = sql.indexOf('\n', i);
      i = end < 0 ? sql.length : end;
      continue;
    }
    if (c === '/' && sql[i + 1] === '*') {
      const end = sql.indexOf('*/', i + 2);
      i = end < 0 ? sql.length : end + 2;
      continue;
    }
    if (c === '`') {
      const { value, end } = readQuoted(sql, i, '`');
      out += translatePath(value);
      i = end;
      continue;
    }
    if (c === "'" || c === '"') {
      const { value, end } = readQuoted(sql, i, c);
      out += duckString(value);
      i = end;
      continue;
    }
    if (c === '@' && /[A-Za-z_]/.test(sql[i + 1] ?? '')) {
      const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(sql.slice(i + 1))!;
      const name = m[0];
      const cast = PARAM_CASTS[paramTypes.get(name) ?? ''];
      out += cast ? `CAST($${name} AS ${cast})` : `$${name}`;
      i += 1 + name.length;
      continue;
    }
    if (/[A-Za-z_]/.test(c) && !/[A-Za-z0-9_$]/.test(sql[i - 1] ?? '')) {
      const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(sql.slice(i))!;
      const word = m[0];
      const upper = word.toUpperCase();
      if (upper === 'CURRENT_TIMESTAMP') {
        const parens = /^\s*\(\s*\)/.exec(sql.slice(i + word.length));
        out += 'CURRENT_TIMESTAMP';
        i += word.length + (parens ? parens[0].length : 0);
        continue;
      }
      if (upper === 'COMMIT' || upper === 'ROLLBACK') {
        const rest = /^\s+TRANSACTION\b/i.exec(sql.slice(i + word.length));
        out += upper;
        i += word.length + (rest ? rest[0].length : 0);
        continue;
      }
      out += WORDS[upper] ?? word;
      i += word.length;
      continue;
    }
    out += c;
    i++;
  }
  return out;
}
