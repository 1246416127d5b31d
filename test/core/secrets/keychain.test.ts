import { spawnSync } from 'node:child_process';
import { Readable, Writable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../../core/cli/run-cli';
import type { CliIo } from '../../../core/cli/command';
import { KeychainUnavailableError } from '../../../core/errors/keychain-unavailable-error';
import { Redactor } from '../../../core/http/redactor';
import { createSecretResolver } from '../../../core/secrets/secret-resolver';
import { SecretsService } from '../../../core/secrets/secrets-service';
import { keychainUnavailableReason, makeSecretsDirs, skipNote, uniqueSection, type SecretsDirs, cleanupWithKeychain } from './secrets-fixtures';

const reason = await keychainUnavailableReason();
const ROOT = new URL('../../../', import.meta.url).pathname;

function cliIo(dirs: SecretsDirs, stdin = '', env: NodeJS.ProcessEnv = process.env) {
  let out = '';
  let err = '';
  const sink = (append: (s: string) => void) => new Writable({ write(chunk, _e, done) { append(String(chunk)); done(); } });
  const io: CliIo = {
    stdout: sink((s) => { out += s; }), stderr: sink((s) => { err += s; }), stdin: Readable.from([stdin]),
    env: { ...env, HOME: dirs.home }, cwd: dirs.project,
  };
  return { io, out: () => out, err: () => err };
}

describe.skipIf(reason)(`the real OS keychain${skipNote(reason)}`, () => {
  let dirs: SecretsDirs;
  let section: string;
  beforeEach(async () => { dirs = await makeSecretsDirs(); section = uniqueSection('kc'); });
  afterEach(() => cleanupWithKeychain(dirs));

  it('sets, lists, reads through a config reference, overwrites and deletes', async () => {
    const redactor = new Redactor();
    const service = new SecretsService({ cwd: dirs.project, homeDir: dirs.home, env: {}, redactor });
    await service.setSecret({ section, name: 'token', value: 'kc-first-value' });

    const listed = await service.listSecrets({ section });
    expect(listed.keychain).toEqual({ available: true, store: 'Secret Service (GNOME Keyring, KWallet)' });
    expect(listed.secrets).toEqual([{
      scope: 'sources', section, name: 'token', set: true,
      origin: { provider: 'keychain', location: `keychain account ${section}.token` },
      envVar: `SOURCES__${section.toUpperCase()}__TOKEN`, toml: { table: `sources.${section}`, key: 'token' },
    }]);
    expect(JSON.stringify(listed)).not.toContain('kc-first-value');

    const resolver = createSecretResolver({ cwd: dirs.project, homeDir: dirs.home, env: {}, redactor });
    expect(await resolver.resolve(section, 'token')).toBe('kc-first-value');
    expect(resolver.origin(section, 'token')).toEqual({ provider: 'keychain', location: `keychain account ${section}.token` });

    await service.setSecret({ section, name: 'token', value: 'kc-second-value' });
    expect(await createSecretResolver({ cwd: dirs.project, homeDir: dirs.home, env: {}, redactor }).resolve(section, 'token')).toBe('kc-second-value');
    expect((await service.listSecrets({ section })).secrets).toHaveLength(1);

    expect(await service.deleteSecret({ section, name: 'token' })).toEqual({ deleted: true });
    expect(await service.deleteSecret({ section, name: 'token' })).toEqual({ deleted: false });
    expect((await service.listSecrets({ section })).secrets).toEqual([]);
    await expect(createSecretResolver({ cwd: dirs.project, homeDir: dirs.home, env: {}, redactor }).resolve(section, 'token'))
      .rejects.toMatchObject({ code: 'SECRET_MISSING' });
  });

  it('moves a pasted config\'s literal credentials into the keychain; the config to save holds references only', async () => {
    const service = new SecretsService({ cwd: dirs.project, homeDir: dirs.home, env: {}, redactor: new Redactor() });
    const pasted = { client: { base_url: 'https://api.test/', auth: { type: 'bearer', token: 'pasted-token-value' } }, resources: ['a'] };
    const { config, moved } = await service.moveLiteralCredentials(pasted, section);
    expect(JSON.stringify(config)).toBe(JSON.stringify({ client: { base_url: 'https://api.test/', auth: { type: 'bearer', token: '{secrets.token}' } }, resources: ['a'] }));
    expect(moved).toEqual([{ path: 'client.auth.token', name: 'token', account: `${section}.token` }]);
    const listing = await service.listSecrets({ section });
    expect(listing.secrets.map((s) => [s.name, s.origin?.provider])).toEqual([['token', 'keychain']]);
  });

  it('keeps destination secrets under destination.<name>.<key>', async () => {
    const service = new SecretsService({ cwd: dirs.project, homeDir: dirs.home, env: {}, redactor: new Redactor() });
    const json = JSON.stringify({ type: 'service_account', private_key: 'kc-private-key-value', client_email: 'a@b.c' });
    await service.setSecret({ scope: 'destination', section, name: 'credentials', value: json });
    const resolver = createSecretResolver({ cwd: dirs.project, homeDir: dirs.home, env: {}, redactor: new Redactor() });
    const config = await resolver.resolveDestinationConfig(section, [{ name: 'credentials', required: true }]);
    expect(config.values.credentials).toEqual(JSON.parse(json));
    expect(config.origins.credentials).toEqual({ provider: 'keychain', location: `keychain account destination.${section}.credentials` });
  });

  it('sluice secrets set / list / delete round trip, never printing the value', async () => {
    const set = cliIo(dirs, 'cli-secret-value\n');
    expect(await runCli(['secrets', 'set', `${section}.api_key`], set.io)).toBe(0);
    expect(set.out()).toBe(`Stored \`${section}.api_key\` in the Secret Service (GNOME Keyring, KWallet) (service \`sluice\`, account \`${section}.api_key\`).\n`);
    const resolver = createSecretResolver({ cwd: dirs.project, homeDir: dirs.home, env: {}, redactor: new Redactor() });
    expect(await resolver.resolve(section, 'api_key')).toBe('cli-secret-value');

    const list = cliIo(dirs);
    expect(await runCli(['secrets', 'list'], list.io)).toBe(0);
    expect(list.out()).toMatch(new RegExp(`^SECRET +STATUS +PROVIDER\\n${section}\\.api_key +set +keychain \\(keychain account ${section}\\.api_key\\)\\n$`));
    const json = cliIo(dirs);
    expect(await runCli(['secrets', 'list', '--json'], json.io)).toBe(0);
    expect(JSON.parse(json.out()).secrets[0]).toMatchObject({ section, name: 'api_key', set: true, origin: { provider: 'keychain' } });

    const shadowed = cliIo(dirs, 'another-value', { ...process.env, [`SOURCES__${section.toUpperCase()}__API_KEY`]: 'from-env' });
    expect(await runCli(['secrets', 'set', `${section}.api_key`], shadowed.io)).toBe(0);
    expect(shadowed.err()).toContain(`Note: environment (\`SOURCES__${section.toUpperCase()}__API_KEY\`) also sets \`${section}.api_key\` and takes precedence over the keychain.`);

    const del = cliIo(dirs);
    expect(await runCli(['secrets', 'delete', `${section}.api_key`], del.io)).toBe(0);
    expect(del.out()).toBe(`Deleted \`${section}.api_key\` from the keychain.\n`);
    for (const output of [set, list, json, shadowed, del]) expect(output.out() + output.err()).not.toMatch(/cli-secret-value|another-value/);
  });
});

describe('when no Secret Service runs', { timeout: 60_000 }, () => {
  const noBus = (): NodeJS.ProcessEnv => {
    const env = { ...process.env };
    delete env.DBUS_SESSION_BUS_ADDRESS;
    return env;
  };

  it('OsKeychainStore says why and set fails with KEYCHAIN_UNAVAILABLE, pointing to env and TOML', () => {
    const dirs = { home: '/nonexistent' };
    const child = spawnSync(process.execPath, ['--import', 'tsx', 'core/cli/main.ts', 'secrets', 'set', 'demo.token'], {
      cwd: ROOT, env: { ...noBus(), HOME: dirs.home }, input: 'never-stored-value', encoding: 'utf8',
    });
    expect(child.status).toBe(1);
    expect(child.stderr).toContain('sluice secrets: The OS keychain (Secret Service (GNOME Keyring, KWallet)) is not available: no D-Bus session bus is running');
    expect(child.stderr).toContain('Set secrets as environment variables (`SOURCES__<SECTION>__<NAME>`');
    expect(child.stderr).toContain('or in `.sluice/secrets.toml`');
    expect(child.stderr).toContain('Sluice does not store them in a plain file');
    expect(child.stdout + child.stderr).not.toContain('never-stored-value');
  });

  it('resolution still works from the environment, says so once, and the missing-secret error names the keychain as unavailable', async () => {
    const dirs = await makeSecretsDirs();
    try {
      const child = spawnSync(process.execPath, ['--import', 'tsx', 'test/core/secrets/fixtures/resolve-without-keychain.ts'], {
        cwd: ROOT, env: { ...noBus(), HOME: dirs.home }, encoding: 'utf8',
      });
      expect(child.stderr).toBe('');
      const result = JSON.parse(child.stdout) as { token: string; again: string; origin: unknown; notices: string[]; missing: { code: string; message: string } };
      expect(result.token).toBe('env-token-value');
      expect(result.origin).toEqual({ provider: 'environment', location: 'SOURCES__DEMO__TOKEN' });
      expect(result.notices).toEqual([
        'The OS keychain (Secret Service (GNOME Keyring, KWallet)) is not available: no D-Bus session bus is running ' +
        '(DBUS_SESSION_BUS_ADDRESS is not set), so no Secret Service can be reached. Secrets are read from environment variables and .sluice/secrets.toml only.',
      ]);
      expect(result.missing.code).toBe('SECRET_MISSING');
      expect(result.missing.message).toContain('Secret Service (GNOME Keyring, KWallet) (service `sluice`, account `demo.api_key`): not available (no D-Bus session bus is running');
    } finally {
      await dirs.cleanup();
    }
  });

  it('KeychainUnavailableError carries a stable code', () => {
    const error = new KeychainUnavailableError('macOS Keychain', 'access was refused');
    expect(error.code).toBe('KEYCHAIN_UNAVAILABLE');
    expect(error.message).toMatch(/^The OS keychain \(macOS Keychain\) is not available: access was refused\. /);
  });
});
