import { describe, expect, it } from 'vitest';
import { ExactInteger, stringifyKeepingIntegers } from '../../../core/http/exact-integer';
import { parseJson } from '../../../core/http/parse-json';

describe('parseJson keeps integers a double would round', () => {
  it('parses like JSON.parse when every integer fits a double', () => {
    const text = '{"id": 9007199254740991, "n": -9007199254740991, "f": 0.1234567890123456789, "e": 1.5e300, "s": "12345678901234567890"}';
    expect(parseJson(text)).toEqual(JSON.parse(text));
  });

  it('keeps each integer beyond ±2^53 as its exact digits, wherever it is', () => {
    const parsed = parseJson('{"data": [{"id": 1790000000000000001, "ids": [-9223372036854775808, 1], "n": {"big": 123456789012345678901234567890}}]}') as {
      data: [{ id: ExactInteger; ids: [ExactInteger, number]; n: { big: ExactInteger } }];
    };
    const [record] = parsed.data;
    expect(record.id).toBeInstanceOf(ExactInteger);
    expect(record.id.digits).toBe('1790000000000000001');
    expect(record.ids[0].digits).toBe('-9223372036854775808');
    expect(record.ids[1]).toBe(1);
    expect(record.n.big.digits).toBe('123456789012345678901234567890');
    // Two ids that round to the same double stay apart, and serialize exactly (as strings of digits).
    const two = parseJson('[1790000000000000001, 1790000000000000002]') as ExactInteger[];
    expect(JSON.stringify(two)).toBe('["1790000000000000001","1790000000000000002"]');
    expect(`${two[1]}`).toBe('1790000000000000002');
    expect(two[0]! < two[1]!).toBe(true);
  });

  it('leaves digits inside strings alone, escaped quotes included, and fractions and exponents as numbers', () => {
    const parsed = parseJson('{"a": "x\\" 99999999999999999999", "b": 12345678901234567.5, "c": 12345678901234567890e2, "d": 99999999999999999999}') as Record<string, unknown>;
    expect(parsed.a).toBe('x" 99999999999999999999');
    expect(parsed.b).toBe(Number('12345678901234567.5'));
    expect(parsed.c).toBe(Number('12345678901234567890e2'));
    expect((parsed.d as ExactInteger).digits).toBe('99999999999999999999');
  });

  it('finds a long integer at any offset in the text', () => {
    for (let pad = 0; pad < 40; pad++) {
      const parsed = parseJson(`{"${'k'.repeat(pad)}": 1790000000000000001}`) as Record<string, ExactInteger>;
      expect(parsed['k'.repeat(pad)]!.digits).toBe('1790000000000000001');
    }
  });

  it('stringifyKeepingIntegers writes them back as number literals, which parseJson reads to the same digits', () => {
    const records = parseJson('[{"id": 1790000000000000001, "note": "exact-integer: not a mark", "n": 2}]');
    const text = stringifyKeepingIntegers(records);
    expect(text).toBe('[{"id":1790000000000000001,"note":"exact-integer: not a mark","n":2}]');
    expect(JSON.stringify(records)).toBe('[{"id":"1790000000000000001","note":"exact-integer: not a mark","n":2}]');
    expect(((parseJson(text) as [{ id: ExactInteger }])[0].id).digits).toBe('1790000000000000001');
  });

  it('reports invalid JSON where the received text has it', () => {
    const text = '{"id": 1790000000000000001, "x": tru}';
    let expected = '';
    try { JSON.parse(text); } catch (error) { expected = (error as Error).message; }
    expect(() => parseJson(text)).toThrow(expected);
  });
});
