/**
 * `_dlt_id` values: a table's random prefix and the row's number, `prefix + n` (`dmk0Zq+Tb/0`, `dmk0Zq+Tb/1`, …).
 *
 * dlt makes each root row's id from 10 random bytes and derives nested ones from the parent's; either way an id is
 * only ever compared, never read. Numbered ids are as unique, and a table file need not hold them: a line gives the
 * prefix and its first number, and DuckDB (or the BigQuery upload) makes each row's id from them (see TableBatch).
 * The ids were half the text of the anchor workload's table files; making, serializing and writing them took ~11%
 * of the pipeline's time at 100,000 records (paired runs, README "Speed and memory").
 */

/** Characters in a row-id prefix: 60 random bits. */
export const ROW_ID_PREFIX_LENGTH = 10;

const B64_CODES = Array.from('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/', (c) => c.charCodeAt(0));

/**
 * The random part of a table's row ids in one normalizer (one load package, or one thread's share of it). Ids are
 * unique within the normalizer by their number and across normalizers by the prefix: the chance that two of a
 * million normalizers of one table draw the same prefix is ~4·10⁻⁷. The prefix has a fixed length, so no two
 * (prefix, number) pairs spell the same id.
 */
export function rowIdPrefix(): string {
  const bytes = new Uint8Array(ROW_ID_PREFIX_LENGTH);
  globalThis.crypto.getRandomValues(bytes);
  // 256 is a multiple of 64: each byte's low 6 bits are uniform
  return String.fromCharCode(...Array.from(bytes, (b) => B64_CODES[b & 63]!));
}

/** The row id of number `n` under `prefix`: the same text DuckDB makes (`prefix || CAST(n AS VARCHAR)`). */
export function rowIdOf(prefix: string, n: number): string {
  return prefix + n;
}
