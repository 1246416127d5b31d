import { join } from 'node:path';
import type { SecretOrigin } from '../api/secrets-types';
import { ConfigError } from '../errors/config-error';
import { SecretMissingError } from '../errors/secret-missing-error';
import { redactor as globalRedactor, type Redactor } from '../http/redactor';
import type { SecretResolver } from '../secrets-port';
import { EnvSecretProvider } from './env-provider';
import { KeychainSecretProvider } from './keychain-provider';
import type { KeychainStore } from './keychain-store';
import { OsKeychainStore } from './os-keychain-store';
import {
  destinationKey, envVarName, formatSecretKey, keychainAccount, sourceKey, tomlLocation, type SecretKey,
} from './secret-key';
import type { ProvidedValue, SecretProvider } from './secret-provider';
import { SessionSecretProvider } from './session-provider';
import type { SessionSecretStore } from './session-secret-store';
import { TomlSecretProvider } from './toml-provider';

export interface SecretResolverOptions {
  /** The project folder: its `.sluice/secrets.toml` and `.sluice/config.toml` win over the home ones. */
  cwd: string;
  /** The user's home (injected so tests use temp dirs): `~/.sluice/*.toml` and the keychain index. */
  homeDir: string;
  env: Record<string, string | undefined>;
  /** The OS keychain by default; `null` leaves it out (it is then listed as "not used" in messages). */
  keychain?: KeychainStore | null;
  /** The app's memory-only store for this session (pasted credentials while no keychain is available). */
  session?: SessionSecretStore;
  /** Last resort values, keyed as the CLI spells them: `github.per_page`, `destination.bigquery.location`. */
  defaults?: Record<string, string>;
  /** Where resolved values are registered; the process-wide redactor by default. */
  redactor?: Redactor;
  /** Hears one-time notices (the keychain is unavailable). */
  onNotice?: (message: string) => void;
}

/** A field a destination reads from the providers: `DESTINATION__BIGQUERY__<NAME>`, `[destination.bigquery] <name>`. */
export interface DestinationField {
  name: string;
  /** Registered with the redactor. Default true; set false for plain settings such as `location`. */
  secret?: boolean;
  /** A missing required field is a SecretMissingError naming what to set. Default false. */
  required?: boolean;
  default?: unknown;
  /**
   * For an object value (a service-account key): it may come whole (a JSON string in an env var or the keychain,
   * or a TOML table) or field by field (`DESTINATION__BIGQUERY__CREDENTIALS__PRIVATE_KEY`). Listing the fields
   * enables the second form; a JSON string is parsed either way.
   */
  fields?: string[];
}

export interface DestinationConfig {
  /** Strings from env/keychain, TOML values as typed, objects for fields with `fields` or JSON strings. */
  values: Record<string, unknown>;
  /** Where each value came from (`credentials.private_key` for a field given on its own). */
  origins: Record<string, SecretOrigin>;
}

/** What `--verbose` prints: the key and where it came from, never the value. */
export interface ResolvedSecretOrigin {
  key: SecretKey;
  origin: SecretOrigin;
}

/**
 * Resolves secrets through the providers in dlt's order: environment, `secrets.toml`, `config.toml` (project then
 * home), the OS keychain, then the default. Every value it returns is registered with the redactor first.
 */
export class ProviderSecretResolver implements SecretResolver {
  readonly providers: SecretProvider[];
  private readonly redactor: Redactor;
  private readonly defaults: Record<string, string>;
  private readonly resolved = new Map<string, ResolvedSecretOrigin>();

  constructor(providers: SecretProvider[], options: { redactor?: Redactor; defaults?: Record<string, string> } = {}) {
    this.providers = providers;
    this.redactor = options.redactor ?? globalRedactor;
    this.defaults = options.defaults ?? {};
  }

  /** The port: the value of `{secrets.<name>}` for a source section, or a SecretMissingError. */
  resolve(section: string, name: string): Promise<string> {
    return this.resolveKey(sourceKey(section, name));
  }

  async resolveKey(key: SecretKey, reference = `{secrets.${key.name}}`): Promise<string> {
    const found = await this.lookup(key);
    if (!found) throw await this.missing(key, reference);
    this.remember(key, found.origin);
    return this.register(asText(found.value));
  }

  /** The first provider that has the key, without registering or remembering anything. */
  async lookup(key: SecretKey): Promise<ProvidedValue | undefined> {
    return (await this.lookupRanked(key))?.found;
  }

  /** Where a key would come from now (provider and place, never the value); undefined when unset. */
  async locate(key: SecretKey): Promise<SecretOrigin | undefined> {
    return (await this.lookup(key))?.origin;
  }

  /** Where a secret this resolver already returned came from. */
  origin(section: string, name: string): SecretOrigin | undefined {
    return this.resolved.get(formatSecretKey(sourceKey(section, name)))?.origin;
  }

  /** Every secret resolved so far with its origin, for `--verbose`. */
  origins(): ResolvedSecretOrigin[] {
    return [...this.resolved.values()];
  }

  /**
   * Reads a destination's settings and credentials: `resolveDestinationConfig('bigquery', [{ name: 'project_id',
   * secret: false }, { name: 'credentials', fields: ['client_email', 'private_key', ...] }])`.
   */
  async resolveDestinationConfig(destination: string, fields: DestinationField[]): Promise<DestinationConfig> {
    const config: DestinationConfig = { values: {}, origins: {} };
    for (const field of fields) {
      const key = destinationKey(destination, field.name);
      const secret = field.secret ?? true;
      const whole = await this.lookupRanked(key);
      let value: unknown;
      if (whole) {
        value = field.fields || isJsonObjectText(whole.found.value) ? asObjectValue(whole.found, key) : whole.found.value;
        config.origins[field.name] = whole.found.origin;
        this.remember(key, whole.found.origin);
      }
      // Fields given one by one (`DESTINATION__BIGQUERY__CREDENTIALS__PRIVATE_KEY`) fill in, or override a whole
      // value from a later provider: the same priority as everywhere else.
      for (const sub of field.fields ?? []) {
        const part = await this.lookupRanked({ ...key, name: `${key.name}.${sub}` });
        if (!part || (whole && part.rank > whole.rank)) continue;
        value = { ...(isRecord(value) ? value : {}), [sub]: part.found.value };
        config.origins[`${field.name}.${sub}`] = part.found.origin;
      }
      if (value !== undefined) {
        config.values[field.name] = secret ? this.registerDeep(value) : value;
      } else if (field.default !== undefined) {
        config.values[field.name] = field.default;
        config.origins[field.name] = { provider: 'default', location: 'default value' };
      } else if (field.required) {
        throw await this.missing(key, `destination.${destination}.${field.name}`);
      }
    }
    return config;
  }

  /** Like lookup, with the position of the provider that answered (the default ranks last). */
  private async lookupRanked(key: SecretKey): Promise<{ found: ProvidedValue; rank: number } | undefined> {
    for (const [rank, provider] of this.providers.entries()) {
      const found = await provider.lookup(key);
      if (found) return { found, rank };
    }
    const fallback = this.defaults[formatSecretKey(key)];
    return fallback === undefined ? undefined
      : { found: { value: fallback, origin: { provider: 'default', location: 'default value' } }, rank: this.providers.length };
  }

  private remember(key: SecretKey, origin: SecretOrigin): void {
    this.resolved.set(formatSecretKey(key), { key, origin });
  }

  private register(value: string): string {
    this.redactor.registerSecret(value);
    return value;
  }

  /**
   * Registers a secret value. In an object (a service-account key) only the fields that are credentials
   * (`private_key`, `client_secret`, ...) and the whole JSON text: masking `service_account` or a project id
   * everywhere would make logs unreadable.
   */
  private registerDeep(value: unknown): unknown {
    if (typeof value === 'string') this.register(value);
    else if (isRecord(value)) {
      for (const [k, v] of Object.entries(value)) if ((SECRET_FIELD.test(k) && !/_(uri|url)$/i.test(k)) || isRecord(v)) this.registerDeep(v);
      this.register(JSON.stringify(value));
      this.register(JSON.stringify(value, null, 2));
    }
    return value;
  }

  private async missing(key: SecretKey, reference: string): Promise<SecretMissingError> {
    const lookedIn = await Promise.all(this.providers.map((p) => p.describe(key)));
    const { table, key: tomlKey } = tomlLocation(key);
    const keychain = this.providers.find((p) => p.name === 'keychain');
    return new SecretMissingError({
      reference,
      owner: key.scope === 'sources' ? `source \`${key.section}\`` : `destination \`${key.section}\``,
      lookedIn: [...lookedIn, 'no default'],
      envVar: envVarName(key),
      tomlTable: table,
      tomlKey,
      ...(keychain ? { setCommand: `sluice secrets set ${keychainAccount(key)}` } : {}),
    });
  }
}

/** Builds the standard provider chain for a project folder and a home folder. */
export function createSecretResolver(options: SecretResolverOptions): ProviderSecretResolver {
  const project = join(options.cwd, '.sluice');
  const home = join(options.homeDir, '.sluice');
  const providers: SecretProvider[] = [
    new EnvSecretProvider(options.env),
    new TomlSecretProvider('secrets.toml', dedupe([join(project, 'secrets.toml'), join(home, 'secrets.toml')])),
    new TomlSecretProvider('config.toml', dedupe([join(project, 'config.toml'), join(home, 'config.toml')])),
  ];
  const keychain = options.keychain === undefined ? new OsKeychainStore({ homeDir: options.homeDir }) : options.keychain;
  if (keychain) providers.push(new KeychainSecretProvider(keychain, options.onNotice));
  // After the keychain: it only holds what was pasted while the keychain was away, so a keychain value wins.
  if (options.session) providers.push(new SessionSecretProvider(options.session));
  return new ProviderSecretResolver(providers, {
    ...(options.redactor ? { redactor: options.redactor } : {}),
    ...(options.defaults ? { defaults: options.defaults } : {}),
  });
}

/** When the project is the home folder, its files are read once. */
function dedupe(paths: string[]): string[] {
  return [...new Set(paths)];
}

const SECRET_FIELD = /(private_key|secret|token|password|passwd|pwd|api_?key)/i;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

function asText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  if (value instanceof Date) return value.toISOString();
  return JSON.stringify(value);
}

function isJsonObjectText(value: unknown): boolean {
  return typeof value === 'string' && value.trimStart().startsWith('{');
}

/** A service-account key given whole: a TOML table as is, a JSON string parsed (an error never quotes it). */
function asObjectValue(found: ProvidedValue, key: SecretKey): unknown {
  if (typeof found.value !== 'string') return found.value;
  try {
    return JSON.parse(found.value) as unknown;
  } catch (error) {
    const reason = error instanceof Error ? error.message.replace(/".*"/s, '(value hidden)') : 'invalid JSON';
    throw new ConfigError(`\`${formatSecretKey(key)}\` from ${found.origin.provider} (\`${found.origin.location}\`) ` +
      `is not valid JSON: expected a service-account key object, got text that does not parse (${reason})`,
    { path: found.origin.location });
  }
}
