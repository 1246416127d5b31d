import { shake128 } from '@noble/hashes/sha3.js';

/**
 * dlt's `snake_case` naming convention (dlt/common/normalizers/naming/snake_case.py + naming.py), rule for rule,
 * so a Sluice dataset has the table and column names dlt would give it:
 * - surrounding whitespace is trimmed (Python `str.strip`); an empty name is an error;
 * - `+`→`x`, `-`→`_`, `*`→`x`, `@`→`a`, `|`→`l`; every other run of non-alphanumerics becomes one `_`
 *   (digits are Unicode digits, as Python's `\d` is; letters are ASCII only);
 * - camelCase breaks into snake_case, everything is lower-cased;
 * - a leading digit gets a `_` prefix; trailing `_` each become `x`; runs of `_` collapse to one;
 * - with a maximum length, a longer name keeps its head and tail and gets a 6-character tag in the middle:
 *   base64(shake128(raw name), 4 bytes) with `/`→`a`, `+`→`b`, lower-cased.
 * Paths (`a__b`) are broken on `__`, each part normalized, rejoined and then shortened as a whole, which is
 * how dlt (with `use_break_path_on_normalize`, its default) names flattened columns and nested tables.
 */

export const PATH_SEPARATOR = '__';

/** Identifier limits of the destinations Sluice loads into (dlt's destination capabilities). */
export const MAX_IDENTIFIER_LENGTH = { duckdb: 65536, bigquery: 300, postgres: 63 } as const;

const TAG_COLLISION_PROB = 0.001;
// dlt: int(((2 + 1) * log2(1 / prob) // 8) + 1) bytes of shake128 = 4 bytes → 6 base64 characters
const TAG_BYTES = Math.floor(Math.floor(3 * Math.log2(1 / TAG_COLLISION_PROB)) / 8) + 1;

// Python's str.isspace() set, so `strip()` behaves as in dlt (JS `trim` misses \x1c-\x1f and \x85).
const PY_SPACE_CLASS = '[\\s\\u001c-\\u001f\\u0085]';
const PY_SPACE = new RegExp(`^${PY_SPACE_CLASS}+|${PY_SPACE_CLASS}+$`, 'gu');
const REDUCE_ALPHABET: Record<string, string> = { '+': 'x', '-': '_', '*': 'x', '@': 'a', '|': 'l' };
const RE_REDUCE = /[+\-*@|]/g;
const RE_NON_ALPHANUMERIC = /[^a-zA-Z\p{Nd}_]+/gu;
const RE_BREAK_1 = /([^_])([A-Z][a-z]+)/g;
const RE_BREAK_2 = /([a-z0-9])([A-Z])/g;
const RE_LEADING_DIGIT = /^\p{Nd}/u;
const RE_UNDERSCORES = /__+/g;
const RE_TRAILING_UNDERSCORES = /_+$/;
const SIMPLE = /^[a-z][a-z0-9]*(?:_[a-z0-9]+)*$/;

/** Python's `str.strip()` for whitespace. */
export function pyStrip(value: string): string {
  return value.replace(PY_SPACE, '');
}

const identCache = new Map<string, string>();

/**
 * Normalizes one identifier (no path breaking). `maxLength` undefined or 0 means unlimited.
 * Throws on an empty (or all-whitespace) name, as dlt does.
 */
export function normalizeIdentifier(name: string, maxLength?: number): string {
  const cacheKey = maxLength ? `${maxLength}\u0000${name}` : name;
  const cached = identCache.get(cacheKey);
  if (cached !== undefined) return cached;
  const raw = pyStrip(name);
  if (!raw) throw new Error(`cannot normalize an empty identifier: expected a name with at least one visible character, got ${JSON.stringify(name)}`);
  let ident: string;
  if (SIMPLE.test(raw)) {
    ident = raw;
  } else {
    ident = raw.replace(RE_REDUCE, (c) => REDUCE_ALPHABET[c] ?? c).replace(RE_NON_ALPHANUMERIC, '_');
    ident = toSnakeCase(ident);
  }
  const result = shortenIdentifier(ident, raw, maxLength);
  if (identCache.size > 50_000) identCache.clear();
  identCache.set(cacheKey, result);
  return result;
}

function toSnakeCase(value: string): string {
  let ident = value.replace(RE_BREAK_1, '$1_$2').replace(RE_BREAK_2, '$1_$2').toLowerCase();
  if (RE_LEADING_DIGIT.test(ident)) ident = '_' + ident;
  const trailing = RE_TRAILING_UNDERSCORES.exec(ident);
  if (trailing) ident = ident.slice(0, trailing.index) + 'x'.repeat(trailing[0].length);
  return ident.replace(RE_UNDERSCORES, '_');
}

/** Joins non-empty identifiers with `__` (dlt `make_path`). */
export function makePath(...identifiers: string[]): string {
  let out = '';
  for (const ident of identifiers) {
    if (!pyStrip(ident)) continue;
    out = out ? out + PATH_SEPARATOR + ident : ident;
  }
  return out;
}

/** Splits on `__`, dropping empty parts (dlt `break_path`). */
export function breakPath(path: string): string[] {
  return path.split(PATH_SEPARATOR).filter((part) => pyStrip(part) !== '');
}

const pathCache = new Map<string, string>();

/** Breaks `path` on `__`, normalizes each part, rejoins and shortens the whole (dlt `normalize_path`). */
export function normalizePath(path: string, maxLength?: number): string {
  const cacheKey = maxLength ? `${maxLength}\u0000${path}` : path;
  const cached = pathCache.get(cacheKey);
  if (cached !== undefined) return cached;
  const parts = breakPath(path);
  if (parts.length === 0) throw new Error(`cannot normalize an empty identifier: expected a name with at least one visible character, got ${JSON.stringify(path)}`);
  const joined = makePath(...parts.map((part) => normalizeIdentifier(part, maxLength)));
  const result = shortenIdentifier(joined, path, maxLength);
  if (pathCache.size > 50_000) pathCache.clear();
  pathCache.set(cacheKey, result);
  return result;
}

/** Table names derive from resource names exactly like column paths (dlt `normalize_tables_path`). */
export function normalizeTableName(name: string, maxLength?: number): string {
  return normalizePath(name, maxLength);
}

/** Joins already-normalized fragments and shortens the result, tagging with a hash of the joined path. */
export function shortenFragments(fragments: readonly string[], maxLength?: number): string {
  const joined = makePath(...fragments);
  return shortenIdentifier(joined, joined, maxLength);
}

/** Shortens `normalized` to `maxLength` with a tag computed from `raw` placed in the middle. */
export function shortenIdentifier(normalized: string, raw: string, maxLength?: number): string {
  if (!maxLength || normalized.length <= maxLength) return normalized;
  return trimAndTag(normalized, computeTag(raw), maxLength);
}

const utf8 = new TextEncoder();
const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** dlt `_compute_tag`: base64 of shake128 (4 bytes), padding stripped, `/`→`a`, `+`→`b`, lower case. */
export function computeTag(raw: string): string {
  const digest = shake128(utf8.encode(raw), { dkLen: TAG_BYTES });
  return base64NoPad(digest).replace(/\//g, 'a').replace(/\+/g, 'b').toLowerCase();
}

/** dlt `_trim_and_tag`: head (rounded up) + tag + tail, exactly `maxLength` long. */
export function trimAndTag(identifier: string, tag: string, maxLength: number): string {
  if (tag.length > maxLength) throw new Error(`identifier limit ${maxLength} is shorter than the ${tag.length}-character hash tag`);
  const remaining = maxLength - tag.length;
  const half = Math.floor(remaining / 2);
  return identifier.slice(0, half + (remaining % 2)) + tag + identifier.slice(identifier.length - half);
}

/** Standard base64 without `=` padding. */
export function base64NoPad(bytes: Uint8Array): string {
  let out = '';
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    out += B64[n >>> 18]! + B64[(n >>> 12) & 63]! + B64[(n >>> 6) & 63]! + B64[n & 63]!;
  }
  const rest = bytes.length - i;
  if (rest === 1) {
    const n = bytes[i]! << 16;
    out += B64[n >>> 18]! + B64[(n >>> 12) & 63]!;
  } else if (rest === 2) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8);
    out += B64[n >>> 18]! + B64[(n >>> 12) & 63]! + B64[(n >>> 6) & 63]!;
  }
  return out;
}
