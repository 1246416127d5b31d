import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHttpApi } from '../../../core/api/http-transport';
import { Redactor } from '../../../core/http/redactor';
import type { KeychainStore } from '../../../core/secrets/keychain-store';
import { OsKeychainStore } from '../../../core/secrets/os-keychain-store';
import { SecretsService } from '../../../core/secrets/secrets-service';
import { startHttpHost } from '../../../core/service/http-host';
import { PipelineService } from '../../../core/service/pipeline-service';
import { keychainUnavailableReason, makeSecretsDirs, skipNote, uniqueSection, type SecretsDirs, cleanupWithKeychain } from '../secrets/secrets-fixtures';

const reason = await keychainUnavailableReason();
const TOKEN = 'ghp_importedLiteralToken0123456789';
const API_KEY = 'imported-api-key-value-42';

const pasted = (token = TOKEN) => JSON.stringify({
  client: { base_url: 'https://api.github.com/', auth: { type: 'bearer', token } },
  resources: [{ name: 'issues', endpoint: { path: 'issues', headers: { 'X-API-Key': API_KEY } } }],
}, null, 4);

function service(dirs: SecretsDirs, keychain?: KeychainStore | null): PipelineService {
  const secrets = new SecretsService({
    cwd: dirs.project, homeDir: dirs.home, env: {}, redactor: new Redactor(), ...(keychain === undefined ? {} : { keychain }),
  });
  return new PipelineService({ transport: 'http', version: '0.0.0', secrets });
}

describe.skipIf(reason)(`importSourceConfig with the real OS keychain${skipNote(reason)}`, () => {
  let dirs: SecretsDirs;
  let section: string;
  beforeEach(async () => { dirs = await makeSecretsDirs(); section = uniqueSection('imp'); });
  afterEach(() => cleanupWithKeychain(dirs));

  it('stores a pasted literal token under <section>.<name> and returns the config with references and no value', async () => {
    const api = service(dirs);
    const result = await api.importSourceConfig({ text: pasted(), section });

    expect(result.section).toBe(section);
    expect(result.moved).toEqual([
      { name: 'token', section, path: 'client.auth.token', account: `${section}.token` },
      { name: 'x_api_key', section, path: 'resources[0].endpoint.headers.X-API-Key', account: `${section}.x_api_key` },
    ]);
    expect(result.warnings).toEqual([]);
    const config = JSON.parse(result.text) as { client: { auth: { token: string } }; resources: { endpoint: { headers: Record<string, string> } }[] };
    expect(config.client.auth.token).toBe('{secrets.token}');
    expect(config.resources[0]!.endpoint.headers['X-API-Key']).toBe('{secrets.x_api_key}');
    expect(JSON.stringify(result)).not.toContain(TOKEN);
    expect(JSON.stringify(result)).not.toContain(API_KEY);

    const keychain = new OsKeychainStore({ homeDir: dirs.home });
    expect(await keychain.get(`${section}.token`)).toBe(TOKEN);
    expect(await keychain.get(`${section}.x_api_key`)).toBe(API_KEY);
    const listing = await api.listSecrets({ section });
    expect(listing.secrets.map((s) => [s.name, s.set, s.origin?.provider])).toEqual([['token', true, 'keychain'], ['x_api_key', true, 'keychain']]);
    expect(JSON.stringify(listing)).not.toContain(TOKEN);

    // and the project saved from it holds the references only
    const { path } = await api.saveProject({ dir: dirs.project, name: section, sourceText: result.text });
    const saved = readFileSync(path, 'utf8');
    expect(saved).toContain('{secrets.token}');
    expect(saved).not.toContain(TOKEN);
    expect(saved).not.toContain(API_KEY);
  });

  it('names the section after an imported file, leaves a config without literals untouched, and works over HTTP', async () => {
    const secrets = new SecretsService({ cwd: dirs.project, homeDir: dirs.home, env: {}, redactor: new Redactor() });
    const host = await startHttpHost({ rendererDir: dirs.project, service: new PipelineService({ transport: 'http', version: '0.0.0', secrets }) });
    try {
      const client = createHttpApi({ baseUrl: host.origin, token: host.token });
      const fileName = `${section}.json`;
      const imported = await client.importSourceConfig({ text: pasted(), fileName });
      expect(imported.section).toBe(section);
      expect(imported.moved.map((m) => m.account)).toEqual([`${section}.token`, `${section}.x_api_key`]);
      expect(imported.text).not.toContain(TOKEN);

      const clean = '{ "client": { "base_url": "https://x.test/", "auth": { "token": "{secrets.token}" } }, "resources": ["a"] }';
      expect(await client.importSourceConfig({ text: clean, section })).toEqual({ text: clean, section, moved: [], warnings: [] });
      await expect(client.importSourceConfig({ text: '{ "client": ', section })).rejects.toMatchObject({ code: 'CONFIG_INVALID', message: expect.stringContaining('not valid JSON') });
    } finally {
      await host.close();
    }
  });

  it('opening a hand-edited project with a literal token moves it to the keychain and rewrites sluice.json', async () => {
    const file = join(dirs.project, 'sluice.json');
    writeFileSync(file, JSON.stringify({ sluice_project: 1, name: 'Hand edited', section, source: JSON.parse(pasted()) as unknown }));
    const opened = await service(dirs).openProject({ dir: dirs.project });
    expect(opened.moved.map((m) => m.account)).toEqual([`${section}.token`, `${section}.x_api_key`]);
    expect(opened.sourceText).toContain('{secrets.token}');
    expect(JSON.stringify(opened)).not.toContain(TOKEN);
    expect(readFileSync(file, 'utf8')).not.toContain(TOKEN);
    expect(readFileSync(file, 'utf8')).toContain('{secrets.x_api_key}');
    expect(await new OsKeychainStore({ homeDir: dirs.home }).get(`${section}.token`)).toBe(TOKEN);
  });

  it('warns, without the value, about a credential inside the base URL that a reference cannot replace', async () => {
    const text = JSON.stringify({ client: { base_url: 'https://api.test/?api_key=url-key-value-77', auth: { token: TOKEN } }, resources: ['a'] });
    const result = await service(dirs).importSourceConfig({ text, section });
    expect(result.moved.map((m) => m.path)).toEqual(['client.auth.token']);
    expect(result.warnings).toEqual([expect.stringContaining('`client.base_url` holds a credential inside the URL')]);
    expect(result.warnings.join()).not.toContain('url-key-value-77');
    expect(result.text).not.toContain(TOKEN);
  });
});

describe('importSourceConfig without a keychain', () => {
  let dirs: SecretsDirs;
  beforeEach(async () => { dirs = await makeSecretsDirs(); });
  afterEach(async () => { await dirs.cleanup(); });

  it('fails with KEYCHAIN_UNAVAILABLE pointing to the environment and secrets.toml, and writes nothing', async () => {
    const api = service(dirs, null);
    const error = await api.importSourceConfig({ text: pasted(), section: 'github' }).then(() => undefined, (e: unknown) => e);
    expect(error).toMatchObject({ code: 'KEYCHAIN_UNAVAILABLE' });
    const message = (error as Error).message;
    expect(message).toContain('SOURCES__<SECTION>__<NAME>');
    expect(message).toContain('.sluice/secrets.toml');
    expect(message).not.toContain(TOKEN);
    const { readdir } = await import('node:fs/promises');
    expect(await readdir(join(dirs.project, '.sluice'))).toEqual([]);
    expect(await readdir(`${dirs.home}/.sluice`)).toEqual([]);
  });

  it('with whenNoKeychain `session`, holds the credentials in memory only and still returns references', async () => {
    const secrets = new SecretsService({ cwd: dirs.project, homeDir: dirs.home, env: {}, keychain: null, redactor: new Redactor() });
    const api = new PipelineService({ transport: 'http', version: '0.0.0', secrets });
    const result = await api.importSourceConfig({ text: pasted(), section: 'github', whenNoKeychain: 'session' });
    expect(result.moved.map((m) => m.account)).toEqual(['github.token', 'github.x_api_key']);
    expect(JSON.parse(result.text)).toMatchObject({ client: { auth: { token: '{secrets.token}' } } });
    expect(result.session).toEqual({
      keychainMessage: expect.stringContaining('The OS keychain (OS keychain) is not available: no keychain is configured for this host'),
      keychainReason: 'no keychain is configured for this host',
      keychainStore: 'OS keychain',
      envVars: ['SOURCES__GITHUB__TOKEN', 'SOURCES__GITHUB__X_API_KEY'],
      tomlTable: 'sources.github',
    });
    expect(JSON.stringify(result)).not.toContain(TOKEN);
    expect(JSON.stringify(result)).not.toContain(API_KEY);
    // usable for this session (resolved, listed as `session`), and nothing written anywhere
    expect(await secrets.secretResolver.resolve('github', 'token')).toBe(TOKEN);
    const listing = await api.listSecrets({ section: 'github' });
    expect(listing.secrets.map((s) => [s.name, s.set, s.origin?.provider])).toEqual([['token', true, 'session'], ['x_api_key', true, 'session']]);
    expect(JSON.stringify(listing)).not.toContain(TOKEN);
    const { readdir } = await import('node:fs/promises');
    expect(await readdir(join(dirs.project, '.sluice'))).toEqual([]);
    expect(await readdir(`${dirs.home}/.sluice`)).toEqual([]);
    // Delete works on a session entry although there is no keychain; a second delete finds nothing to delete.
    expect(await api.deleteSecret({ section: 'github', name: 'token' })).toEqual({ deleted: true });
    await expect(api.deleteSecret({ section: 'github', name: 'token' })).rejects.toMatchObject({ code: 'KEYCHAIN_UNAVAILABLE' });
    expect((await api.listSecrets({ section: 'github' })).secrets.map((s) => s.name)).toEqual(['x_api_key']);
  });

  it.skipIf(!reason)(`holds them in memory the same way when the OS keychain has no Secret Service${reason ? '' : ' [skipped: a keychain is reachable here]'}`, async () => {
    const result = await service(dirs).importSourceConfig({ text: pasted(), section: 'github', whenNoKeychain: 'session' });
    expect(result.session?.keychainMessage).toContain(reason);
    expect(result.session?.keychainReason).toBe(reason);
    expect(result.text).toContain('{secrets.token}');
    expect(JSON.stringify(result)).not.toContain(TOKEN);
    const { readdir } = await import('node:fs/promises');
    expect(await readdir(`${dirs.home}/.sluice`)).toEqual([]); // not even the keychain index
  });

  it('carries the session result over the browser-mode HTTP transport, values never included', async () => {
    const secrets = new SecretsService({ cwd: dirs.project, homeDir: dirs.home, env: {}, keychain: null, redactor: new Redactor() });
    const host = await startHttpHost({ rendererDir: dirs.project, service: new PipelineService({ transport: 'http', version: '0.0.0', secrets }) });
    try {
      const client = createHttpApi({ baseUrl: host.origin, token: host.token });
      const result = await client.importSourceConfig({ text: pasted(), section: 'github', whenNoKeychain: 'session' });
      expect(result.session?.envVars).toEqual(['SOURCES__GITHUB__TOKEN', 'SOURCES__GITHUB__X_API_KEY']);
      expect(JSON.stringify(result)).not.toContain(TOKEN);
      const listing = await client.listSecrets({ section: 'github' });
      expect(listing.secrets.map((s) => s.origin?.provider)).toEqual(['session', 'session']);
      expect(JSON.stringify(listing)).not.toContain(TOKEN);
      await expect(client.importSourceConfig({ text: pasted(), section: 'github' })).rejects.toMatchObject({ code: 'KEYCHAIN_UNAVAILABLE' });
    } finally {
      await host.close();
    }
  });

  it('refuses an unknown whenNoKeychain value', async () => {
    await expect(service(dirs, null).importSourceConfig({ text: pasted(), section: 'github', whenNoKeychain: 'disk' as 'fail' }))
      .rejects.toMatchObject({ code: 'CONFIG_INVALID', message: expect.stringContaining('valid values are: fail, session') });
  });

  it.skipIf(!reason)(`fails the same way with the OS keychain when no Secret Service runs${reason ? '' : ' [skipped: a keychain is reachable here]'}`, async () => {
    const error = await service(dirs).importSourceConfig({ text: pasted(), section: 'github' }).then(() => undefined, (e: unknown) => e);
    expect(error).toMatchObject({ code: 'KEYCHAIN_UNAVAILABLE' });
    expect((error as Error).message).not.toContain(TOKEN);
  });

  it('refuses to open a hand-edited project with a literal token rather than send the value to the renderer', async () => {
    writeFileSync(join(dirs.project, 'sluice.json'), JSON.stringify({ sluice_project: 1, name: 'x', section: 'github', source: JSON.parse(pasted()) as unknown }));
    const error = await service(dirs, null).openProject({ dir: dirs.project }).then(() => undefined, (e: unknown) => e);
    expect(error).toMatchObject({ code: 'KEYCHAIN_UNAVAILABLE' });
    expect((error as Error).message).not.toContain(TOKEN);
  });

  it('needs a section or a file name to store under', async () => {
    await expect(service(dirs, null).importSourceConfig({ text: pasted() })).rejects.toMatchObject({ code: 'CONFIG_INVALID', message: expect.stringContaining('expected `section`') });
  });
});
