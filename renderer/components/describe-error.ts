import { isSluiceError } from '../../core/index';

export interface ErrorDescription {
  title: string;
  message: string;
  /** The stable error code, when the host sent one. */
  code?: string;
}

const TITLES: Record<string, string> = {
  NETWORK_REFUSED: 'Connection refused',
  NETWORK_DNS: 'Host not found',
  NETWORK_TIMEOUT: 'Request timed out',
  NETWORK_TLS: 'TLS handshake failed',
  NETWORK_RESET: 'Connection reset',
  NETWORK_ABORTED: 'Request cancelled',
  NETWORK_ERROR: 'Network error',
  HTTP_STATUS: 'The server answered with an error',
  CONFIG_INVALID: 'Invalid input',
  RESPONSE_TOO_LARGE: 'Response too large',
  INTERNAL: 'Unexpected error',
  KEYCHAIN_UNAVAILABLE: 'The OS keychain is not available',
  SECRETS_MOVE_CONFLICT: 'The new name already has other secrets',
  SECRETS_MOVE_INCOMPLETE: 'Moving the secrets did not finish',
};

/**
 * What an error alert shows: a title chosen by `code`, the message as written by the host, and the code.
 * Never a stack trace. Errors are recognised by shape, since they lose their class across the Electron bridge.
 */
export function describeError(error: unknown): ErrorDescription {
  if (isSluiceError(error)) {
    return { title: TITLES[error.code] ?? 'Request failed', message: error.message, code: error.code };
  }
  if (error instanceof Error) return { title: 'Unexpected error', message: error.message || error.name };
  return { title: 'Unexpected error', message: String(error) };
}
