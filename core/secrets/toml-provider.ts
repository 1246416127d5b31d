import { keyPath, tomlLocation, type SecretKey } from './secret-key';
import type { ProvidedValue, SecretProvider } from './secret-provider';
import { lookupPath, TomlFile } from './toml-file';

/**
 * `secrets.toml` or `config.toml`, in the project's `.sluice/` first and then the user's home `.sluice/`
 * (dlt reads both and the project wins). `[sources.github] token = "..."`; `[destination.bigquery] location = "EU"`;
 * a dotted name nests: `[sources.github.credentials] token = "..."`.
 */
export class TomlSecretProvider implements SecretProvider {
  private readonly files: TomlFile[];

  constructor(readonly name: 'secrets.toml' | 'config.toml', paths: string[]) {
    this.files = paths.map((p) => new TomlFile(p));
  }

  describe(key: SecretKey): Promise<string> {
    const { table, key: tomlKey } = tomlLocation(key);
    return Promise.resolve(this.files.map((f) => `\`${f.path}\` (\`[${table}]\` \`${tomlKey}\`)`).join('; '));
  }

  async lookup(key: SecretKey): Promise<ProvidedValue | undefined> {
    for (const file of this.files) {
      const value = lookupPath(await file.read(), keyPath(key));
      if (value !== undefined && value !== '') return { value, origin: { provider: this.name, location: file.path } };
    }
    return undefined;
  }
}
