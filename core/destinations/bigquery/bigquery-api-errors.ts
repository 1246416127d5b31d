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
