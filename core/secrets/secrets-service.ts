import { join } from 'node:path';
import type {
  DeleteSecretInput, DeleteSecretResult, ListSecretsInput, SecretListing, SecretStatus, SetSecretInput,
} from '../api/secrets-types';
import { ConfigError } from '../errors/config-error';
import { KeychainUnavailableError } from '../errors/keychain-unavailable-error';
import { redactor as globalRedactor, type Redactor } from '../http/redactor';
import type { KeychainStore } from './keychain-store';
import { moveCredentialsToKeychain, type MoveCredentialsResult } from './move-credentials';
import { OsKeychainStore } from './os-keychain-store';
import {
  envVarName, formatSecretKey, keychainAccount, keyFromAccount, sourceKey, tomlLocation, type SecretKey, type SecretScope,
} from './secret-key';
import { createSecretResolver, type ProviderSecretResolver } from './secret-resolver';
import { SectionSecretsMove, type SectionStore } from './section-move';
import { SessionSecretStore } from './session-secret-store';
import { TomlFile, type TomlTable } from './toml-file';

export interface SecretsServiceOptions {
  cwd: string;
  homeDir: string;
  env: Record<string, string | undefined>;
  /** The OS keychain by default; `null` when the host has none to offer. */
  keychain?: KeychainStore | null;
  redactor?: Redactor;
}

/** Where `moveLiteralCredentials` put the values. */
export type CredentialStorage = { storage: 'keychain' } | { storage: 'session'; keychainProblem: KeychainUnavailableError };

/** A planned rename of a project's secrets section, and what the user must still do by hand. */
export interface SectionMovePlan {
  move: SectionSecretsMove;
  warnings: string[];
  /** Referenced names the environment or a TOML file supplies under the old section (each has a warning). */
  external: string[];
}

const NAME = /^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$/;
const SECTION = /^[A-Za-z0-9_-]+$/;

/**
 * `setSecret`, `deleteSecret`, `listSecrets` of the contract. Values go into the OS keychain and never come back out:
 * listing reports names, sections, the winning provider and set/unset only.
 */
export class SecretsService {
  private readonly keychain: KeychainStore | null;
  private readonly redactor: Redactor;
  private readonly resolver: ProviderSecretResolver;
  /** Pasted credentials held in memory while no keychain is available: this process only, never on disk. */
  readonly session = new SessionSecretStore();

  constructor(private readonly options: SecretsServiceOptions) {
    this.keychain = options.keychain === undefined ? new OsKeychainStore({ homeDir: options.homeDir }) : options.keychain;
    this.redactor = options.redactor ?? globalRedactor;
    this.resolver = createSecretResolver({ ...options, keychain: this.keychain, session: this.session, redactor: this.redactor });
  }

  /** The resolver over the same providers and keychain, for the host's previews and runs (`{secrets.<name>}`). */
  get secretResolver(): ProviderSecretResolver {
    return this.resolver;
  }

  async setSecret(input: SetSecretInput): Promise<void> {
    const key = checkedKey(input);
    if (typeof input.value !== 'string' || input.value === '') {
      throw new ConfigError(`The value of secret \`${formatSecretKey(key)}\` is empty: expected a non-empty string`, { path: 'value' });
    }
    this.redactor.registerSecret(input.value);
    await this.requireKeychain().set(keychainAccount(key), input.value);
    await this.session.delete(keychainAccount(key)); // the value typed now supersedes one held from a paste
  }

  /** Deletes the keychain entry, and the session's copy of a credential held in memory only. */
  async deleteSecret(input: DeleteSecretInput): Promise<DeleteSecretResult> {
    const account = keychainAccount(checkedKey(input));
    const inSession = await this.session.delete(account);
    if (inSession && await this.keychainProblem()) return { deleted: true };
    return { deleted: (await this.requireKeychain().delete(account)) || inSession };
  }

  async listSecrets(input: ListSecretsInput = {}): Promise<SecretListing> {
    const reason = this.keychain ? await this.keychain.unavailableReason() : 'no keychain is configured for this host';
    const keys = new Map<string, SecretKey>();
    const add = (key: SecretKey | undefined): void => {
      if (key && (!input.section || key.section === input.section)) keys.set(formatSecretKey(key), key);
    };
    for (const ref of input.references ?? []) add(checkedKey(ref));
    if (this.keychain && !reason) for (const account of await this.keychain.accounts()) add(keyFromAccount(account));
    for (const account of await this.session.accounts()) add(keyFromAccount(account));
    for (const dir of [this.options.cwd, this.options.homeDir]) {
      for (const key of tomlKeys(await new TomlFile(join(dir, '.sluice', 'secrets.toml')).read())) add(key);
    }
    const secrets: SecretStatus[] = [];
    for (const key of [...keys.values()].sort(byName)) {
      const origin = await this.resolver.locate(key);
      secrets.push({
        scope: key.scope, section: key.section, name: key.name, set: origin !== undefined,
        ...(origin ? { origin } : {}),
        envVar: envVarName(key), toml: tomlLocation(key),
      });
    }
    const store = this.keychain?.storeName ?? 'OS keychain';
    return {
      secrets,
      keychain: reason ? { available: false, store, message: new KeychainUnavailableError(store, reason).message } : { available: true, store },
    };
  }

  /**
   * For the app's import and paste of a dlt config: literal credentials go into the keychain under `section`, and
   * the returned config (the one to save) holds `{secrets.<name>}` references instead.
   */
  async moveLiteralCredentials<T>(config: T, section: string, options: { whenNoKeychain?: 'fail' | 'session' } = {}):
    Promise<MoveCredentialsResult<T> & CredentialStorage> {
    const key = checkedKey({ section, name: 'x' });
    const problem = options.whenNoKeychain === 'session' ? await this.keychainProblem() : undefined;
    if (problem) {
      const result = await moveCredentialsToKeychain(config, { section: key.section, keychain: this.session, redactor: this.redactor });
      return { ...result, storage: 'session', keychainProblem: problem };
    }
    const result = await moveCredentialsToKeychain(config, { section: key.section, keychain: this.requireKeychain(), redactor: this.redactor });
    return { ...result, storage: 'keychain' };
  }

  /**
   * A rename or a save as: plans carrying the entries of `from` (keychain and session) to `to` (the SectionMove
   * refuses a conflicting value before it changes anything). `names` are the references the config makes. Secrets
   * from the environment or a TOML file cannot be carried by Sluice: each becomes a warning naming what to set.
   */
  async planSectionMove(from: string, to: string, names: string[]): Promise<SectionMovePlan> {
    checkedKey({ section: from, name: 'x' });
    checkedKey({ section: to, name: 'x' });
    const problem = await this.keychainProblem();
    const stores: SectionStore[] = [{ store: this.session, storage: 'session' }];
    if (!problem && this.keychain) stores.push({ store: this.keychain, storage: 'keychain' });
    const move = await SectionSecretsMove.plan({ from, to, names, stores });
    const warnings: string[] = [];
    const external: string[] = [];
    for (const name of names) {
      const origin = await this.resolver.locate(sourceKey(from, name));
      if (!origin || origin.provider === 'keychain' || origin.provider === 'session' || origin.provider === 'default') continue;
      if (await this.resolver.locate(sourceKey(to, name))) continue;
      const target = sourceKey(to, name);
      const toml = tomlLocation(target);
      external.push(name);
      warnings.push(`\`{secrets.${name}}\` comes from ${origin.provider} (\`${origin.location}\`) under the old section \`${from}\`, which Sluice does not edit: ` +
        `set \`${envVarName(target)}\` or \`${toml.key} = "..."\` under \`[${toml.table}]\` in .sluice/secrets.toml for \`${to}\`.`);
    }
    return { move, warnings, external };
  }

  /**
   * After a save: the referenced names no provider supplies under `section`, as one warning (or none). Without a
   * keychain, says that entries it may hold under `previous` could not be moved.
   */
  async unsetAfterSave(section: string, names: string[], previous?: string): Promise<string | undefined> {
    const unset: string[] = [];
    for (const name of names) if (!(await this.resolver.locate(sourceKey(section, name)))) unset.push(name);
    if (unset.length === 0) return undefined;
    const problem = previous !== undefined && previous !== section ? await this.keychainProblem() : undefined;
    return `Not set under \`[sources.${section}]\`: ${unset.map((n) => `\`{secrets.${n}}\``).join(', ')}` +
      (problem ? ` (the OS keychain is not available: ${problem.reason}; entries it may hold under \`${previous}\` were not moved).` : '. Set them in Secrets or the environment before a run.');
  }

  /** The referenced names of `section` that only this session's memory supplies: lost when the app closes. */
  async sessionOnly(section: string, names: string[]): Promise<SecretKey[]> {
    const keys: SecretKey[] = [];
    if ((await this.session.accounts()).length === 0) return keys;
    for (const name of names) {
      const key = sourceKey(section, name);
      if ((await this.resolver.locate(key))?.provider === 'session') keys.push(key);
    }
    return keys;
  }

  /** Why the OS keychain cannot be used now (as the KEYCHAIN_UNAVAILABLE error), or undefined when it can. */
  async keychainProblem(): Promise<KeychainUnavailableError | undefined> {
    if (!this.keychain) return new KeychainUnavailableError('OS keychain', 'no keychain is configured for this host');
    const reason = await this.keychain.unavailableReason();
    return reason ? new KeychainUnavailableError(this.keychain.storeName, reason) : undefined;
  }

  private requireKeychain(): KeychainStore {
    if (!this.keychain) throw new KeychainUnavailableError('OS keychain', 'no keychain is configured for this host');
    return this.keychain;
  }
}

function checkedKey(input: { section: string; name: string; scope?: SecretScope }): SecretKey {
  const scope = input.scope ?? 'sources';
  if (scope !== 'sources' && scope !== 'destination') {
    throw new ConfigError(`Secret scope \`${String(scope)}\` is not valid: valid values are: sources, destination`, { path: 'scope' });
  }
  if (typeof input.section !== 'string' || !SECTION.test(input.section)) {
    throw new ConfigError(`Secret section \`${String(input.section)}\` is not valid: expected letters, digits, \`_\` or \`-\``, { path: 'section' });
  }
  if (typeof input.name !== 'string' || !NAME.test(input.name)) {
    throw new ConfigError(`Secret name \`${String(input.name)}\` is not valid: expected letters, digits, \`_\` or \`-\`, dot-separated`, { path: 'name' });
  }
  return { scope, section: input.section, name: input.name };
}

/** Every leaf under `[sources.<section>]` and `[destination.<name>]` of a secrets.toml: names only. */
function tomlKeys(table: TomlTable): SecretKey[] {
  const keys: SecretKey[] = [];
  for (const scope of ['sources', 'destination'] as const) {
    const sections = table[scope];
    if (!isTable(sections)) continue;
    for (const [section, values] of Object.entries(sections)) {
      if (!isTable(values)) continue;
      for (const name of leafNames(values, [])) keys.push({ scope, section, name });
    }
  }
  return keys;
}

function leafNames(table: TomlTable, prefix: string[]): string[] {
  return Object.entries(table).flatMap(([k, v]) => isTable(v) ? leafNames(v, [...prefix, k]) : [[...prefix, k].join('.')]);
}

function isTable(value: unknown): value is TomlTable {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

function byName(a: SecretKey, b: SecretKey): number {
  return formatSecretKey(a).localeCompare(formatSecretKey(b));
}
