import { describe, expect, it } from 'vitest';
import { randomRowId } from '../../../core/normalize/row-id';

describe('row ids', () => {
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
