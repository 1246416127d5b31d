/**
 * Resolves `{secrets.<name>}` references for a source section. Implemented in core/secrets (env, TOML files,
 * keychain); the isomorphic core only knows this port. Every value returned must also be registered with the
 * redactor by the implementation.
 */
export interface SecretResolver {
  /** Returns the value, or throws a SecretMissingError naming every place it looked. */
  resolve(section: string, name: string): Promise<string>;
}
