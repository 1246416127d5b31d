import { findJsonValue } from '../http/json-path';

/** Reads a `has_more`-style flag: false, 0 and "false" mean "last page"; a missing value means "unknown". */
export function hasMoreIsFalse(data: unknown, path: string | undefined): boolean {
  if (path === undefined) return false;
  const value = findJsonValue(data, path);
  return value === false || value === 0 || value === 'false';
}

/** Reads a total as a finite number; null, missing or non-numeric means "unknown" (dlt#4429 crashes here). */
export function readTotal(data: unknown, path: string | null | undefined): number | undefined {
  if (!path) return undefined;
  const value = findJsonValue(data, path);
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  return typeof n === 'number' && Number.isFinite(n) ? n : undefined;
}

/** Writes a value into the request's JSON body at a dotted path (POST pagination). */
export { setDottedValue } from '../http/json-path';
