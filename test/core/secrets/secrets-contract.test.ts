import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_METHODS } from '../../../core/api/contract';
import { createHttpApi } from '../../../core/api/http-transport';
import { Redactor } from '../../../core/http/redactor';
import { OsKeychainStore } from '../../../core/secrets/os-keychain-store';
import { SecretsService } from '../../../core/secrets/secrets-service';
import { startHttpHost, type HttpHost } from '../../../core/service/http-host';
import { PipelineService } from '../../../core/service/pipeline-service';
import { keychainUnavailableReason, makeSecretsDirs, skipNote, uniqueSection, type SecretsDirs } from './secrets-fixtures';

const reason = await keychainUnavailableReason();

describe('the secrets part of the contract', () => {
  it('has setSecret, deleteSecret and listSecrets, and no method that returns a value', () => {
    expect(API_METHODS).toEqual(expect.arrayContaining(['setSecret', 'deleteSecret', 'listSecrets']));
    expect(API_METHODS.filter((m) => /secret/i.test(m)).sort()).toEqual(['deleteSecret', 'listSecrets', 'setSecret']);
  });
});

describe.skipIf(reason)(`secrets through the browser-mode transport${skipNote(reason)}`, () => {
  let dirs: SecretsDirs;
  let host: HttpHost;
  let rendererDir: string;
  beforeAll(async () => {
    dirs = await makeSecretsDirs();
    rendererDir = mkdtempSync(join(tmpdir(), 'sluice-secrets-renderer-'));
    writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Sluice</title>');
    const secrets = new SecretsService({ cwd: dirs.project, homeDir: dirs.home, env: {}, redactor: new Redactor() });
    host = await startHttpHost({ rendererDir, service: new PipelineService({ transport: 'http', version: '0.0.0', secrets }) });
  });
  afterAll(async () => {
    await host.close();
    const store = new OsKeychainStore({ homeDir: dirs.home });
    for (const account of await store.accounts()) await store.delete(account);
    await dirs.cleanup();
    rmSync(rendererDir, { recursive: true, force: true });
  });

  it('sets a secret into the keychain, lists it as set by the keychain without its value, and deletes it', async () => {
    const section = uniqueSection('ui');
    const client = createHttpApi({ baseUrl: host.origin, token: host.token });
    await client.setSecret({ section, name: 'token', value: 'typed-in-the-app-value' });
    expect(await new OsKeychainStore({ homeDir: dirs.home }).get(`${section}.token`)).toBe('typed-in-the-app-value');
    const listing = await client.listSecrets({ section, references: [{ section, name: 'api_key' }] });
    expect(listing.secrets.map((s) => [s.name, s.set, s.origin?.provider])).toEqual([['api_key', false, undefined], ['token', true, 'keychain']]);
    expect(JSON.stringify(listing)).not.toContain('typed-in-the-app-value');
    expect(await client.deleteSecret({ section, name: 'token' })).toEqual({ deleted: true });
    await expect(client.setSecret({ section: 'bad section', name: 'token', value: 'x' })).rejects.toMatchObject({ code: 'CONFIG_INVALID' });
  });
});
