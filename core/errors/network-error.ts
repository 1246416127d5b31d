import { SluiceError } from './sluice-error';

export type NetworkFailure = 'dns' | 'refused' | 'reset' | 'timeout' | 'tls' | 'aborted' | 'other';

const CODES: Record<NetworkFailure, string> = {
  dns: 'NETWORK_DNS',
  refused: 'NETWORK_REFUSED',
  reset: 'NETWORK_RESET',
  timeout: 'NETWORK_TIMEOUT',
  tls: 'NETWORK_TLS',
  aborted: 'NETWORK_ABORTED',
  other: 'NETWORK_ERROR',
};

/** A request never got a complete HTTP response. `url` is already redacted. */
export class NetworkError extends SluiceError {
  readonly failure: NetworkFailure;

  constructor(failure: NetworkFailure, message: string, options: { cause?: unknown; method?: string; url?: string } = {}) {
    super(CODES[failure], message, {
      cause: options.cause,
      details: { failure, method: options.method, url: options.url },
    });
    this.name = 'NetworkError';
    this.failure = failure;
  }

  /** True when a retry may succeed (everything but DNS, TLS and an explicit abort). */
  get retryable(): boolean {
    return this.failure === 'refused' || this.failure === 'reset' || this.failure === 'timeout' || this.failure === 'other';
  }
}
