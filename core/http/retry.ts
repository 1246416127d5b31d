/** Retry policy. Defaults are dlt's: 5 attempts, backoff factor 1, max delay 300 s (timeout 60 s is the client's). */
export interface RetryOptions {
  /** Total attempts including the first. Default 5; 1 disables retries. */
  attempts: number;
  /** Base delay in seconds: attempt n waits factor × 2^(n-1) s. Default 1. */
  backoffFactor: number;
  /** Upper bound for any wait, Retry-After included, in ms. Default 300 000. */
  maxDelayMs: number;
  /** Random spread: the wait is scaled by a factor in [1 − jitter, 1]. Default 0.5; 0 for none. */
  jitter: number;
  /** Honour `Retry-After` (seconds or HTTP date). Default true. */
  respectRetryAfter: boolean;
  /** Statuses retried besides every 5xx. Default [429]. */
  retryStatuses: readonly number[];
}

export const DEFAULT_RETRY: Readonly<RetryOptions> = {
  attempts: 5,
  backoffFactor: 1,
  maxDelayMs: 300_000,
  jitter: 0.5,
  respectRetryAfter: true,
  retryStatuses: [429],
};

export const DEFAULT_TIMEOUT_MS = 60_000;

/** One retry, as the caller sees it (page timeline, logs, hooks). URL already redacted. */
export interface RetryEvent {
  /** The attempt that failed (1-based). */
  attempt: number;
  method: string;
  url: string;
  /** `429 Too Many Requests`, `connection reset`, `timeout after 50 ms`, `response action retry`, `401: token refreshed`. */
  reason: string;
  status?: number;
  /** How long the client waits before the next attempt. */
  delayMs: number;
  /** True when the wait came from the server's `Retry-After`. */
  retryAfter: boolean;
  at: string;
}

export function isRetryableStatus(status: number, options: RetryOptions): boolean {
  return status >= 500 || options.retryStatuses.includes(status);
}

/** Parses `Retry-After` (delta seconds or HTTP date) into ms from `now`; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}

/** Wait before the attempt after `attempt` (1-based): Retry-After when given, else exponential backoff with jitter; capped. */
export function retryDelay(attempt: number, options: RetryOptions, retryAfterMs: number | undefined, random = Math.random): { delayMs: number; retryAfter: boolean } {
  if (retryAfterMs !== undefined && options.respectRetryAfter) {
    return { delayMs: Math.min(retryAfterMs, options.maxDelayMs), retryAfter: true };
  }
  const base = options.backoffFactor * 1000 * 2 ** (attempt - 1);
  const spread = 1 - options.jitter * random();
  return { delayMs: Math.round(Math.min(base, options.maxDelayMs) * spread), retryAfter: false };
}

/** Sleeps `ms`, waking early (with the signal's reason) when the caller aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = (): void => { clearTimeout(timer); reject(signal?.reason); };
    const timer = setTimeout(() => { signal?.removeEventListener('abort', onAbort); resolve(); }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

export function resolveRetryOptions(partial: Partial<RetryOptions> | undefined): RetryOptions {
  return { ...DEFAULT_RETRY, ...partial };
}
