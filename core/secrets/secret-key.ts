/**
 * Where a secret lives, named once: the environment variable, the TOML table and key, the keychain account.
 * Sources: `SOURCES__<SECTION>__<NAME>`, `[sources.<section>] <name>`, account `<section>.<name>`.
 * Destinations: `DESTINATION__<NAME>__<KEY>`, `[destination.<name>] <key>`, account `destination.<name>.<key>`.
 * A dotted name (`credentials.client_secret`) nests: `SOURCES__X__CREDENTIALS__CLIENT_SECRET`, `[sources.x.credentials]`.
 */
export type SecretScope = 'sources' | 'destination';

export interface SecretKey {
  scope: SecretScope;
  /** The source section (project name, `--source-name`, or the config file's base name) or the destination name. */
  section: string;
  /** The reference name, e.g. `token` for `{secrets.token}`; may be dotted. */
  name: string;
}

const SEGMENT = /^[A-Za-z0-9_-]+$/;

export function sourceKey(section: string, name: string): SecretKey {
  return { scope: 'sources', section, name };
}

export function destinationKey(destination: string, name: string): SecretKey {
  return { scope: 'destination', section: destination, name };
}

/** The path segments a key is looked up under, from the outermost TOML table down. */
export function keyPath(key: SecretKey): string[] {
  return [key.scope, key.section, ...key.name.split('.')];
}

/** `SOURCES__GITHUB__TOKEN`: upper-cased segments joined by `__` (dlt's convention). */
export function envVarName(key: SecretKey): string {
  return keyPath(key).map((s) => s.toUpperCase().replace(/-/g, '_')).join('__');
}

/** `{ table: 'sources.github', key: 'token' }` for `[sources.github] token = "..."`. */
export function tomlLocation(key: SecretKey): { table: string; key: string } {
  const path = keyPath(key);
  return { table: path.slice(0, -1).join('.'), key: path[path.length - 1]! };
}

/** The keychain account: `<section>.<name>` for sources, `destination.<name>.<key>` for destinations. */
export function keychainAccount(key: SecretKey): string {
  return key.scope === 'sources' ? `${key.section}.${key.name}` : `destination.${key.section}.${key.name}`;
}

/** How the CLI spells a key: `github.token`, `destination.bigquery.credentials`. */
export function formatSecretKey(key: SecretKey): string {
  return keychainAccount(key);
}

/**
 * Parses `github.token` (a source secret) or `destination.bigquery.credentials` (a destination secret).
 * Returns undefined when the text is not `<section>.<name>` made of letters, digits, `_` and `-`.
 */
export function parseSecretKey(text: string): SecretKey | undefined {
  const parts = text.split('.');
  if (parts.length < 2 || !parts.every((p) => SEGMENT.test(p))) return undefined;
  if (parts[0] === 'destination') {
    if (parts.length < 3) return undefined;
    return destinationKey(parts[1]!, parts.slice(2).join('.'));
  }
  return sourceKey(parts[0]!, parts.slice(1).join('.'));
}

/** The inverse of `keychainAccount`, for reading the keychain index. */
export function keyFromAccount(account: string): SecretKey | undefined {
  return parseSecretKey(account);
}
