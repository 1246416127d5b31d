import { SluiceError } from './sluice-error';

/**
 * The OS keychain cannot be used (typically headless Linux with no Secret Service on D-Bus). Sluice never falls
 * back to a plain file: the message points to the environment and `.sluice/secrets.toml` instead.
 */
export class KeychainUnavailableError extends SluiceError {
  readonly reason: string;

  constructor(store: string, reason: string, options: { cause?: unknown } = {}) {
    super('KEYCHAIN_UNAVAILABLE',
      `The OS keychain (${store}) is not available: ${reason}. ` +
      'Set secrets as environment variables (`SOURCES__<SECTION>__<NAME>`, `DESTINATION__<NAME>__<KEY>`) or in ' +
      '`.sluice/secrets.toml` (`[sources.<section>]` / `[destination.<name>]`) instead; Sluice does not store them in a plain file.',
      { cause: options.cause, details: { store, reason } });
    this.name = 'KeychainUnavailableError';
    this.reason = reason;
  }
}
