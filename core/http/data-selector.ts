import { queryJsonPath } from './json-path';

/** Keys that usually hold the records, and keys that never do (dlt's detection lists). */
const RECORD_KEYS = ['data', 'items', 'results', 'entries', 'records', 'rows', 'entities', 'payload', 'content', 'objects', 'values'];
const EXCLUDED_KEYS = ['meta', 'metadata', 'pagination', 'links', 'extras', 'headers'];

export interface Selection {
  records: unknown[];
  /** The JSONPath used (given or detected). */
  path: string;
  detected: boolean;
  /** False when a given selector matched nothing in the body. */
  matched: boolean;
}

function toPath(keys: string[]): string {
  return keys.length === 0 ? '$' : '$' + keys.map((k) => (/^[A-Za-z_$][\w$-]*$/.test(k) ? `.${k}` : `['${k.replace(/'/g, "\\'")}']`)).join('');
}

/** Lists under object keys, up to two levels deep, with their key paths. */
function findLists(value: unknown, keys: string[], out: Array<{ keys: string[]; list: unknown[] }>): void {
  if (keys.length >= 2 || value === null || typeof value !== 'object' || Array.isArray(value)) return;
  for (const [key, child] of Object.entries(value)) {
    if (Array.isArray(child)) out.push({ keys: [...keys, key], list: child });
    else findLists(child, [...keys, key], out);
  }
}

const holdsObjects = (list: unknown[]): boolean => list.length > 0 && typeof list[0] === 'object' && list[0] !== null && !Array.isArray(list[0]);

/**
 * dlt's rules: a top-level list is the records; else the first list under a known record key (not under a
 * metadata key); else the least nested list outside metadata; else the whole body as one record. Beyond dlt: the
 * fallback only takes a list of objects, so a single entity with `tags: ["a"]` stays one record.
 */
export function detectDataSelector(data: unknown): string {
  if (Array.isArray(data)) return '$';
  const lists: Array<{ keys: string[]; list: unknown[] }> = [];
  findLists(data, [], lists);
  const usable = lists.filter(({ keys }) => !keys.some((k) => EXCLUDED_KEYS.includes(k.toLowerCase())));
  const known = usable.find(({ keys }) => RECORD_KEYS.includes(keys[keys.length - 1]!.toLowerCase()));
  if (known) return toPath(known.keys);
  const shallowest = usable.filter(({ list }) => holdsObjects(list)).sort((a, b) => a.keys.length - b.keys.length)[0];
  return toPath(shallowest?.keys ?? []);
}

/**
 * Applies a data selector (or detects one). A match that is a list gives its items; an object gives one record;
 * several matches (wildcards) give one record each; null or no match gives none.
 */
export function selectRecords(data: unknown, selector: string | undefined): Selection {
  if (data === undefined) return { records: [], path: selector ?? '$', detected: selector === undefined, matched: false };
  const detected = selector === undefined;
  const path = selector ?? detectDataSelector(data);
  const matches = path === '$' ? [data] : queryJsonPath(data, path);
  if (matches.length === 0) return { records: [], path, detected, matched: false };
  if (matches.length > 1) return { records: matches.filter((m) => m !== null && m !== undefined), path, detected, matched: true };
  const only = matches[0];
  const records = Array.isArray(only) ? only : only === null || only === undefined ? [] : [only];
  return { records, path, detected, matched: true };
}
