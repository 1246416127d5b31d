import { describe, expect, it } from 'vitest';
import { digestRowId, nestedRowId, randomRowId } from '../../../core/normalize/row-id';

describe('row ids', () => {
  it('deterministic ids never change between versions (merge keys already loaded depend on them)', () => {
    // Values produced before the encoder was rewritten for speed: the same bytes must give the same text.
    expect(digestRowId('')).toBe('977VoVtXahxbVw');
    expect(digestRowId('a')).toBe('JRHFVqXZ+aOl2Q');
    expect(digestRowId('{"id":1}')).toBe('mt20qCwQb5MbTA');
    expect(digestRowId('{"id":"ü-ñ"}')).toBe('8clEY26G65NCow');
    expect(digestRowId('x'.repeat(100))).toBe('sKIahgRWTZmiKw');
    expect(digestRowId('AbC_items__lines_7')).toBe('2wl56VpHzA2y4g');
    expect(nestedRowId('7dC8umG+6ZYKIg', 'items__tags', 2)).toBe('85yfqnw500fm8w');
  });

  it('random ids are 14 base64 characters (10 bytes) and do not repeat', () => {
    const ids = Array.from({ length: 20_000 }, () => randomRowId());
    for (const id of ids.slice(0, 200)) {
      expect(id).toMatch(/^[A-Za-z0-9+/]{14}$/);
      // 10 bytes in base64 without padding: decoding gives them back, re-encoding gives the id.
      expect(Buffer.from(id, 'base64').toString('base64').replace(/=+$/, '')).toBe(id);
    }
    expect(new Set(ids).size).toBe(ids.length);
  });
});
