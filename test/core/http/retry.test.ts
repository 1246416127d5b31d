import { describe, expect, it } from 'vitest';
import { DEFAULT_RETRY, DEFAULT_TIMEOUT_MS, parseRetryAfter, retryDelay, isRetryableStatus } from '../../../core/http';

describe('retry policy', () => {
  it("defaults are dlt's", () => {
    expect(DEFAULT_RETRY).toMatchObject({ attempts: 5, backoffFactor: 1, maxDelayMs: 300_000 });
    expect(DEFAULT_TIMEOUT_MS).toBe(60_000);
  });

  it('retries 429 and every 5xx, nothing else', () => {
    expect([429, 500, 502, 503, 504, 599].every((s) => isRetryableStatus(s, DEFAULT_RETRY))).toBe(true);
    expect([400, 401, 403, 404, 409, 422].some((s) => isRetryableStatus(s, DEFAULT_RETRY))).toBe(false);
  });

  it('parses Retry-After as seconds or an HTTP date', () => {
    const now = Date.parse('2026-11-26T10:00:00Z');
    expect(parseRetryAfter('120', now)).toBe(120_000);
    expect(parseRetryAfter('0.5', now)).toBe(500);
    expect(parseRetryAfter('Thu, 26 Nov 2026 10:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('Thu, 26 Nov 2026 09:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });

  it('backs off exponentially with jitter, capped; Retry-After wins but is capped too', () => {
    const top = () => 0;
    const bottom = () => 1;
    expect([1, 2, 3, 4].map((a) => retryDelay(a, DEFAULT_RETRY, undefined, top).delayMs)).toEqual([1000, 2000, 4000, 8000]);
    expect(retryDelay(2, DEFAULT_RETRY, undefined, bottom).delayMs).toBe(1000);
    expect(retryDelay(20, DEFAULT_RETRY, undefined, top).delayMs).toBe(300_000);
    expect(retryDelay(1, DEFAULT_RETRY, 7000)).toEqual({ delayMs: 7000, retryAfter: true });
    expect(retryDelay(1, DEFAULT_RETRY, 3_600_000)).toEqual({ delayMs: 300_000, retryAfter: true });
    expect(retryDelay(1, { ...DEFAULT_RETRY, respectRetryAfter: false }, 7000, top)).toEqual({ delayMs: 1000, retryAfter: false });
  });
});
