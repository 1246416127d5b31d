/**
 * Which provider supplied a secret, in resolution order (dlt's): environment first, the default last. `session` is the
 * app's memory for this session only: a pasted credential held there while no OS keychain is available.
 */
export type SecretProviderName = 'environment' | 'secrets.toml' | 'config.toml' | 'keychain' | 'session' | 'default';

/** Where a value came from: the provider and a place a person can find (env var name, file path, account). */
export interface SecretOrigin {
  provider: SecretProviderName;
  /** `SOURCES__GITHUB__TOKEN`, `/home/me/.sluice/secrets.toml`, `keychain account github.token`. Never a value. */
  location: string;
}

/** Stores a secret in the OS keychain (service `sluice`, account `<section>.<name>`). */
export interface SetSecretInput {
  /** Source section (the project name) or, with scope `destination`, the destination name (`bigquery`). */
  section: string;
  /** Reference name: `token` for `{secrets.token}`. */
  name: string;
  value: string;
  /** Default `sources`. */
  scope?: 'sources' | 'destination';
}

export interface DeleteSecretInput {
  section: string;
  name: string;
  scope?: 'sources' | 'destination';
}

export interface DeleteSecretResult {
  /** False when the keychain held nothing under that name. */
  deleted: boolean;
}

export interface ListSecretsInput {
  /** Only this section (a source or destination name). */
  section?: string;
  /** Names a config refers to: listed even when unset, so the UI can show what is missing. */
  references?: { section: string; name: string; scope?: 'sources' | 'destination' }[];
}

/** One secret's status: never its value. */
export interface SecretStatus {
  scope: 'sources' | 'destination';
  section: string;
  name: string;
  /** True when some provider supplies it. */
  set: boolean;
  /** The provider that currently wins (environment beats the keychain), when set. */
  origin?: SecretOrigin;
  /** The environment variable and TOML location a person could use instead. */
  envVar: string;
  toml: { table: string; key: string };
}

export interface SecretListing {
  secrets: SecretStatus[];
  keychain: {
    available: boolean;
    /** `macOS Keychain`, `Windows Credential Manager`, `Secret Service (GNOME Keyring, KWallet)`. */
    store: string;
    /** Why it is unavailable and what to use instead; absent when available. */
    message?: string;
  };
}
