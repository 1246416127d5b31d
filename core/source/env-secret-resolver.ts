import { SecretMissingError } from '../errors/secret-missing-error';
import { redactor as defaultRedactor, type Redactor } from '../http/redactor';
import type { SecretResolver } from '../secrets-port';

/**
 * The simplest SecretResolver: environment variables only, named like dlt's (`SOURCES__<SECTION>__<NAME>`).
 * Isomorphic: the caller hands in the environment. The CLI uses core/secrets' full chain instead.
 */
export class EnvSecretResolver implements SecretResolver {
  constructor(private readonly env: Record<string, string | undefined>, private readonly redactor: Redactor = defaultRedactor) {}

  static variableName(section: string, name: string): string {
    return `SOURCES__${section.toUpperCase()}__${name.toUpperCase()}`;
  }

  resolve(section: string, name: string): Promise<string> {
    const variable = EnvSecretResolver.variableName(section, name);
    const value = this.env[variable];
    if (!value) {
      return Promise.reject(new SecretMissingError({
        reference: `{secrets.${name}}`, owner: `source \`${section}\``, lookedIn: [`environment variable \`${variable}\``],
        envVar: variable, tomlTable: `sources.${section}`, tomlKey: name,
      }));
    }
    this.redactor.registerSecret(value);
    return Promise.resolve(value);
  }
}
