import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError } from '../../../core/errors/config-error';
import { SecretMissingError } from '../../../core/errors/secret-missing-error';
import { Redactor } from '../../../core/http/redactor';
import { OsKeychainStore } from '../../../core/secrets/os-keychain-store';
import { createSecretResolver } from '../../../core/secrets/secret-resolver';
import { keychainUnavailableReason, makeSecretsDirs, skipNote, uniqueSection, type SecretsDirs } from './secrets-fixtures';

const reason = await keychainUnavailableReason();

describe('secret resolution order (environment > secrets.toml > config.toml > keychain > default)', () => {
  let dirs: SecretsDirs;
  beforeEach(async () => { dirs = await makeSecretsDirs(); });
  afterEach(async () => { await dirs.cleanup(); });

  /** Every provider, in priority order, each holding its own value for `<section>.token`. */
  function providers(section: string) {
    const table = (value: string): string => `[sources.${section}]\ntoken = "${value}"\n`;
    return [
      { name: 'environment', location: `SOURCES__${section.toUpperCase()}__TOKEN`, value: 'v-env' },
      { name: 'secrets.toml', location: `${dirs.project}/.sluice/secrets.toml`, value: 'v-project-secrets', write: () => dirs.write('project', 'secrets.toml', table('v-project-secrets')) },
      { name: 'secrets.toml', location: `${dirs.home}/.sluice/secrets.toml`, value: 'v-home-secrets', write: () => dirs.write('home', 'secrets.toml', table('v-home-secrets')) },
      { name: 'config.toml', location: `${dirs.project}/.sluice/config.toml`, value: 'v-project-config', write: () => dirs.write('project', 'config.toml', table('v-project-config')) },
      { name: 'config.toml', location: `${dirs.home}/.sluice/config.toml`, value: 'v-home-config', write: () => dirs.write('home', 'config.toml', table('v-home-config')) },
      { name: 'keychain', location: `keychain account ${section}.token`, value: 'v-keychain' },
      { name: 'default', location: 'default value', value: 'v-default' },
    ];
  }

  async function resolverWith(section: string, present: Set<number>, withKeychain: boolean) {
    const all = providers(section);
    for (const [i, p] of all.entries()) if (present.has(i) && p.write) await p.write();
    const keychain = withKeychain ? new OsKeychainStore({ homeDir: dirs.home }) : null;
    if (keychain) {
      if (present.has(5)) await keychain.set(`${section}.token`, 'v-keychain');
      else await keychain.delete(`${section}.token`);
    }
    const env = present.has(0) ? { [all[0]!.location]: 'v-env' } : {};
    const defaults = present.has(6) ? { [`${section}.token`]: 'v-default' } : {};
    return { all, keychain, resolver: createSecretResolver({ cwd: dirs.project, homeDir: dirs.home, env, keychain, defaults, redactor: new Redactor() }) };
  }

  for (const withKeychain of [false, true]) {
    const title = withKeychain ? 'with the real OS keychain' : 'without a keychain';
    it.skipIf(withKeychain && reason)(`removes the winning provider one by one, ${title}${withKeychain ? skipNote(reason) : ''}`, async () => {
      const section = uniqueSection('order');
      const count = 7;
      const present = new Set(Array.from({ length: count }, (_, i) => i).filter((i) => withKeychain || i !== 5));
      const seen: string[] = [];
      try {
        while (present.size > 0) {
          const { all, resolver } = await resolverWith(section, present, withKeychain);
          const winner = Math.min(...present);
          expect(await resolver.resolve(section, 'token')).toBe(all[winner]!.value);
          expect(resolver.origin(section, 'token')).toEqual({ provider: all[winner]!.name, location: all[winner]!.location });
          seen.push(all[winner]!.value);
          present.delete(winner);
          // A removed file must really be gone for the next round.
          await dirs.cleanup();
          dirs = await makeSecretsDirs();
        }
        const { resolver } = await resolverWith(section, present, withKeychain);
        await expect(resolver.resolve(section, 'token')).rejects.toBeInstanceOf(SecretMissingError);
      } finally {
        if (withKeychain) await new OsKeychainStore({ homeDir: dirs.home }).delete(`${section}.token`);
      }
      expect(seen).toEqual(['v-env', 'v-project-secrets', 'v-home-secrets', 'v-project-config', 'v-home-config', ...(withKeychain ? ['v-keychain'] : []), 'v-default']);
    });

    it.skipIf(withKeychain && reason)(`leaves each provider out in turn, all others present, ${title}${withKeychain ? skipNote(reason) : ''}`, async () => {
      const section = uniqueSection('each');
      const indexes = Array.from({ length: 7 }, (_, i) => i).filter((i) => withKeychain || i !== 5);
      try {
        for (const missing of indexes) {
          await dirs.cleanup();
          dirs = await makeSecretsDirs();
          const present = new Set(indexes.filter((i) => i !== missing));
          const { all, resolver } = await resolverWith(section, present, withKeychain);
          const winner = Math.min(...present);
          expect(await resolver.resolve(section, 'token'), `without ${all[missing]!.name} ${all[missing]!.location}`).toBe(all[winner]!.value);
        }
      } finally {
        if (withKeychain) await new OsKeychainStore({ homeDir: dirs.home }).delete(`${section}.token`);
      }
    });

    it.skipIf(withKeychain && reason)(`resolves from each provider when it is the only one, ${title}${withKeychain ? skipNote(reason) : ''}`, async () => {
      const section = uniqueSection('alone');
      try {
        for (let i = 0; i < 7; i++) {
          if (i === 5 && !withKeychain) continue;
          await dirs.cleanup();
          dirs = await makeSecretsDirs();
          const { all, resolver } = await resolverWith(section, new Set([i]), withKeychain);
          expect(await resolver.resolve(section, 'token'), all[i]!.name).toBe(all[i]!.value);
        }
      } finally {
        if (withKeychain) await new OsKeychainStore({ homeDir: dirs.home }).delete(`${section}.token`);
      }
    });
  }

  it('reads nested names from nested TOML tables and env vars joined by __', async () => {
    await dirs.write('project', 'secrets.toml', '[sources.my_api.credentials]\nclient_secret = "nested-secret"\n');
    const fromToml = createSecretResolver({ cwd: dirs.project, homeDir: dirs.home, env: {}, keychain: null, redactor: new Redactor() });
    expect(await fromToml.resolve('my_api', 'credentials.client_secret')).toBe('nested-secret');
    const fromEnv = createSecretResolver({ cwd: dirs.project, homeDir: dirs.home, env: { SOURCES__MY_API__CREDENTIALS__CLIENT_SECRET: 'env-nested' }, keychain: null, redactor: new Redactor() });
    expect(await fromEnv.resolve('my_api', 'credentials.client_secret')).toBe('env-nested');
  });

  it('treats an empty environment variable as unset', async () => {
    await dirs.write('project', 'secrets.toml', '[sources.github]\ntoken = "from-file"\n');
    const resolver = createSecretResolver({ cwd: dirs.project, homeDir: dirs.home, env: { SOURCES__GITHUB__TOKEN: '' }, keychain: null, redactor: new Redactor() });
    expect(await resolver.resolve('github', 'token')).toBe('from-file');
  });

  it('turns non-string TOML values into text', async () => {
    await dirs.write('project', 'config.toml', '[sources.github]\nper_page = 100\nverbose = true\n');
    const resolver = createSecretResolver({ cwd: dirs.project, homeDir: dirs.home, env: {}, keychain: null, redactor: new Redactor() });
    expect(await resolver.resolve('github', 'per_page')).toBe('100');
    expect(await resolver.resolve('github', 'verbose')).toBe('true');
  });
});

describe('a missing secret', () => {
  let dirs: SecretsDirs;
  beforeEach(async () => { dirs = await makeSecretsDirs(); });
  afterEach(async () => { await dirs.cleanup(); });

  it('names the reference, every place looked, and exactly what to set', async () => {
    const resolver = createSecretResolver({ cwd: dirs.project, homeDir: dirs.home, env: {}, keychain: null, redactor: new Redactor() });
    const error = await resolver.resolve('github', 'token').catch((e: unknown) => e) as SecretMissingError;
    expect(error).toBeInstanceOf(SecretMissingError);
    expect(error.code).toBe('SECRET_MISSING');
    expect(error.message).toBe(
      'Secret `{secrets.token}` for source `github` is not set. Looked in: environment variable `SOURCES__GITHUB__TOKEN`; ' +
      `\`${dirs.project}/.sluice/secrets.toml\` (\`[sources.github]\` \`token\`); \`${dirs.home}/.sluice/secrets.toml\` (\`[sources.github]\` \`token\`); ` +
      `\`${dirs.project}/.sluice/config.toml\` (\`[sources.github]\` \`token\`); \`${dirs.home}/.sluice/config.toml\` (\`[sources.github]\` \`token\`); no default. ` +
      'To fix it, set the environment variable `SOURCES__GITHUB__TOKEN`, or add `token = "..."` under `[sources.github]` in `.sluice/secrets.toml`.');
    expect(error.toData().details).toMatchObject({ envVar: 'SOURCES__GITHUB__TOKEN', tomlTable: 'sources.github', tomlKey: 'token' });
  });

  it.skipIf(reason)(`also names the keychain account and the command that sets it${skipNote(reason)}`, async () => {
    const section = uniqueSection('missing');
    const resolver = createSecretResolver({ cwd: dirs.project, homeDir: dirs.home, env: {}, redactor: new Redactor() });
    const error = await resolver.resolve(section, 'api_key').catch((e: unknown) => e) as SecretMissingError;
    expect(error.message).toContain(`(service \`sluice\`, account \`${section}.api_key\`)`);
    expect(error.message).toContain(`or run \`sluice secrets set ${section}.api_key\` to store it in the OS keychain`);
  });
});

describe('TOML files', () => {
  let dirs: SecretsDirs;
  beforeEach(async () => { dirs = await makeSecretsDirs(); });
  afterEach(async () => { await dirs.cleanup(); });

  it('a malformed file is a config error naming the file, line and column, without quoting its values', async () => {
    const path = await dirs.write('project', 'secrets.toml', '[sources.github]\ntoken = "ghp_visible_secret"\napi_key = \n');
    const resolver = createSecretResolver({ cwd: dirs.project, homeDir: dirs.home, env: {}, keychain: null, redactor: new Redactor() });
    const error = await resolver.resolve('github', 'token').catch((e: unknown) => e) as ConfigError;
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.message).toMatch(new RegExp(`^\`${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\` is not valid TOML: .+ at line 3, column \\d+`));
    expect(error.issues[0]!.path).toMatch(new RegExp(`secrets\\.toml:3:\\d+$`));
    expect(error.message).not.toContain('ghp_visible_secret');
  });

  it('is re-read when it changes', async () => {
    await dirs.write('project', 'secrets.toml', '[sources.github]\ntoken = "first"\n');
    const resolver = createSecretResolver({ cwd: dirs.project, homeDir: dirs.home, env: {}, keychain: null, redactor: new Redactor() });
    expect(await resolver.resolve('github', 'token')).toBe('first');
    await dirs.write('project', 'secrets.toml', '[sources.github]\ntoken = "second-value"\n');
    expect(await resolver.resolve('github', 'token')).toBe('second-value');
  });
});

describe('redaction of resolved values', () => {
  it('registers every resolved value with the redactor, in all its forms', async () => {
    const dirs = await makeSecretsDirs();
    try {
      const redactor = new Redactor();
      const secret = 'p@ss w/rd:42';
      const resolver = createSecretResolver({ cwd: dirs.project, homeDir: dirs.home, env: { SOURCES__SHOP__PASSWORD: secret }, keychain: null, redactor });
      await resolver.resolve('shop', 'password');
      expect(redactor.redactText(`raw ${secret} url ${encodeURIComponent(secret)} b64 ${Buffer.from(secret).toString('base64')}`))
        .toBe('raw *** url *** b64 ***');
    } finally {
      await dirs.cleanup();
    }
  });
});

describe('destination config', () => {
  let dirs: SecretsDirs;
  beforeEach(async () => { dirs = await makeSecretsDirs(); });
  afterEach(async () => { await dirs.cleanup(); });
  const key = { type: 'service_account', project_id: 'proj-1', client_email: 'sa@proj-1.iam.gserviceaccount.com', private_key: '-----BEGIN PRIVATE KEY-----\nABCDEF\n-----END PRIVATE KEY-----\n', token_uri: 'https://oauth2.googleapis.com/token' };
  const fields = [
    { name: 'project_id', secret: false },
    { name: 'location', secret: false, default: 'US' },
    { name: 'credentials', required: true, fields: ['client_email', 'private_key', 'project_id'] },
  ];

  it('reads a whole service-account JSON from DESTINATION__BIGQUERY__CREDENTIALS and masks its key', async () => {
    const redactor = new Redactor();
    const resolver = createSecretResolver({
      cwd: dirs.project, homeDir: dirs.home, keychain: null, redactor,
      env: { DESTINATION__BIGQUERY__CREDENTIALS: JSON.stringify(key), DESTINATION__BIGQUERY__PROJECT_ID: 'proj-1' },
    });
    const config = await resolver.resolveDestinationConfig('bigquery', fields);
    expect(config.values).toEqual({ project_id: 'proj-1', location: 'US', credentials: key });
    expect(config.origins).toEqual({
      project_id: { provider: 'environment', location: 'DESTINATION__BIGQUERY__PROJECT_ID' },
      location: { provider: 'default', location: 'default value' },
      credentials: { provider: 'environment', location: 'DESTINATION__BIGQUERY__CREDENTIALS' },
    });
    expect(redactor.redactText(`key ${key.private_key}`)).toBe('key ***');
    // Identifiers inside the key stay readable in logs: only its credential fields are secrets.
    expect(redactor.redactText('project proj-1, sa@proj-1.iam.gserviceaccount.com, https://oauth2.googleapis.com/token'))
      .toBe('project proj-1, sa@proj-1.iam.gserviceaccount.com, https://oauth2.googleapis.com/token');
  });

  it('assembles credentials field by field, across providers', async () => {
    await dirs.write('home', 'secrets.toml', `[destination.bigquery.credentials]\nclient_email = "${key.client_email}"\nprivate_key = """${key.private_key}"""\n`);
    await dirs.write('project', 'config.toml', '[destination.bigquery]\nlocation = "EU"\n');
    const resolver = createSecretResolver({
      cwd: dirs.project, homeDir: dirs.home, keychain: null, redactor: new Redactor(),
      env: { DESTINATION__BIGQUERY__CREDENTIALS__PROJECT_ID: 'proj-1' },
    });
    const config = await resolver.resolveDestinationConfig('bigquery', fields);
    expect(config.values).toEqual({ location: 'EU', credentials: { client_email: key.client_email, private_key: key.private_key, project_id: 'proj-1' } });
    expect(config.origins['credentials.private_key']).toEqual({ provider: 'secrets.toml', location: `${dirs.home}/.sluice/secrets.toml` });
    expect(config.origins['credentials.project_id']?.provider).toBe('environment');
  });

  it('takes a TOML table as the whole credentials object', async () => {
    await dirs.write('project', 'secrets.toml', `[destination.bigquery.credentials]\ntype = "service_account"\nproject_id = "proj-1"\nclient_email = "${key.client_email}"\nprivate_key = """${key.private_key}"""\ntoken_uri = "${key.token_uri}"\n`);
    const resolver = createSecretResolver({ cwd: dirs.project, homeDir: dirs.home, env: {}, keychain: null, redactor: new Redactor() });
    const config = await resolver.resolveDestinationConfig('bigquery', [{ name: 'credentials', required: true }]);
    expect(config.values.credentials).toEqual(key);
  });

  it('a missing required credential names DESTINATION__BIGQUERY__CREDENTIALS and [destination.bigquery]', async () => {
    const resolver = createSecretResolver({ cwd: dirs.project, homeDir: dirs.home, env: {}, keychain: null, redactor: new Redactor() });
    const error = await resolver.resolveDestinationConfig('bigquery', fields).catch((e: unknown) => e) as SecretMissingError;
    expect(error).toBeInstanceOf(SecretMissingError);
    expect(error.message).toContain('Secret `destination.bigquery.credentials` for destination `bigquery` is not set.');
    expect(error.message).toContain('set the environment variable `DESTINATION__BIGQUERY__CREDENTIALS`, or add `credentials = "..."` under `[destination.bigquery]`');
  });

  it('a credentials value that is not JSON is a config error that does not quote it', async () => {
    const resolver = createSecretResolver({
      cwd: dirs.project, homeDir: dirs.home, keychain: null, redactor: new Redactor(),
      env: { DESTINATION__BIGQUERY__CREDENTIALS: '{"private_key": "LEAKME-if-quoted", oops' },
    });
    const error = await resolver.resolveDestinationConfig('bigquery', fields).catch((e: unknown) => e) as ConfigError;
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.message).toContain('`destination.bigquery.credentials` from environment (`DESTINATION__BIGQUERY__CREDENTIALS`) is not valid JSON');
    expect(error.message).not.toContain('LEAKME');
  });
});
