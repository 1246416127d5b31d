import { envVarName, type SecretKey } from './secret-key';
import type { ProvidedValue, SecretProvider } from './secret-provider';

/** `SOURCES__GITHUB__TOKEN`, `DESTINATION__BIGQUERY__CREDENTIALS`. An empty variable counts as unset. */
export class EnvSecretProvider implements SecretProvider {
  readonly name = 'environment' as const;

  constructor(private readonly env: Record<string, string | undefined>) {}

  describe(key: SecretKey): Promise<string> {
    return Promise.resolve(`environment variable \`${envVarName(key)}\``);
  }

  lookup(key: SecretKey): Promise<ProvidedValue | undefined> {
    const variable = envVarName(key);
    const value = this.env[variable];
    return Promise.resolve(value ? { value, origin: { provider: this.name, location: variable } } : undefined);
  }
}
