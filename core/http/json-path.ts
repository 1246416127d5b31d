import { JsonPathError } from '../errors/json-path-error';

/**
 * A small, safe JSONPath evaluator: `$`, `.key`, `['key']`, `[n]` (negative counts from the end), `[*]`, `.*`,
 * `..key`, `..*`. Nothing is ever evaluated as code: filters, scripts, slices and unions are rejected with a
 * JsonPathError. A path without a leading `$` is relative to the root (`cursors.next` = `$.cursors.next`), as dlt
 * accepts both.
 */
export type JsonPathSegment =
  | { kind: 'key'; name: string }
  | { kind: 'index'; index: number }
  | { kind: 'wildcard' }
  | { kind: 'descend'; name: string | undefined };

const NAME_CHAR = /[^.[\]()?@'"\s*,:=<>!&|]/;
const cache = new Map<string, JsonPathSegment[]>();

export function parseJsonPath(path: string): JsonPathSegment[] {
  const cached = cache.get(path);
  if (cached) return cached;
  const segments: JsonPathSegment[] = [];
  let i = 0;
  const fail = (problem: string, at = i): never => { throw new JsonPathError(path, problem, at); };
  const readName = (): string => {
    const start = i;
    while (i < path.length && NAME_CHAR.test(path[i]!)) i++;
    if (i === start) fail(path[i] === undefined ? 'a key is missing at the end' : `unexpected \`${path[i]}\``);
    return path.slice(start, i);
  };
  if (path.trim() === '') fail('the path is empty');
  if (path[0] === '$') i = 1;
  else if (path[0] !== '.' && path[0] !== '[') segments.push({ kind: 'key', name: readName() });
  while (i < path.length) {
    const c = path[i]!;
    if (c === '.' && path[i + 1] === '.') {
      i += 2;
      if (path[i] === '*') { i++; segments.push({ kind: 'descend', name: undefined }); }
      else segments.push({ kind: 'descend', name: readName() });
    } else if (c === '.') {
      i++;
      if (path[i] === '*') { i++; segments.push({ kind: 'wildcard' }); }
      else segments.push({ kind: 'key', name: readName() });
    } else if (c === '[') {
      const open = i;
      i++;
      const rest = path.slice(i);
      let m: RegExpExecArray | null;
      if ((m = /^\*\]/.exec(rest))) segments.push({ kind: 'wildcard' });
      else if ((m = /^(-?\d+)\]/.exec(rest))) segments.push({ kind: 'index', index: Number(m[1]) });
      else if ((m = /^'((?:[^'\\]|\\.)*)'\]/.exec(rest)) || (m = /^"((?:[^"\\]|\\.)*)"\]/.exec(rest))) {
        segments.push({ kind: 'key', name: m[1]!.replace(/\\(.)/g, '$1') });
      } else if (rest.startsWith('?') || rest.startsWith('(')) fail('filter and script expressions are not supported', open);
      else if (/^-?\d*:/.test(rest)) fail('array slices are not supported', open);
      else if (/^[^\]]*,/.test(rest)) fail('unions are not supported', open);
      else fail('malformed bracket expression', open);
      i += m![0].length;
    } else {
      fail(`unexpected \`${c}\``);
    }
  }
  if (cache.size > 1000) cache.clear();
  cache.set(path, segments);
  return segments;
}

function children(value: unknown): unknown[] {
  if (Array.isArray(value)) return value;
  if (value !== null && typeof value === 'object') return Object.values(value);
  return [];
}

function descend(value: unknown, name: string | undefined, out: unknown[]): void {
  if (value === null || typeof value !== 'object') return;
  if (!Array.isArray(value)) {
    if (name === undefined) out.push(...Object.values(value));
    else if (Object.hasOwn(value, name)) out.push((value as Record<string, unknown>)[name]);
  } else if (name === undefined) out.push(...value);
  for (const child of children(value)) descend(child, name, out);
}

/** Every value the path matches, in document order. */
export function queryJsonPath(data: unknown, path: string): unknown[] {
  let current: unknown[] = [data];
  for (const seg of parseJsonPath(path)) {
    const next: unknown[] = [];
    for (const value of current) {
      if (seg.kind === 'key') {
        if (value !== null && typeof value === 'object' && !Array.isArray(value) && Object.hasOwn(value, seg.name)) {
          next.push((value as Record<string, unknown>)[seg.name]);
        }
      } else if (seg.kind === 'index') {
        if (Array.isArray(value)) {
          const at = seg.index < 0 ? value.length + seg.index : seg.index;
          if (at >= 0 && at < value.length) next.push(value[at]);
        }
      } else if (seg.kind === 'wildcard') next.push(...children(value));
      else descend(value, seg.name, next);
    }
    current = next;
  }
  return current;
}

/** The first value the path matches, or undefined. */
export function findJsonValue(data: unknown, path: string): unknown {
  return queryJsonPath(data, path)[0];
}

/** Sets a value at a plain dotted path (`query.cursor`), creating objects on the way: for `*_body_path` options. */
export function setDottedValue(target: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.replace(/^\$\.?/, '').split('.');
  let node = target;
  for (const key of keys.slice(0, -1)) {
    const child = node[key];
    if (child === null || typeof child !== 'object' || Array.isArray(child)) node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  node[keys[keys.length - 1]!] = value;
}
