import { describe, expect, it } from 'vitest';
import { queryJsonPath, findJsonValue, parseJsonPath } from '../../../core/http';

const doc = {
  data: [{ id: 1, user: { name: 'a' } }, { id: 2, user: { name: 'b' } }],
  meta: { total: 2, 'next-page': 'p2', cursors: { next: 'c2' } },
  'weird key': { 'it\'s': true },
};

describe('JSONPath evaluation', () => {
  it.each([
    ['$', [doc]],
    ['$.meta.total', [2]],
    ['meta.total', [2]],
    ['meta.cursors.next', ['c2']],
    ["$['meta']['next-page']", ['p2']],
    ['$.meta.next-page', ['p2']],
    ["$['weird key']['it\\'s']", [true]],
    ['$.data[0].id', [1]],
    ['$.data[-1].id', [2]],
    ['$.data[5].id', []],
    ['$.data[*].id', [1, 2]],
    ['$.data.*.id', [1, 2]],
    ['$..name', ['a', 'b']],
    ['$..cursors.next', ['c2']],
    ['$.missing.deeper', []],
    ['data[*].user.name', ['a', 'b']],
  ])('%s', (path, expected) => {
    expect(queryJsonPath(doc, path)).toEqual(expected);
  });

  it('findJsonValue gives the first match or undefined', () => {
    expect(findJsonValue(doc, '$..id')).toBe(1);
    expect(findJsonValue(doc, 'nope')).toBeUndefined();
    expect(findJsonValue(null, 'a.b')).toBeUndefined();
    expect(findJsonValue('text', 'length')).toBeUndefined();
  });

  it('does not reach prototype properties', () => {
    expect(queryJsonPath({}, 'constructor')).toEqual([]);
    expect(queryJsonPath({ a: {} }, 'a.__proto__')).toEqual([]);
  });

  it.each([
    ['$.items[?(@.price < 10)]', 'filter and script expressions are not supported at position 7'],
    ['$.items[(@.length-1)]', 'filter and script expressions are not supported at position 7'],
    ['$.items[0:2]', 'array slices are not supported at position 7'],
    ["$['a','b']", 'unions are not supported at position 1'],
    ['$.items[', 'malformed bracket expression at position 7'],
    ['$.', 'a key is missing at the end at position 2'],
    ['', 'the path is empty at position 0'],
    ['$.a b', 'unexpected ` ` at position 3'],
  ])('rejects %s', (path, problem) => {
    expect(() => parseJsonPath(path)).toThrow(`invalid JSONPath \`${path}\`: ${problem}; supported syntax is $, .key, ['key'], [n], [*], ..key (no filters or scripts)`);
  });
});
