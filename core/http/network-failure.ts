import type { NetworkFailure } from '../errors/network-error';

const CODES: Array<[RegExp, NetworkFailure, string]> = [
  [/^(ENOTFOUND|EAI_AGAIN|EAI_NONAME)$/, 'dns', 'host name not found'],
  [/^ECONNREFUSED$/, 'refused', 'connection refused'],
  [/^(ECONNRESET|EPIPE|UND_ERR_SOCKET|UND_ERR_CLOSED|ECONNABORTED)$/, 'reset', 'connection reset'],
  [/^(ETIMEDOUT|UND_ERR_CONNECT_TIMEOUT|UND_ERR_HEADERS_TIMEOUT|UND_ERR_BODY_TIMEOUT)$/, 'timeout', 'timed out'],
  [/(CERT|TLS|SSL|SELF_SIGNED|UNABLE_TO_VERIFY)/, 'tls', 'TLS handshake failed'],
];

/**
 * Classifies a fetch failure from its cause chain. Only string codes and messages are read, so this works with
 * Node's undici and with browser fetch alike.
 */
export function classifyNetworkFailure(error: unknown): { failure: NetworkFailure; description: string } {
  for (let e: unknown = error, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') {
      for (const [re, failure, description] of CODES) if (re.test(code)) return { failure, description: `${description} (${code})` };
    }
    const message = (e as { message?: unknown }).message;
    if (typeof message === 'string' && /terminated|other side closed|socket hang up/i.test(message)) {
      return { failure: 'reset', description: 'connection reset while reading the response' };
    }
  }
  return { failure: 'other', description: error instanceof Error ? error.message : String(error) };
}
