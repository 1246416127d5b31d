import type { PreviewRequestInput, PreviewResponse } from '../api/preview-types';
import { ConfigError } from '../errors/config-error';
import { NetworkError, type NetworkFailure } from '../errors/network-error';
import { stringifyKeepingIntegers } from '../http/exact-integer';
import { parseJson } from '../http/parse-json';
import { isSecretHeaderName, isSecretParamName, type Redactor } from '../http/redactor';

/** Bodies larger than this are cut in the preview (the whole body is still downloaded and counted). */
const PREVIEW_BODY_LIMIT = 2 * 1024 * 1024;
const DEFAULT_TIMEOUT_MS = 30_000;

/** Makes one real HTTP request for the preview panel and describes the response, redacted. */
export async function previewRequest(input: PreviewRequestInput, redactor: Redactor): Promise<PreviewResponse> {
  const method = (input.method ?? 'GET').toUpperCase();
  const url = parseUrl(input.url);
  const shownUrl = redactor.redactUrl(url.toString());
  const headers = new Headers(input.headers ?? {});
  let body: string | undefined;
  if (input.body !== undefined && method !== 'GET' && method !== 'HEAD') {
    body = typeof input.body === 'string' ? input.body : JSON.stringify(input.body);
    if (!headers.has('content-type')) headers.set('content-type', 'application/json');
  }
  markTypedSecrets(url, headers, redactor);
  const timeoutMs = input.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const started = performance.now();
  let response: Response;
  let bytes: Uint8Array;
  try {
    response = await fetch(url, { method, headers, body, redirect: 'follow', signal: AbortSignal.timeout(timeoutMs) });
    bytes = new Uint8Array(await response.arrayBuffer());
  } catch (error) {
    throw toNetworkError(error, method, shownUrl, timeoutMs);
  }
  const elapsedMs = Math.round(performance.now() - started);
  const truncated = bytes.byteLength > PREVIEW_BODY_LIMIT;
  const text = new TextDecoder().decode(truncated ? bytes.subarray(0, PREVIEW_BODY_LIMIT) : bytes);
  const parsed = parseBody(text, truncated);
  const shown = parsed.kind === 'json' ? redactor.redactJson(parsed.value) : redactor.redactText(String(parsed.value));
  return {
    request: { method, url: shownUrl, headers: redactor.redactHeaders(headers.entries()) },
    status: response.status,
    statusText: response.statusText,
    headers: redactor.redactHeaders(response.headers.entries()),
    elapsedMs,
    sizeBytes: bytes.byteLength,
    bodyKind: parsed.kind,
    // ExactInteger writes its digits as a string: `body` stays plain JSON, which every transport carries whole
    body: parsed.kind === 'json' ? JSON.parse(JSON.stringify(shown)) as unknown : shown,
    bodyText: parsed.kind === 'json' ? stringifyKeepingIntegers(shown, 2) : String(shown),
    truncated,
  };
}

/** Credentials the user typed into the request are secrets too: a server that echoes them must not show them. */
function markTypedSecrets(url: URL, headers: Headers, redactor: Redactor): void {
  for (const [name, value] of headers) {
    if (isSecretHeaderName(name)) redactor.registerSecret(value.replace(/^(Bearer|Basic|Token|Bot)\s+/i, ''));
  }
  for (const [name, value] of url.searchParams) if (isSecretParamName(name)) redactor.registerSecret(value);
  if (url.password) redactor.registerSecret(decodeURIComponent(url.password));
}

function parseUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(`\`url\` must be an absolute http(s) URL such as https://api.example.com/items, got \`${raw}\``, { path: 'url' });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ConfigError(`\`url\` must use http or https, got \`${url.protocol.replace(':', '')}\``, { path: 'url' });
  }
  return url;
}

function parseBody(text: string, truncated: boolean): { kind: 'json' | 'text' | 'empty'; value: unknown } {
  if (text.trim() === '') return { kind: 'empty', value: '' };
  if (!truncated) {
    try {
      return { kind: 'json', value: parseJson(text) };
    } catch {
      // Not JSON: shown as text.
    }
  }
  return { kind: 'text', value: text };
}

const TLS_CODES = /CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_VERIFY/i;

/** Turns what fetch throws into a NetworkError that says what happened in words. */
export function toNetworkError(error: unknown, method: string, url: string, timeoutMs: number): NetworkError {
  const err = error as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  const code = err.cause?.code ?? '';
  let failure: NetworkFailure = 'other';
  let what = err.cause?.message ?? err.message ?? String(error);
  if (err.name === 'TimeoutError') { failure = 'timeout'; what = `no response within ${timeoutMs} ms`; }
  else if (err.name === 'AbortError') { failure = 'aborted'; what = 'the request was cancelled'; }
  else if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') { failure = 'dns'; what = `the host name could not be resolved (${code})`; }
  else if (code === 'ECONNREFUSED') { failure = 'refused'; what = 'the connection was refused: is the server running on that port?'; }
  else if (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET' || code === 'EPIPE') { failure = 'reset'; what = 'the connection was reset before the response was complete'; }
  else if (TLS_CODES.test(code) || TLS_CODES.test(what)) { failure = 'tls'; what = `the TLS handshake failed (${code || what})`; }
  return new NetworkError(failure, `${method} ${url} failed: ${what}`, { cause: error, method, url });
}
