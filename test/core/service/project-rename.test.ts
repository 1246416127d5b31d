import { existsSync, readFileSync } from 'node:fs';
import { mkdir, readdir, rm, symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Redactor } from '../../../core/http/redactor';
import type { KeychainStore } from '../../../core/secrets/keychain-store';
import { OsKeychainStore } from '../../../core/secrets/os-keychain-store';
import { SecretsService } from '../../../core/secrets/secrets-service';
import { PipelineService } from '../../../core/service/pipeline-service';
import { keychainUnavailableReason, makeSecretsDirs, skipNote, uniqueSection, type SecretsDirs, cleanupWithKeychain } from '../secrets/secrets-fixtures';

// Renaming a project changes the section its `{secrets.x}` references resolve under: saving with a new name must
// carry the secrets over (copy, check, then delete the old entries), refuse a conflicting value without changing
// anything, and finish the move when a save that failed midway is run again. Saving it to another folder (Save as)
// copies them instead: the project file left in the old folder still uses the old section and must still run.
const reason = await keychainUnavailableReason();
const TOKEN = 'ghp_renameTokenValue0123456789';
const API_KEY = 'rename-api-key-value-55';
const OTHER = 'a-different-value-already-there-77';
const pasted = JSON.stringify({
  client: { base_url: 'https://api.test/', auth: { type: 'bearer', token: TOKEN } },
  resources: [{ name: 'issues', endpoint: { path: 'issues', headers: { 'X-API-Key': API_KEY } } }],
});

/** A keychain whose n-th `set` or `delete` fails, as a locked or vanished Secret Service would, around a real store. */
class FailingStore implements KeychainStore {
  calls = { set: 0, delete: 0 };
  constructor(private readonly inner: KeychainStore, private readonly failOn: { set?: number; delete?: number }) {}
  get storeName(): string { return this.inner.storeName; }
  get service(): string { return this.inner.service; }
  get(account: string): Promise<string | undefined> { return this.inner.get(account); }
  async set(account: string, value: string): Promise<void> {
    if (++this.calls.set === this.failOn.set) throw new Error('the Secret Service went away');
    await this.inner.set(account, value);
  }
  async delete(account: string): Promise<boolean> {
    if (++this.calls.delete === this.failOn.delete) throw new Error('the keychain is locked');
    return this.inner.delete(account);
  }
  accounts(): Promise<string[]> { return this.inner.accounts(); }
  unavailableReason(): Promise<string | undefined> { return this.inner.unavailableReason(); }
}

interface Case {
  label: string;
  skip: string | undefined;
  /** The secrets service of one app session: the real keychain, or none (pasted credentials held in memory). */
  secrets(dirs: SecretsDirs, env?: Record<string, string>): SecretsService;
  /** Reads an entry where this case keeps it. */
  read(service: SecretsService, dirs: SecretsDirs, account: string): Promise<string | undefined>;
  storage: 'keychain' | 'session';
}

const cases: Case[] = [
  {
    label: `the real OS keychain${skipNote(reason)}`,
    skip: reason,
    secrets: (dirs, env = {}) => new SecretsService({ cwd: dirs.project, homeDir: dirs.home, env, redactor: new Redactor() }),
    read: (_service, dirs, account) => new OsKeychainStore({ homeDir: dirs.home }).get(account),
    storage: 'keychain',
  },
  {
    label: 'no keychain (credentials held in the app session\'s memory)',
    skip: undefined,
    secrets: (dirs, env = {}) => new SecretsService({ cwd: dirs.project, homeDir: dirs.home, env, keychain: null, redactor: new Redactor() }),
    read: (service, _dirs, account) => service.session.get(account),
    storage: 'session',
  },
];

for (const c of cases) {
  describe.skipIf(c.skip)(`saveProject renaming a project, with ${c.label}`, () => {
    let dirs: SecretsDirs;
    let from: string;
    let to: string;
    let secrets: SecretsService;
    let api: PipelineService;
    let text: string;
    beforeEach(async () => {
      dirs = await makeSecretsDirs();
      from = uniqueSection('old');
      to = uniqueSection('new');
      secrets = c.secrets(dirs);
      api = new PipelineService({ transport: 'http', version: '0.0.0', secrets });
      text = (await api.importSourceConfig({ text: pasted, section: from, whenNoKeychain: 'session' })).text;
      await api.saveProject({ dir: dirs.project, name: from, sourceText: text });
    });
    afterEach(async () => {
      if (!c.skip && c.storage === 'keychain') {
        const store = new OsKeychainStore({ homeDir: dirs.home });
        for (const account of await store.accounts()) await store.delete(account);
      }
      await dirs.cleanup();
    });

    it('moves every secret to the new section, deletes the old entries, and the references resolve under the new name', async () => {
      const result = await api.saveProject({ dir: dirs.project, name: to, previousSection: from, sourceText: text });
      expect(result.section).toBe(to);
      expect(result.movedSecrets).toEqual([
        { name: 'token', from: `${from}.token`, to: `${to}.token`, storage: c.storage },
        { name: 'x_api_key', from: `${from}.x_api_key`, to: `${to}.x_api_key`, storage: c.storage },
      ]);
      expect(await c.read(secrets, dirs, `${to}.token`)).toBe(TOKEN);
      expect(await c.read(secrets, dirs, `${to}.x_api_key`)).toBe(API_KEY);
      expect(await c.read(secrets, dirs, `${from}.token`)).toBeUndefined();
      expect(await c.read(secrets, dirs, `${from}.x_api_key`)).toBeUndefined();
      expect(await secrets.secretResolver.resolve(to, 'token')).toBe(TOKEN);
      expect(JSON.parse(readFileSync(result.path, 'utf8'))).toMatchObject({ name: to, section: to });
      const listing = await api.listSecrets({});
      expect(listing.secrets.filter((s) => s.section === from)).toEqual([]);
      expect(listing.secrets.filter((s) => s.section === to).map((s) => [s.name, s.origin?.provider])).toEqual([['token', c.storage], ['x_api_key', c.storage]]);
      expect(JSON.stringify(result)).not.toContain(TOKEN);
      // Saving again from the old section (the UI had not heard back) is a no-op, not an error.
      const again = await api.saveProject({ dir: dirs.project, name: to, previousSection: from, sourceText: text });
      expect(again.movedSecrets).toEqual([]);
      expect(await c.read(secrets, dirs, `${to}.token`)).toBe(TOKEN);
    });

    it('refuses when the new section holds a different value for a key, naming the key and not the values, and changes nothing', async () => {
      await store(c, secrets, dirs).set(`${to}.token`, OTHER);
      const before = readFileSync(join(dirs.project, 'sluice.json'), 'utf8');
      const error = await api.saveProject({ dir: dirs.project, name: to, previousSection: from, sourceText: text }).then(() => undefined, (e: unknown) => e);
      expect(error).toMatchObject({ code: 'SECRETS_MOVE_CONFLICT' });
      const message = (error as Error).message;
      expect(message).toContain(`\`token\` (${c.storage} account \`${to}.token\`)`);
      expect(message).not.toContain('x_api_key');
      for (const value of [TOKEN, API_KEY, OTHER]) expect(message).not.toContain(value);
      expect(readFileSync(join(dirs.project, 'sluice.json'), 'utf8')).toBe(before);
      expect(await c.read(secrets, dirs, `${from}.token`)).toBe(TOKEN);
      expect(await c.read(secrets, dirs, `${from}.x_api_key`)).toBe(API_KEY);
      expect(await c.read(secrets, dirs, `${to}.token`)).toBe(OTHER);
      expect(await c.read(secrets, dirs, `${to}.x_api_key`)).toBeUndefined();
    });

    it('takes an identical value already in the new section as moved', async () => {
      await store(c, secrets, dirs).set(`${to}.token`, TOKEN);
      const result = await api.saveProject({ dir: dirs.project, name: to, previousSection: from, sourceText: text });
      expect(result.movedSecrets.map((m) => m.name)).toEqual(['token', 'x_api_key']);
      expect(await c.read(secrets, dirs, `${from}.token`)).toBeUndefined();
    });

    it('a Save as to another folder under a new name copies every secret; the old section and the old file keep working', async () => {
      const other = join(dirs.project, 'copy');
      await mkdir(other);
      const oldFile = readFileSync(join(dirs.project, 'sluice.json'), 'utf8');
      const result = await api.saveProject({ dir: other, name: to, previousSection: from, previousDir: dirs.project, sourceText: text });
      expect(result.mode).toBe('copied');
      expect(result.path).toBe(join(other, 'sluice.json'));
      expect(result.movedSecrets).toEqual([
        { name: 'token', from: `${from}.token`, to: `${to}.token`, storage: c.storage },
        { name: 'x_api_key', from: `${from}.x_api_key`, to: `${to}.x_api_key`, storage: c.storage },
      ]);
      for (const section of [from, to]) {
        expect(await c.read(secrets, dirs, `${section}.token`)).toBe(TOKEN);
        expect(await c.read(secrets, dirs, `${section}.x_api_key`)).toBe(API_KEY);
        expect(await secrets.secretResolver.resolve(section, 'token')).toBe(TOKEN);
      }
      expect(readFileSync(join(dirs.project, 'sluice.json'), 'utf8')).toBe(oldFile);
      expect(JSON.parse(readFileSync(result.path, 'utf8'))).toMatchObject({ name: to, section: to });
      const listing = await api.listSecrets({});
      expect(listing.secrets.filter((s) => s.section === from).map((s) => s.name)).toEqual(['token', 'x_api_key']);
      expect(listing.secrets.filter((s) => s.section === to).map((s) => s.name)).toEqual(['token', 'x_api_key']);
      expect(JSON.stringify(result)).not.toContain(TOKEN);
      // The old project, opened again, still finds its secrets; saving the copy again changes nothing.
      const reopened = await api.openProject({ dir: dirs.project });
      expect(reopened.section).toBe(from);
      const again = await api.saveProject({ dir: other, name: to, previousSection: from, previousDir: dirs.project, sourceText: text });
      expect(again.mode).toBe('copied');
      expect(await c.read(secrets, dirs, `${from}.token`)).toBe(TOKEN);
    });

    it('a rename in the open project\'s own folder still moves, however that folder is spelled', async () => {
      const link = `${dirs.project}-link`;
      await symlink(dirs.project, link);
      try {
        const result = await api.saveProject({ dir: link, name: to, previousSection: from, previousDir: `${dirs.project}/`, sourceText: text });
        expect(result.mode).toBe('moved');
        expect(result.movedSecrets.map((m) => m.name)).toEqual(['token', 'x_api_key']);
        expect(await c.read(secrets, dirs, `${from}.token`)).toBeUndefined();
        expect(await c.read(secrets, dirs, `${to}.token`)).toBe(TOKEN);
      } finally {
        await rm(link);
      }
    });

    it('a Save as refuses a conflicting value in the new section, saying copy, and changes nothing', async () => {
      const other = join(dirs.project, 'copy');
      await mkdir(other);
      await store(c, secrets, dirs).set(`${to}.token`, OTHER);
      const error = await api.saveProject({ dir: other, name: to, previousSection: from, previousDir: dirs.project, sourceText: text }).then(() => undefined, (e: unknown) => e);
      expect(error).toMatchObject({ code: 'SECRETS_MOVE_CONFLICT', details: { mode: 'copy', names: ['token'] } });
      const message = (error as Error).message;
      expect(message).toContain(`The project was not saved as a copy: its secrets cannot be copied from \`[sources.${from}]\``);
      expect(message).toContain(`\`token\` (${c.storage} account \`${to}.token\`)`);
      for (const value of [TOKEN, API_KEY, OTHER]) expect(message).not.toContain(value);
      expect(existsSync(join(other, 'sluice.json'))).toBe(false);
      expect(await c.read(secrets, dirs, `${from}.token`)).toBe(TOKEN);
      expect(await c.read(secrets, dirs, `${to}.token`)).toBe(OTHER);
      expect(await c.read(secrets, dirs, `${to}.x_api_key`)).toBeUndefined();
    });

    it('a Save as whose open folder is gone copies rather than moves (the file may come back)', async () => {
      const other = join(dirs.project, 'copy');
      await mkdir(other);
      const result = await api.saveProject({ dir: other, name: to, previousSection: from, previousDir: join(dirs.project, 'gone'), sourceText: text });
      expect(result.mode).toBe('copied');
      expect(await c.read(secrets, dirs, `${from}.token`)).toBe(TOKEN);
      expect(await c.read(secrets, dirs, `${to}.token`)).toBe(TOKEN);
    });
  });
}

/** A project saved under a fresh section (`from`; `to` is another fresh one), its secrets in the real keychain. */
async function savedProject(): Promise<{ dirs: SecretsDirs; from: string; to: string; text: string }> {
  const dirs = await makeSecretsDirs();
  const from = uniqueSection('old');
  const api = serviceWith(new OsKeychainStore({ homeDir: dirs.home }), dirs);
  const text = (await api.importSourceConfig({ text: pasted, section: from })).text;
  await api.saveProject({ dir: dirs.project, name: from, sourceText: text });
  return { dirs, from, to: uniqueSection('new'), text };
}

/** A service whose keychain is `keychain` (the real one, or one that fails on cue). */
function serviceWith(keychain: KeychainStore, dirs: SecretsDirs): PipelineService {
  return new PipelineService({
    transport: 'http', version: '0.0.0', secrets: new SecretsService({ cwd: dirs.project, homeDir: dirs.home, env: {}, keychain, redactor: new Redactor() }),
  });
}

describe.skipIf(reason)(`saveProject renaming: a keychain failure midway loses nothing and saving again finishes${skipNote(reason)}`, () => {
  let dirs: SecretsDirs;
  let from: string;
  let to: string;
  let text: string;
  const real = () => new OsKeychainStore({ homeDir: dirs.home });
  const service = (keychain: KeychainStore) => serviceWith(keychain, dirs);
  beforeEach(async () => { ({ dirs, from, to, text } = await savedProject()); });
  afterEach(() => cleanupWithKeychain(dirs));

  it('a failed copy leaves the old entries and the old file; the next save completes the move', async () => {
    const failing = new FailingStore(real(), { set: 2 });
    const error = await service(failing).saveProject({ dir: dirs.project, name: to, previousSection: from, sourceText: text }).then(() => undefined, (e: unknown) => e);
    expect(error).toMatchObject({ code: 'SECRETS_MOVE_INCOMPLETE' });
    expect((error as Error).message).toContain('the Secret Service went away');
    expect((error as Error).message).toContain('save again to finish the move');
    expect((error as Error).message).not.toContain(TOKEN);
    expect(JSON.parse(readFileSync(join(dirs.project, 'sluice.json'), 'utf8'))).toMatchObject({ section: from });
    expect(await real().get(`${from}.token`)).toBe(TOKEN);
    expect(await real().get(`${from}.x_api_key`)).toBe(API_KEY);
    expect(await real().get(`${to}.token`)).toBe(TOKEN); // the first copy made it

    const result = await service(real()).saveProject({ dir: dirs.project, name: to, previousSection: from, sourceText: text });
    expect(result.movedSecrets.map((m) => m.to)).toEqual([`${to}.token`, `${to}.x_api_key`]);
    expect(await real().get(`${to}.x_api_key`)).toBe(API_KEY);
    expect(await real().get(`${from}.token`)).toBeUndefined();
    expect(await real().get(`${from}.x_api_key`)).toBeUndefined();
    expect(await real().accounts()).toEqual([`${to}.token`, `${to}.x_api_key`]);
  });

  it('a failed delete after the file was written keeps both copies; the next save deletes the rest', async () => {
    const failing = new FailingStore(real(), { delete: 2 });
    const error = await service(failing).saveProject({ dir: dirs.project, name: to, previousSection: from, sourceText: text }).then(() => undefined, (e: unknown) => e);
    expect(error).toMatchObject({ code: 'SECRETS_MOVE_INCOMPLETE' });
    expect((error as Error).message).toContain(`\`${from}.x_api_key\``);
    expect(JSON.parse(readFileSync(join(dirs.project, 'sluice.json'), 'utf8'))).toMatchObject({ section: to });
    expect(await real().get(`${from}.token`)).toBeUndefined();
    expect(await real().get(`${from}.x_api_key`)).toBe(API_KEY);
    expect(await real().get(`${to}.x_api_key`)).toBe(API_KEY);

    await service(real()).saveProject({ dir: dirs.project, name: to, previousSection: from, sourceText: text });
    expect(await real().get(`${from}.x_api_key`)).toBeUndefined();
    expect(await real().get(`${to}.token`)).toBe(TOKEN);
  });
});

describe.skipIf(reason)(`saveProject as a copy: a keychain failure midway deletes nothing and saving again finishes${skipNote(reason)}`, () => {
  let dirs: SecretsDirs;
  let other: string;
  let from: string;
  let to: string;
  let text: string;
  const real = () => new OsKeychainStore({ homeDir: dirs.home });
  const service = (keychain: KeychainStore) => serviceWith(keychain, dirs);
  beforeEach(async () => {
    ({ dirs, from, to, text } = await savedProject());
    other = join(dirs.project, 'copy');
    await mkdir(other);
  });
  afterEach(() => cleanupWithKeychain(dirs));

  it('a failed copy writes no file and deletes nothing; the next save completes the copy and the old entries stay', async () => {
    const failing = new FailingStore(real(), { set: 2 });
    const input = { dir: other, name: to, previousSection: from, previousDir: dirs.project, sourceText: text };
    const error = await service(failing).saveProject(input).then(() => undefined, (e: unknown) => e);
    expect(error).toMatchObject({ code: 'SECRETS_MOVE_INCOMPLETE', details: { mode: 'copy' } });
    expect((error as Error).message).toMatch(/^Copying the project's secrets stopped while copying `x_api_key`/);
    expect((error as Error).message).toContain('save again to finish the copy');
    expect((error as Error).message).not.toContain(TOKEN);
    expect(existsSync(join(other, 'sluice.json'))).toBe(false);
    expect(await real().get(`${from}.token`)).toBe(TOKEN);
    expect(await real().get(`${from}.x_api_key`)).toBe(API_KEY);
    expect(await real().get(`${to}.token`)).toBe(TOKEN); // the first copy made it

    const retry = new FailingStore(real(), {});
    const result = await service(retry).saveProject(input);
    expect(result.mode).toBe('copied');
    expect(result.movedSecrets.map((m) => m.to)).toEqual([`${to}.token`, `${to}.x_api_key`]);
    expect(retry.calls).toEqual({ set: 1, delete: 0 }); // only the missing entry was written
    expect((await real().accounts()).sort()).toEqual([`${from}.token`, `${from}.x_api_key`, `${to}.token`, `${to}.x_api_key`].sort());
    expect(await real().get(`${to}.x_api_key`)).toBe(API_KEY);
    expect(JSON.parse(readFileSync(join(other, 'sluice.json'), 'utf8'))).toMatchObject({ section: to });
    expect(JSON.parse(readFileSync(join(dirs.project, 'sluice.json'), 'utf8'))).toMatchObject({ section: from });
  });
});

describe('saveProject renaming, secrets Sluice cannot move', () => {
  let dirs: SecretsDirs;
  beforeEach(async () => { dirs = await makeSecretsDirs(); });
  afterEach(async () => { await dirs.cleanup(); });

  it('warns, without the value, about a secret the environment supplies under the old section', async () => {
    const secrets = new SecretsService({ cwd: dirs.project, homeDir: dirs.home, env: { SOURCES__GITHUB__TOKEN: TOKEN }, keychain: null, redactor: new Redactor() });
    const api = new PipelineService({ transport: 'http', version: '0.0.0', secrets });
    const sourceText = JSON.stringify({ client: { base_url: 'https://api.test/', auth: { token: '{secrets.token}' } }, resources: ['a'] });
    const result = await api.saveProject({ dir: dirs.project, name: 'GitHub v2', previousSection: 'github', sourceText });
    expect(result.section).toBe('git_hub_v2');
    expect(result.movedSecrets).toEqual([]);
    expect(result.warnings).toEqual([expect.stringContaining('`{secrets.token}` comes from environment (`SOURCES__GITHUB__TOKEN`) under the old section `github`')]);
    expect(result.warnings.join('\n')).toContain('set `SOURCES__GIT_HUB_V2__TOKEN`');
    expect(result.warnings.join('\n')).not.toContain(TOKEN);
  });

  it('says which references are left unset under the new section, and why, when there is no keychain', async () => {
    const secrets = new SecretsService({ cwd: dirs.project, homeDir: dirs.home, env: {}, keychain: null, redactor: new Redactor() });
    const api = new PipelineService({ transport: 'http', version: '0.0.0', secrets });
    const sourceText = JSON.stringify({ client: { base_url: 'https://api.test/', auth: { token: '{secrets.token}' } }, resources: ['a'] });
    const result = await api.saveProject({ dir: dirs.project, name: 'shop', previousSection: 'untitled_project', sourceText });
    expect(result.warnings).toEqual(['Not set under `[sources.shop]`: `{secrets.token}` (the OS keychain is not available: no keychain is configured ' +
      'for this host; entries it may hold under `untitled_project` were not moved).']);
    // a save that is not a rename does not check
    expect((await api.saveProject({ dir: dirs.project, name: 'shop', previousSection: 'shop', sourceText })).warnings).toEqual([]);
  });

  it('without a keychain, a Save as says the keychain entries were not copied, and refuses a relative open folder', async () => {
    const secrets = new SecretsService({ cwd: dirs.project, homeDir: dirs.home, env: {}, keychain: null, redactor: new Redactor() });
    const api = new PipelineService({ transport: 'http', version: '0.0.0', secrets });
    const sourceText = JSON.stringify({ client: { base_url: 'https://api.test/', auth: { token: '{secrets.token}' } }, resources: ['a'] });
    const other = join(dirs.project, 'copy');
    await mkdir(other);
    const result = await api.saveProject({ dir: other, name: 'shop', previousSection: 'github', previousDir: dirs.project, sourceText });
    expect(result.mode).toBe('copied');
    expect(result.warnings).toEqual(['Not set under `[sources.shop]`: `{secrets.token}` (the OS keychain is not available: no keychain is configured ' +
      'for this host; entries it may hold under `github` were not copied).']);
    await expect(api.saveProject({ dir: other, name: 'shop', previousDir: 'relative/dir', sourceText }))
      .rejects.toMatchObject({ code: 'CONFIG_INVALID', message: expect.stringContaining('`relative/dir` is not valid: expected an absolute path') });
  });

  it('warns when the project\'s secrets are held for this session only, and never writes them', async () => {
    const secrets = new SecretsService({ cwd: dirs.project, homeDir: dirs.home, env: {}, keychain: null, redactor: new Redactor() });
    const api = new PipelineService({ transport: 'http', version: '0.0.0', secrets });
    const { text } = await api.importSourceConfig({ text: pasted, section: 'github', whenNoKeychain: 'session' });
    const result = await api.saveProject({ dir: dirs.project, name: 'github', sourceText: text });
    expect(result.warnings).toEqual([expect.stringMatching(/`github.token`, `github.x_api_key` are held in memory for this app session only .* `SOURCES__GITHUB__TOKEN`/)]);
    const saved = readFileSync(result.path, 'utf8');
    expect(saved).not.toContain(TOKEN);
    expect(saved).not.toContain(API_KEY);
    expect(await readdir(join(dirs.home, '.sluice'))).toEqual([]);
    expect(existsSync(join(dirs.project, '.sluice', 'secrets.toml'))).toBe(false);
  });
});

function store(c: Case, secrets: SecretsService, dirs: SecretsDirs): KeychainStore {
  return c.storage === 'keychain' ? new OsKeychainStore({ homeDir: dirs.home }) : secrets.session;
}
