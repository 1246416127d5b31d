/**
 * Reads a field from a record by a simple JSONPath: `id`, `user.login`, `items[0].id`, `$.meta.total`.
 * Cursor paths, `include_from_parent` fields and `{resources.<parent>.<field>}` use it.
 */
export function parseFieldPath(path: string): Array<string | number> {
  let rest = path.trim();
  if (rest === '$') return [];
  if (rest.startsWith('$.')) rest = rest.slice(2);
  else if (rest.startsWith('$[')) rest = rest.slice(1);
  const parts: Array<string | number> = [];
  const re = /([^.[\]]+)|\[(\d+)\]|\[['"]([^'"]+)['"]\]/g;
  for (const match of rest.matchAll(re)) {
    if (match[1] !== undefined) parts.push(match[1]);
    else if (match[2] !== undefined) parts.push(Number(match[2]));
    else if (match[3] !== undefined) parts.push(match[3]);
  }
  return parts;
}

export function getField(record: unknown, path: string | Array<string | number>): unknown {
  const parts = typeof path === 'string' ? parseFieldPath(path) : path;
  let current: unknown = record;
  for (const part of parts) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string | number, unknown>)[part];
  }
  return current;
}
