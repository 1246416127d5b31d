import type { KeychainStore } from './keychain-store';

export const SESSION_STORE_NAME = 'app session memory';

/**
 * Where the app keeps a pasted credential when no OS keychain is available: this process's memory, for this app
 * session only. Nothing is written anywhere, so everything here is lost when the app closes (the UI says so).
 */
export class SessionSecretStore implements KeychainStore {
  readonly storeName = SESSION_STORE_NAME;
  readonly service = 'sluice (memory)';
  private readonly values = new Map<string, string>();

  async get(account: string): Promise<string | undefined> {
    return this.values.get(account);
  }

  async set(account: string, value: string): Promise<void> {
    this.values.set(account, value);
  }

  async delete(account: string): Promise<boolean> {
    return this.values.delete(account);
  }

  async accounts(): Promise<string[]> {
    return [...this.values.keys()].sort();
  }

  async unavailableReason(): Promise<string | undefined> {
    return undefined;
  }
}
