import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { AsyncEntry } from '@napi-rs/keyring';
import { KeychainUnavailableError } from '../errors/keychain-unavailable-error';
import { KEYCHAIN_SERVICE, keychainStoreName, type KeychainStore } from './keychain-store';

export interface OsKeychainStoreOptions {
  /** Holds `.sluice/keychain-index.json` (names only). */
  homeDir: string;
  /** Default `sluice`; tests may use their own. */
  service?: string;
  platform?: NodeJS.Platform;
}

/**
 * The real keychain through @napi-rs/keyring, the Linux store pinned to the Secret Service (unpinned, the library
 * silently falls back to the kernel keyring, which forgets everything at logout). The keychain cannot be listed
 * without reading values, so the accounts Sluice wrote are kept in an index file: names, never values.
 */
export class OsKeychainStore implements KeychainStore {
  readonly storeName: string;
  readonly service: string;
  private readonly indexPath: string;
  private availability: Promise<string | undefined> | undefined;

  constructor(options: OsKeychainStoreOptions) {
    this.service = options.service ?? KEYCHAIN_SERVICE;
    this.storeName = keychainStoreName(options.platform ?? process.platform);
    this.indexPath = join(options.homeDir, '.sluice', 'keychain-index.json');
  }

  async get(account: string): Promise<string | undefined> {
    const value = await this.call((entry) => entry.getPassword(), account);
    return value ?? undefined;
  }

  async set(account: string, value: string): Promise<void> {
    await this.call((entry) => entry.setPassword(value), account);
    await this.updateIndex((names) => names.add(account));
  }

  async delete(account: string): Promise<boolean> {
    const deleted = await this.call((entry) => entry.deleteCredential(), account);
    await this.updateIndex((names) => names.delete(account));
    return deleted;
  }

  async accounts(): Promise<string[]> {
    return [...(await this.readIndex())].sort();
  }

  unavailableReason(): Promise<string | undefined> {
    this.availability ??= (async () => {
      try {
        await this.entry('sluice.availability-check').getPassword();
        return undefined;
      } catch (error) {
        return describeFailure(error);
      }
    })();
    return this.availability;
  }

  private entry(account: string): AsyncEntry {
    return new AsyncEntry(this.service, account, { linux: { store: 'secret-service' } });
  }

  /** Runs one keychain call; a platform failure (no D-Bus, no Secret Service, locked store) becomes one clear error. */
  private async call<T>(work: (entry: AsyncEntry) => Promise<T>, account: string): Promise<T> {
    try {
      return await work(this.entry(account));
    } catch (error) {
      throw new KeychainUnavailableError(this.storeName, describeFailure(error), { cause: error });
    }
  }

  private async readIndex(): Promise<Set<string>> {
    try {
      const parsed = JSON.parse(await readFile(this.indexPath, 'utf8')) as { accounts?: unknown };
      return new Set(Array.isArray(parsed.accounts) ? parsed.accounts.filter((a): a is string => typeof a === 'string') : []);
    } catch {
      return new Set();
    }
  }

  private async updateIndex(change: (names: Set<string>) => void): Promise<void> {
    const names = await this.readIndex();
    change(names);
    await mkdir(join(this.indexPath, '..'), { recursive: true });
    const tmp = `${this.indexPath}.${process.pid}.tmp`;
    await writeFile(tmp, JSON.stringify({ service: this.service, accounts: [...names].sort() }, null, 2) + '\n', { mode: 0o600 });
    await rename(tmp, this.indexPath);
  }
}

/** Turns the library's platform errors into a sentence a person can act on. */
function describeFailure(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  if (/DBUS_SESSION_BUS_ADDRESS|autolaunch/i.test(text)) return 'no D-Bus session bus is running (DBUS_SESSION_BUS_ADDRESS is not set), so no Secret Service can be reached';
  if (/ServiceUnknown|org\.freedesktop\.secrets|was not provided by any \.service files/i.test(text)) return 'no Secret Service (such as gnome-keyring or KWallet) is running on the D-Bus session bus';
  if (/locked|prompt|dismissed/i.test(text)) return `the keychain is locked or access was refused (${text})`;
  return text;
}
