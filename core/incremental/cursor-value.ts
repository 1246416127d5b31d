import { ExactInteger } from '../http/exact-integer';

/**
 * Cursor values compare as what they mean: ISO timestamps and dates as instants (so `2024-01-01T10:00:00+02:00`
 * equals `2024-01-01T08:00:00Z`), numbers as numbers, anything else as strings.
 */
const ISO = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)(Z|[+-]\d{2}:?\d{2})?)?$/i;

type Parsed =
  | { kind: 'number'; n: number } | { kind: 'exact'; b: bigint } | { kind: 'instant'; ms: number; dateOnly: boolean }
  | { kind: 'string'; s: string };

/** An integer too long for a double, as state keeps an exact one (JSON has it as a string of digits). */
const LONG_INTEGER = /^-?\d{16,}$/;

export function parseCursorValue(value: unknown): Parsed {
  if (typeof value === 'number') return { kind: 'number', n: value };
  if (typeof value === 'bigint') return { kind: 'exact', b: value };
  if (value instanceof ExactInteger) return { kind: 'exact', b: BigInt(value.digits) };
  if (value instanceof Date) return { kind: 'instant', ms: value.getTime(), dateOnly: false };
  const s = String(value);
  if (LONG_INTEGER.test(s)) return { kind: 'exact', b: BigInt(s) };
  const m = ISO.exec(s);
  if (m) {
    // A timestamp without a zone is UTC (as dlt reads it), never local time.
    const text = m[2] ? `${m[1]}T${m[2]}${m[3] ?? 'Z'}` : `${m[1]}T00:00:00Z`;
    const ms = Date.parse(text.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
    if (!Number.isNaN(ms)) return { kind: 'instant', ms, dateOnly: !m[2] };
  }
  return { kind: 'string', s };
}

/** Negative, zero or positive like a sort comparator. */
export function compareCursorValues(a: unknown, b: unknown): number {
  const pa = parseCursorValue(a);
  const pb = parseCursorValue(b);
  if (pa.kind === 'number' && pb.kind === 'number') return Math.sign(pa.n - pb.n);
  if ((pa.kind === 'exact' || pa.kind === 'number') && (pb.kind === 'exact' || pb.kind === 'number')) {
    const ba = exact(pa);
    const bb = exact(pb);
    if (ba !== undefined && bb !== undefined) return ba < bb ? -1 : ba > bb ? 1 : 0;
    return Math.sign(approximate(pa) - approximate(pb));
  }
  if (pa.kind === 'instant' && pb.kind === 'instant') return Math.sign(pa.ms - pb.ms);
  const sa = String(a);
  const sb = String(b);
  return sa < sb ? -1 : sa > sb ? 1 : 0;
}

/**
 * Moves a cursor value by `lag` (seconds for timestamps, days for dates, units for numbers); `direction` -1 goes
 * back. The result keeps the value's form: a date stays `YYYY-MM-DD`, a timestamp becomes ISO 8601 in UTC.
 */
export function shiftCursorValue(value: unknown, lag: number, direction: 1 | -1): unknown {
  if (!lag) return value;
  const parsed = parseCursorValue(value);
  if (parsed.kind === 'number') return parsed.n + direction * lag;
  if (parsed.kind === 'exact' && Number.isInteger(lag)) return new ExactInteger(String(parsed.b + BigInt(direction * lag)));
  if (parsed.kind === 'instant') {
    if (parsed.dateOnly) return new Date(parsed.ms + direction * lag * 86_400_000).toISOString().slice(0, 10);
    const iso = new Date(parsed.ms + direction * lag * 1000).toISOString();
    return typeof value === 'string' && !/\.\d+/.test(value) ? iso.replace(/\.000Z$/, 'Z') : iso;
  }
  return value;
}

/** An integer cursor value as a BigInt (a fractional number has none). */
function exact(p: { kind: 'number'; n: number } | { kind: 'exact'; b: bigint }): bigint | undefined {
  if (p.kind === 'exact') return p.b;
  return Number.isInteger(p.n) ? BigInt(p.n) : undefined;
}

function approximate(p: { kind: 'number'; n: number } | { kind: 'exact'; b: bigint }): number {
  return p.kind === 'exact' ? Number(p.b) : p.n;
}
