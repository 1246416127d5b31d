import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError } from '../../../core/errors/config-error';
import { Redactor } from '../../../core/http/redactor';
import { SecretsService } from '../../../core/secrets/secrets-service';
import { PipelineService } from '../../../core/service/pipeline-service';
import { OsKeychainStore } from '../../../core/secrets/os-keychain-store';
import { keychainUnavailableReason, makeSecretsDirs, skipNote, uniqueSection, type SecretsDirs, cleanupWithKeychain } from './secrets-fixtures';

const keychainReason = await keychainUnavailableReason();

describe('SecretsService without a keychain', () => {
  let dirs: SecretsDirs;
  beforeEach(async () => { dirs = await makeSecretsDirs(); });
  afterEach(async () => { await dirs.cleanup(); });

  function service(env: Record<string, string> = {}): SecretsService {
    return new SecretsService({ cwd: dirs.project, homeDir: dirs.home, env, keychain: null, redactor: new Redactor() });
  }

  it('lists referenced and TOML-held names with the winning provider, set or not, and no values', async () => {
    await dirs.write('project', 'secrets.toml', '[sources.github]\ntoken = "toml-token-value"\n[destination.bigquery]\nlocation = "EU"\n');
    await dirs.write('home', 'secrets.toml', '[sources.stripe.credentials]\napi_key = "home-key-value"\n');
    const listing = await service({ SOURCES__GITHUB__TOKEN: 'env-token-value' }).listSecrets({
      references: [{ section: 'github', name: 'token' }, { section: 'github', name: 'api_key' }],
    });
    expect(listing.keychain).toEqual({
      available: false, store: 'OS keychain',
      message: expect.stringContaining('The OS keychain (OS keychain) is not available: no keychain is configured for this host') as unknown,
    });
    expect(listing.secrets).toEqual([
      { scope: 'destination', section: 'bigquery', name: 'location', set: true, origin: { provider: 'secrets.toml', location: `${dirs.project}/.sluice/secrets.toml` }, envVar: 'DESTINATION__BIGQUERY__LOCATION', toml: { table: 'destination.bigquery', key: 'location' } },
      { scope: 'sources', section: 'github', name: 'api_key', set: false, envVar: 'SOURCES__GITHUB__API_KEY', toml: { table: 'sources.github', key: 'api_key' } },
      { scope: 'sources', section: 'github', name: 'token', set: true, origin: { provider: 'environment', location: 'SOURCES__GITHUB__TOKEN' }, envVar: 'SOURCES__GITHUB__TOKEN', toml: { table: 'sources.github', key: 'token' } },
      { scope: 'sources', section: 'stripe', name: 'credentials.api_key', set: true, origin: { provider: 'secrets.toml', location: `${dirs.home}/.sluice/secrets.toml` }, envVar: 'SOURCES__STRIPE__CREDENTIALS__API_KEY', toml: { table: 'sources.stripe.credentials', key: 'api_key' } },
    ]);
    expect(JSON.stringify(listing)).not.toMatch(/toml-token-value|home-key-value|env-token-value/);
  });

  it('filters by section', async () => {
    await dirs.write('project', 'secrets.toml', '[sources.github]\ntoken = "a-value"\n[sources.other]\ntoken = "b-value"\n');
    const listing = await service().listSecrets({ section: 'other' });
    expect(listing.secrets.map((s) => `${s.section}.${s.name}`)).toEqual(['other.token']);
  });

  it('setSecret explains that no keychain is available, and stores nothing anywhere', async () => {
    await expect(service().setSecret({ section: 'github', name: 'token', value: 'never-written' }))
      .rejects.toMatchObject({ code: 'KEYCHAIN_UNAVAILABLE' });
  });

  it.each([
    [{ section: 'git hub', name: 'token', value: 'x' }, 'Secret section `git hub` is not valid: expected letters, digits, `_` or `-`'],
    [{ section: 'github', name: 'to ken', value: 'x' }, 'Secret name `to ken` is not valid: expected letters, digits, `_` or `-`, dot-separated'],
    [{ section: 'github', name: 'token', value: 'x', scope: 'vault' as 'sources' }, 'Secret scope `vault` is not valid: valid values are: sources, destination'],
    [{ section: 'github', name: 'token', value: '' }, 'The value of secret `github.token` is empty: expected a non-empty string'],
  ])('rejects %j', async (input, message) => {
    const error = await service().setSecret(input).catch((e: unknown) => e) as ConfigError;
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.message).toContain(message);
  });

  it('is what PipelineService delegates setSecret, deleteSecret and listSecrets to', async () => {
    await dirs.write('project', 'secrets.toml', '[sources.github]\ntoken = "svc-value"\n');
    const pipelineService = new PipelineService({ transport: 'http', version: '0.0.0', secrets: service() });
    const listing = await pipelineService.listSecrets({});
    expect(listing.secrets.map((s) => [s.section, s.name, s.origin?.provider])).toEqual([['github', 'token', 'secrets.toml']]);
    await expect(pipelineService.deleteSecret({ section: 'github', name: 'token' })).rejects.toMatchObject({ code: 'KEYCHAIN_UNAVAILABLE' });
  });
});

describe.skipIf(keychainReason)(`SecretsService: a value set in the keychain supersedes one held in memory${skipNote(keychainReason)}`, () => {
  let dirs: SecretsDirs;
  beforeEach(async () => { dirs = await makeSecretsDirs(); });
  afterEach(() => cleanupWithKeychain(dirs));

  it('setSecret drops the session copy, and the keychain wins over the session in resolution', async () => {
    const secrets = new SecretsService({ cwd: dirs.project, homeDir: dirs.home, env: {}, redactor: new Redactor() });
    const section = uniqueSection('sup');
    await secrets.session.set(`${section}.token`, 'pasted-while-away-1');
    await secrets.session.set(`${section}.other`, 'pasted-while-away-2');
    await new OsKeychainStore({ homeDir: dirs.home }).set(`${section}.other`, 'in-the-keychain-2');
    expect(await secrets.secretResolver.resolve(section, 'other')).toBe('in-the-keychain-2');
    expect(await secrets.secretResolver.resolve(section, 'token')).toBe('pasted-while-away-1');
    await secrets.setSecret({ section, name: 'token', value: 'typed-into-set-3' });
    expect(await secrets.session.get(`${section}.token`)).toBeUndefined();
    expect(await secrets.secretResolver.resolve(section, 'token')).toBe('typed-into-set-3');
  });
});
