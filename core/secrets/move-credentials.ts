import { redactor as globalRedactor, type Redactor } from '../http/redactor';
import type { KeychainStore } from './keychain-store';
import { findLiteralCredentials, type LiteralCredential } from './literal-credentials';
import { keychainAccount, sourceKey } from './secret-key';

export interface MovedCredential {
  path: string;
  /** The reference now in the config: `{secrets.<name>}`. */
  name: string;
  account: string;
}

export interface MoveCredentialsResult<T> {
  /** A copy of the config with references in place of the literals. */
  config: T;
  moved: MovedCredential[];
  /** Literals that cannot become references (inside a base URL): still redacted; the user must edit them. */
  kept: { path: string }[];
}

/**
 * For the app's import and paste: stores every literal credential of a config in the OS keychain (account
 * `<section>.<name>`) and returns the config rewritten to `{secrets.<name>}` references. The keychain is written
 * before the config is returned, so a failure (no keychain) leaves the caller with the original and an error.
 */
export async function moveCredentialsToKeychain<T>(config: T, options: { section: string; keychain: KeychainStore; redactor?: Redactor }):
  Promise<MoveCredentialsResult<T>> {
  const redactor = options.redactor ?? globalRedactor;
  const found = findLiteralCredentials(config);
  for (const c of found) redactor.registerSecret(c.value);
  const movable = found.filter((c) => c.movable);
  const stored = new Set<string>();
  for (const c of movable) {
    const account = keychainAccount(sourceKey(options.section, c.name));
    if (stored.has(account)) continue;
    await options.keychain.set(account, c.value);
    stored.add(account);
  }
  const copy = structuredClone(config);
  for (const c of movable) setAtPath(copy, c);
  return {
    config: copy,
    moved: movable.map((c) => ({ path: c.path, name: c.name, account: keychainAccount(sourceKey(options.section, c.name)) })),
    kept: found.filter((c) => !c.movable).map((c) => ({ path: c.path })),
  };
}

function setAtPath(root: unknown, credential: LiteralCredential): void {
  let target = root as Record<string | number, unknown>;
  for (const key of credential.keys.slice(0, -1)) target = target[key] as Record<string | number, unknown>;
  target[credential.keys[credential.keys.length - 1]!] = `${credential.prefix}{secrets.${credential.name}}`;
}
