// How every destination's `query()` spells values back, so DuckDB and BigQuery answer alike.

/** ISO-8601 UTC with microseconds only when they are not zero (`2024-01-02T03:04:05.123456Z`). */
export function microsToIso(micros: bigint): string {
  const millis = micros / 1000n - (micros % 1000n < 0n ? 1n : 0n);
  const rest = Number(((micros % 1000n) + 1000n) % 1000n);
  const iso = new Date(Number(millis)).toISOString();
  return rest === 0 ? iso : `${iso.slice(0, -1)}${String(rest).padStart(3, '0')}Z`;
}

/** `12.500000000` → `12.5`, `3.000` → `3`: decimals without the padding of their scale. */
export function trimDecimal(text: string): string {
  return text.includes('.') ? text.replace(/0+$/, '').replace(/\.$/, '') : text;
}
