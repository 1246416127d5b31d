import type { SecretOrigin, SecretProviderName } from '../api/secrets-types';
import type { SecretKey } from './secret-key';

/** A value a provider found: a string (env, keychain) or any TOML value (a table for a service-account key). */
export interface ProvidedValue {
  value: unknown;
  origin: SecretOrigin;
}

/** One place secrets come from. Providers are asked in order; the first that has a key wins. */
export interface SecretProvider {
  readonly name: SecretProviderName;
  /** Where this provider looks for the key, for the missing-secret message: never a value. */
  describe(key: SecretKey): Promise<string>;
  lookup(key: SecretKey): Promise<ProvidedValue | undefined>;
}
