import type { KeychainStore } from './keychain-store';
import { keychainAccount, type SecretKey } from './secret-key';
import type { ProvidedValue, SecretProvider } from './secret-provider';

/**
 * The OS keychain, after the files. When it is not available the lookup is skipped (the value may still come from
 * elsewhere) and `onUnavailable` hears why, once per provider, so the CLI can say so a single time.
 */
export class KeychainSecretProvider implements SecretProvider {
  readonly name = 'keychain' as const;
  private warned = false;

  constructor(private readonly store: KeychainStore, private readonly onUnavailable: (message: string) => void = () => undefined) {}

  async describe(key: SecretKey): Promise<string> {
    const where = `${this.store.storeName} (service \`${this.store.service}\`, account \`${keychainAccount(key)}\`)`;
    const reason = await this.store.unavailableReason();
    return reason ? `${where}: not available (${reason})` : where;
  }

  async lookup(key: SecretKey): Promise<ProvidedValue | undefined> {
    const reason = await this.store.unavailableReason();
    if (reason) {
      if (!this.warned) {
        this.warned = true;
        this.onUnavailable(`The OS keychain (${this.store.storeName}) is not available: ${reason}. ` +
          'Secrets are read from environment variables and .sluice/secrets.toml only.');
      }
      return undefined;
    }
    const account = keychainAccount(key);
    const value = await this.store.get(account);
    return value ? { value, origin: { provider: this.name, location: `keychain account ${account}` } } : undefined;
  }
}
