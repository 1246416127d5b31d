import { describe, expect, it } from 'vitest';
import { inferDataType, isIsoTimestamp } from '../../../core/schema';

describe('inferDataType', () => {
  it.each<[unknown, string | undefined]>([
    ['hello', 'text'],
    ['2024-05-01T12:00:00Z', 'timestamp'],
    ['2024-05-01T12:00:00.123456+02:00', 'timestamp'],
    ['2024-05-01T12:00:00', 'timestamp'],
    ['2024-05-01 12:00', 'timestamp'],
    ['2024-05-01T12:00:00-05:30', 'timestamp'],
    // nanoseconds (Go's RFC 3339) are detected: loaded with microseconds, as pendulum keeps them
    ['2024-05-01T12:00:00.123456789Z', 'timestamp'],
    // pendulum takes these, but not every warehouse does: kept as text
    ['2024-05-01T12:00:00-0530', 'text'],
    ['2024-05-01T12:00:00.1234567891Z', 'text'],
    ['2024-05-01T12:00:00,5Z', 'text'],
    ['2024-05-01', 'text'],
    ['2024-13-01T12:00:00Z', 'text'],
    ['2023-02-29T00:00:00Z', 'text'],
    ['2024-02-29T00:00:00Z', 'timestamp'],
    ['2024-05-01T24:00:00Z', 'text'],
    ['2024-05-01T12:00:00ZZ', 'text'],
    ['not a date', 'text'],
    [42, 'bigint'],
    [-7, 'bigint'],
    [4.2, 'double'],
    [1e21, 'double'],
    [true, 'bool'],
    [{ a: 1 }, 'json'],
    [[1], 'json'],
    [new Uint8Array([1]), 'binary'],
    [new Date(0), 'timestamp'],
    [null, undefined],
    [undefined, undefined],
  ])('%j → %s', (value, expected) => {
    expect(inferDataType(value)).toBe(expected);
  });

  it('types JS bigints as bigint within int64 and decimal beyond', () => {
    expect(inferDataType(5n)).toBe('bigint');
    expect(inferDataType(12345678901234567890n)).toBe('decimal');
  });

  it('types YYYY-MM-DD as date when the iso_date detection is on', () => {
    expect(inferDataType('2024-05-01', ['iso_timestamp', 'iso_date'])).toBe('date');
    expect(inferDataType('2024-02-30', ['iso_timestamp', 'iso_date'])).toBe('text');
  });

  it('does not detect timestamps when detections are off', () => {
    expect(inferDataType('2024-05-01T12:00:00Z', [])).toBe('text');
    expect(isIsoTimestamp('2024-05-01T12:00:00Z')).toBe(true);
  });
});
