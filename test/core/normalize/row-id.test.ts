import { describe, expect, it } from 'vitest';
import { ROW_ID_PREFIX_LENGTH, rowIdOf, rowIdPrefix } from '../../../core/normalize/row-id';

describe('row ids', () => {
  it('a prefix is 10 base64 characters, drawn anew each time', () => {
    const prefixes = Array.from({ length: 20_000 }, () => rowIdPrefix());
    for (const prefix of prefixes.slice(0, 200)) expect(prefix).toMatch(/^[A-Za-z0-9+/]{10}$/);
    expect(ROW_ID_PREFIX_LENGTH).toBe(10);
    expect(new Set(prefixes).size).toBe(prefixes.length);
    // every character of the alphabet turns up: the 6 bits taken of each random byte are uniform
    expect(new Set(prefixes.join('')).size).toBe(64);
  });

  it('an id is the prefix and the row number, and no two (prefix, number) pairs spell one id', () => {
    expect(rowIdOf('AbCdEfGhIj', 0)).toBe('AbCdEfGhIj0');
    expect(rowIdOf('AbCdEfGhIj', 1234)).toBe('AbCdEfGhIj1234');
    // a prefix that ends in a digit: the fixed prefix length keeps `…1` + 23 apart from `…12` + 3
    const ids = new Set<string>();
    for (const prefix of ['AbCdEfGh11', 'AbCdEfGh12', 'AbCdEfGh1+']) for (let n = 0; n < 1000; n++) ids.add(rowIdOf(prefix, n));
    expect(ids.size).toBe(3000);
  });
});
