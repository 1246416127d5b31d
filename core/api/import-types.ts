/** A dlt `rest_api` config pasted or imported into the app; its literal credentials move into the OS keychain. */
export interface ImportSourceConfigInput {
  /** The config as JSON text, exactly as pasted or read from the file. */
  text: string;
  /** The secrets section (the project's name). Without it, the base name of `fileName` in snake_case. */
  section?: string;
  /** The imported file's name (`github.json` → section `github`), when the config came from a file. */
  fileName?: string;
  /**
   * Without an OS keychain: `fail` (default) throws KEYCHAIN_UNAVAILABLE and keeps nothing; `session` holds the
   * credentials in the host's memory for this app session only (never on disk) and still returns references.
   */
  whenNoKeychain?: 'fail' | 'session';
}

/** One credential moved into the keychain: where it was and the reference now in its place. Never its value. */
export interface ImportedCredential {
  /** The reference name: `token` for `{secrets.token}`. */
  name: string;
  section: string;
  /** Its JSON path in the config: `client.auth.token`. */
  path: string;
  /** The keychain account it is stored under: `<section>.<name>`. */
  account: string;
}

export interface ImportSourceConfigResult {
  /** The config to keep: unchanged when nothing moved, otherwise rewritten with `{secrets.<name>}` references. */
  text: string;
  /** The section the credentials were stored under. */
  section: string;
  moved: ImportedCredential[];
  /** What the user must still act on (a credential inside a URL, which a reference cannot replace). No values. */
  warnings: string[];
  /**
   * Present when the credentials went to the session store (no OS keychain, `whenNoKeychain: 'session'`): they are
   * lost when the app closes. Names and places only, never values.
   */
  session?: SessionOnlyCredentials;
}

/** Credentials held in memory for this app session only, and how to keep them for good. */
export interface SessionOnlyCredentials {
  /** Why the OS keychain is unavailable, and what to use instead (KEYCHAIN_UNAVAILABLE's whole message). */
  keychainMessage: string;
  /** The reason alone: `no Secret Service (such as gnome-keyring or KWallet) is running on the D-Bus session bus`. */
  keychainReason: string;
  /** The keychain it tried: `Secret Service (GNOME Keyring, KWallet)`, `macOS Keychain`. */
  keychainStore: string;
  /** Per credential, the environment variable that supplies it across restarts: `SOURCES__GITHUB__TOKEN`. */
  envVars: string[];
  /** The `.sluice/secrets.toml` table that can hold them: `sources.github`. */
  tomlTable: string;
}
