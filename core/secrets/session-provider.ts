import { keychainAccount, type SecretKey } from './secret-key';
import type { ProvidedValue, SecretProvider } from './secret-provider';
import type { SessionSecretStore } from './session-secret-store';

/** Credentials held in memory for this app session (pasted while no keychain was available): after the keychain. */
export class SessionSecretProvider implements SecretProvider {
  readonly name = 'session' as const;

  constructor(private readonly store: SessionSecretStore) {}

  async describe(key: SecretKey): Promise<string> {
    return `this app session's memory (account \`${keychainAccount(key)}\`)`;
  }

  async lookup(key: SecretKey): Promise<ProvidedValue | undefined> {
    const account = keychainAccount(key);
    const value = await this.store.get(account);
    return value ? { value, origin: { provider: this.name, location: `memory only, this app session (${account})` } } : undefined;
  }
}
