/**
 * The OS keychain as Sluice uses it: one password per account under one service. Implemented by
 * OsKeychainStore (real, @napi-rs/keyring); tests of other parts may pass their own.
 */
export interface KeychainStore {
  /** `macOS Keychain`, `Windows Credential Manager`, `Secret Service (GNOME Keyring, KWallet)`. */
  readonly storeName: string;
  /** The keychain service name, `sluice` unless a test chose another. */
  readonly service: string;
  /** The stored value, or undefined. Throws KeychainUnavailableError when there is no keychain. */
  get(account: string): Promise<string | undefined>;
  set(account: string, value: string): Promise<void>;
  /** False when nothing was stored under the account. */
  delete(account: string): Promise<boolean>;
  /** Accounts Sluice stored (names only: the keychain cannot be listed without reading values). */
  accounts(): Promise<string[]>;
  /** Undefined when the keychain works; otherwise why it does not. Checked once and remembered. */
  unavailableReason(): Promise<string | undefined>;
}

export const KEYCHAIN_SERVICE = 'sluice';

/** The keychain's name on this platform, for messages and the README. */
export function keychainStoreName(platform: string): string {
  if (platform === 'darwin') return 'macOS Keychain';
  if (platform === 'win32') return 'Windows Credential Manager';
  return 'Secret Service (GNOME Keyring, KWallet)';
}
