import { redactor } from '../../http/redactor';

/** HTTP status of a client error (ApiError `code`, or a gaxios response), if any. */
export function statusOf(error: unknown): number | undefined {
  const e = error as { code?: unknown; response?: { status?: unknown } };
  if (typeof e?.code === 'number') return e.code;
  if (typeof e?.response?.status === 'number') return e.response.status;
  return undefined;
}

/** A client error as one line: status, BigQuery's message and its reasons, redacted. */
export function describeApiError(error: unknown): string {
  const e = error as { code?: number; message?: string; errors?: { reason?: string; message?: string }[] };
  const reasons = (e.errors ?? []).map((r) => r.reason).filter(Boolean);
  const text = `${e.code ? `HTTP ${e.code}: ` : ''}${e.message ?? String(error)}${reasons.length ? ` (reasons: ${[...new Set(reasons)].join(', ')})` : ''}`;
  return redactor.redactText(text);
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

const NETWORK_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN', 'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ECONNABORTED', 'EPIPE', 'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_SOCKET']);

/**
 * True when a request never got an answer (DNS, refused or reset connection, timeout, a proxy in the way): a
 * network problem, which must not be reported as refused credentials. Looks through `cause` chains, where fetch
 * and gaxios put the system error.
 */
export function isNetworkFailure(error: unknown): boolean {
  for (let e = error as { code?: unknown; cause?: unknown; message?: unknown } | undefined, depth = 0; e && depth < 5; e = e.cause as typeof e, depth++) {
    if (typeof e.code === 'string' && NETWORK_CODES.has(e.code)) return true;
    if (typeof e.message === 'string' && /fetch failed|getaddrinfo|socket hang up|network|timed? ?out/i.test(e.message) && statusOf(e) === undefined) return true;
  }
  return false;
}
