import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Redactor } from '../../../core/http/redactor';
import { findLiteralCredentials, protectLiteralCredentials } from '../../../core/secrets/literal-credentials';
import { moveCredentialsToKeychain } from '../../../core/secrets/move-credentials';
import { OsKeychainStore } from '../../../core/secrets/os-keychain-store';
import { createSecretResolver } from '../../../core/secrets/secret-resolver';
import { sourceSectionName, toSectionName } from '../../../core/secrets/section-name';
import { keychainUnavailableReason, makeSecretsDirs, skipNote, uniqueSection, type SecretsDirs, cleanupWithKeychain } from './secrets-fixtures';

const reason = await keychainUnavailableReason();

/** A dlt config the way many are written: credentials pasted in. */
function dltConfig() {
  return {
    client: {
      base_url: 'https://api.test/v1?api_key=url-key-123',
      auth: { type: 'bearer', token: 'ghp_literalToken123' },
      headers: { 'X-API-Key': 'header-key-456', Accept: 'application/json', Authorization: 'Bearer ghp_literalToken123' },
    },
    resource_defaults: { endpoint: { params: { per_page: 100, access_token: 'param-token-789' } } },
    resources: [
      'plain',
      { name: 'users', endpoint: { path: 'users', auth: { type: 'http_basic', username: 'me', password: 'basic-pass-000' } } },
      { name: 'orders', endpoint: { path: 'orders', auth: { type: 'oauth2_client_credentials', access_token_url: 'https://auth.test/token', client_id: 'cid', client_secret: 'oauth-secret-111' } } },
      { name: 'refs', endpoint: { path: 'refs/{resources.users.id}', auth: { type: 'bearer', token: '{secrets.token}' }, headers: { 'X-Auth-Token': 'Token {secrets.other}' } } },
      { name: 'other', endpoint: { path: 'x', auth: { type: 'bearer', token: 'a-different-token' } } },
    ],
  };
}

describe('literal credentials in a dlt config', () => {
  it('are found in auth fields, secret-named headers and params and the base URL, never in references', () => {
    const found = findLiteralCredentials(dltConfig()).map(({ path, name, prefix, movable }) => ({ path, name, prefix, movable }));
    expect(found).toEqual([
      { path: 'client.auth.token', name: 'token', prefix: '', movable: true },
      { path: 'client.headers.X-API-Key', name: 'x_api_key', prefix: '', movable: true },
      { path: 'client.headers.Authorization', name: 'token', prefix: 'Bearer ', movable: true },
      { path: 'client.base_url', name: 'api_key', prefix: '', movable: false },
      { path: 'resource_defaults.endpoint.params.access_token', name: 'access_token', prefix: '', movable: true },
      { path: 'resources[1].endpoint.auth.password', name: 'password', prefix: '', movable: true },
      { path: 'resources[2].endpoint.auth.client_secret', name: 'client_secret', prefix: '', movable: true },
      { path: 'resources[4].endpoint.auth.token', name: 'token_2', prefix: '', movable: true },
    ]);
  });

  it('are registered with the redactor and produce one warning that names places and what to set, not values', () => {
    const redactor = new Redactor();
    const { warning, credentials } = protectLiteralCredentials(dltConfig(), { section: 'github', file: 'github.json', redactor });
    expect(credentials).toHaveLength(8);
    expect(warning).toBe('`github.json` holds 8 literal credentials (`client.auth.token`, `client.headers.X-API-Key`, ' +
      '`client.headers.Authorization`, `client.base_url`, `resource_defaults.endpoint.params.access_token`, ' +
      '`resources[1].endpoint.auth.password`, `resources[2].endpoint.auth.client_secret`, `resources[4].endpoint.auth.token`). ' +
      'They are redacted from all output, but keep credentials out of config files: replace each with a reference such as ' +
      '`"{secrets.token}"` and set the value with `export SOURCES__GITHUB__TOKEN=...`, or `token = "..."` under ' +
      '`[sources.github]` in `.sluice/secrets.toml`, or `sluice secrets set github.token`.');
    for (const value of ['ghp_literalToken123', 'header-key-456', 'url-key-123', 'param-token-789', 'basic-pass-000', 'oauth-secret-111', 'a-different-token']) {
      expect(warning).not.toContain(value);
      expect(redactor.redactText(`x ${value} y`)).toBe('x *** y');
    }
  });

  it('give no warning when the config only holds references', () => {
    const config = { client: { base_url: 'https://api.test/', auth: { type: 'bearer', token: '{secrets.token}' } }, resources: ['a'] };
    expect(protectLiteralCredentials(config, { section: 'x', redactor: new Redactor() })).toEqual({ credentials: [] });
  });
});

describe('section names', () => {
  it.each([
    [{ configPath: '/configs/github.json' }, 'github'],
    [{ configPath: 'My API-v2.json' }, 'my_api_v2'],
    [{ configPath: 'pokeAPI.json' }, 'poke_api'],
    [{ configPath: '2fa.json' }, '_2fa'],
    [{ configPath: 'github.json', sourceName: 'gh' }, 'gh'],
    [{ projectName: 'Sales CRM', configPath: 'x.json' }, 'sales_crm'],
  ])('%j → %s', (from, expected) => {
    expect(sourceSectionName(from)).toBe(expected);
  });

  it('rejects a name with nothing to keep', () => {
    expect(() => sourceSectionName({ sourceName: '---' })).toThrow('Cannot name the secrets section from `---`');
    expect(toSectionName('Stripe')).toBe('stripe');
  });
});

describe.skipIf(reason)(`moving literal credentials into the keychain (import/paste)${skipNote(reason)}`, () => {
  let dirs: SecretsDirs;
  beforeEach(async () => { dirs = await makeSecretsDirs(); });
  afterEach(() => cleanupWithKeychain(dirs));

  it('stores each value under <section>.<name> and rewrites the config to references that resolve to them', async () => {
    const section = uniqueSection('paste');
    const keychain = new OsKeychainStore({ homeDir: dirs.home });
    const original = dltConfig();
    const { config, moved, kept } = await moveCredentialsToKeychain(original, { section, keychain, redactor: new Redactor() });
    expect(original.client.auth.token).toBe('ghp_literalToken123');
    expect(config.client.auth.token).toBe('{secrets.token}');
    expect(config.client.headers).toEqual({ 'X-API-Key': '{secrets.x_api_key}', Accept: 'application/json', Authorization: 'Bearer {secrets.token}' });
    expect(config.resource_defaults.endpoint.params).toEqual({ per_page: 100, access_token: '{secrets.access_token}' });
    expect(config.resources[4]).toMatchObject({ endpoint: { auth: { token: '{secrets.token_2}' } } });
    expect(kept).toEqual([{ path: 'client.base_url' }]);
    expect(moved.map((m) => m.account)).toContain(`${section}.client_secret`);
    expect(JSON.stringify(config)).not.toMatch(/ghp_literalToken123|header-key-456|param-token-789|basic-pass-000|oauth-secret-111|a-different-token/);

    const resolver = createSecretResolver({ cwd: dirs.project, homeDir: dirs.home, env: {}, keychain, redactor: new Redactor() });
    expect(await resolver.resolve(section, 'token')).toBe('ghp_literalToken123');
    expect(await resolver.resolve(section, 'token_2')).toBe('a-different-token');
    expect(await resolver.resolve(section, 'password')).toBe('basic-pass-000');
    expect(resolver.origin(section, 'password')?.provider).toBe('keychain');
  });
});
