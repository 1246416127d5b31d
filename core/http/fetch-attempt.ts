import { NetworkError } from '../errors/network-error';
import { ResponseTooLargeError } from '../errors/response-too-large-error';
import { classifyNetworkFailure } from './network-failure';
import { readBody } from './read-body';
import type { Redactor } from './redactor';

export interface AttemptLimits {
  /** Covers connecting, headers and the whole body. */
  timeoutMs: number;
  signal: AbortSignal | undefined;
  maxResponseBytes: number;
  redactor: Redactor;
  /** The redacted URL, for messages. */
  shownUrl: string;
}

/**
 * One HTTP attempt: fetch and read the whole body under the attempt's timeout and the caller's signal. Failures
 * become NetworkError (`timeout`, `aborted`, `reset`...) so the retry loop can decide. Uses global fetch only; Node's
 * global fetch (undici) keeps connections alive and reuses them between attempts and pages by default.
 */
export async function fetchAttempt(
  url: string,
  init: { method: string; headers: Headers; body: string | URLSearchParams | undefined },
  limits: AttemptLimits,
): Promise<{ response: Response; text: string; bytes: number }> {
  const { timeoutMs, signal: outer, redactor, shownUrl } = limits;
  // One controller per attempt, linked by hand to the caller's signal (AbortSignal.any can leak listeners on
  // long-lived signals in some Node 20 releases).
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new Error('timeout')), timeoutMs);
  const onAbort = (): void => controller.abort(outer?.reason);
  if (outer?.aborted) onAbort();
  else outer?.addEventListener('abort', onAbort, { once: true });
  const details = { method: init.method, url: shownUrl };
  const fail = (error: unknown): NetworkError => {
    if (outer?.aborted) return new NetworkError('aborted', `${init.method} ${shownUrl} was aborted`, { cause: error, ...details });
    if (controller.signal.aborted) {
      return new NetworkError('timeout', `${init.method} ${shownUrl} failed: no complete response within ${timeoutMs} ms`, { cause: error, ...details });
    }
    const { failure, description } = classifyNetworkFailure(error);
    return new NetworkError(failure, `${init.method} ${shownUrl} failed: ${redactor.redactText(description)}`, { cause: error, ...details });
  };
  try {
    let response: Response;
    try {
      response = await fetch(url, { method: init.method, headers: init.headers, body: init.body ?? null, signal: controller.signal });
    } catch (error) {
      throw fail(error);
    }
    try {
      const tooLarge = (): Error => new ResponseTooLargeError({ method: init.method, url: shownUrl, limit: limits.maxResponseBytes });
      const { text, bytes } = await readBody(response, limits.maxResponseBytes, tooLarge);
      return { response, text, bytes };
    } catch (error) {
      if (error instanceof ResponseTooLargeError) throw error;
      throw fail(error);
    }
  } finally {
    clearTimeout(timer);
    outer?.removeEventListener('abort', onAbort);
  }
}
