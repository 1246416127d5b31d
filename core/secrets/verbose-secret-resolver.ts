import type { SecretOrigin } from '../api/secrets-types';
import type { SecretResolver } from '../secrets-port';
import { formatSecretKey, sourceKey } from './secret-key';
import type { ProviderSecretResolver } from './secret-resolver';

/** `secret \`github.token\` from environment (SOURCES__GITHUB__TOKEN)`: the provider and place, never the value. */
export function describeSecretOrigin(section: string, name: string, origin: SecretOrigin): string {
  return `secret \`${formatSecretKey(sourceKey(section, name))}\` from ${origin.provider} (${origin.location})`;
}

/**
 * For the CLI's `--verbose`: resolves like the inner resolver and reports where each secret came from, once per
 * secret, as it is resolved (before any request uses it).
 */
export class VerboseSecretResolver implements SecretResolver {
  private readonly reported = new Set<string>();

  constructor(private readonly inner: ProviderSecretResolver, private readonly report: (line: string) => void) {}

  async resolve(section: string, name: string): Promise<string> {
    const value = await this.inner.resolve(section, name);
    const origin = this.inner.origin(section, name);
    const id = `${section}.${name}`;
    if (origin && !this.reported.has(id)) {
      this.reported.add(id);
      this.report(describeSecretOrigin(section, name, origin));
    }
    return value;
  }
}
