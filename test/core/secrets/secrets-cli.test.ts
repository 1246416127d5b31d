import { PassThrough, Readable, Writable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CliIo } from '../../../core/cli/command';
import { runCli } from '../../../core/cli/run-cli';
import { readSecretValue } from '../../../core/secrets/read-secret-value';
import { keychainUnavailableReason, makeSecretsDirs, type SecretsDirs } from './secrets-fixtures';

const reason = await keychainUnavailableReason();

function capture(dirs: SecretsDirs, env: NodeJS.ProcessEnv = {}, stdin: NodeJS.ReadableStream = Readable.from([])) {
  let out = '';
  let err = '';
  const sink = (append: (s: string) => void) => new Writable({ write(chunk, _e, done) { append(String(chunk)); done(); } });
  const io: CliIo = { stdout: sink((s) => { out += s; }), stderr: sink((s) => { err += s; }), stdin, env: { HOME: dirs.home, ...env }, cwd: dirs.project };
  return { io, out: () => out, err: () => err };
}

describe('sluice secrets (no keychain needed)', () => {
  let dirs: SecretsDirs;
  beforeEach(async () => { dirs = await makeSecretsDirs(); });
  afterEach(async () => { await dirs.cleanup(); });

  it('list shows env and TOML secrets and what to set for a config\'s unset references, never values', async () => {
    await dirs.write('project', 'secrets.toml', '[sources.github]\ntoken = "listed-toml-value"\n');
    const config = `${dirs.project}/github.json`;
    await import('node:fs/promises').then((fs) => fs.writeFile(config, JSON.stringify({
      client: { base_url: 'https://api.test/', auth: { type: 'bearer', token: '{secrets.token}' }, headers: { 'X-Org': '{secrets.org_key}' } }, resources: ['a'],
    })));
    const c = capture(dirs, { SOURCES__GITHUB__EXTRA: 'env-value' });
    expect(await runCli(['secrets', 'list', '--config', 'github.json'], c.io)).toBe(0);
    // The keychain is whatever this process can reach: said once on stderr when it is missing.
    if (reason) expect(c.err()).toContain('The OS keychain (Secret Service (GNOME Keyring, KWallet)) is not available');
    else expect(c.err()).toBe('');
    expect(c.out()).toBe([
      'SECRET          STATUS   PROVIDER',
      'github.org_key  NOT SET  set SOURCES__GITHUB__ORG_KEY, or [sources.github] org_key in .sluice/secrets.toml, or run sluice secrets set github.org_key',
      `github.token    set      secrets.toml (${dirs.project}/.sluice/secrets.toml)`,
      '',
    ].join('\n'));
    expect(c.out() + c.err()).not.toMatch(/listed-toml-value|env-value/);
  });

  it.each([
    [['secrets'], 'sluice secrets: missing action; valid actions are: set, list, delete'],
    [['secrets', 'show', 'github.token'], 'sluice secrets: unknown action `show`; valid actions are: set, list, delete'],
    [['secrets', 'set', 'token'], 'Expected one secret as `<section>.<name>` (e.g. `github.token` or `destination.bigquery.credentials`), got `token`'],
    [['secrets', 'delete', 'destination.bigquery'], 'got `destination.bigquery`'],
  ])('%j is a usage error (exit 2)', async (args, message) => {
    const c = capture(dirs);
    expect(await runCli(args, c.io)).toBe(2);
    expect(c.err()).toContain(message);
  });

  it('set with nothing on stdin is a usage error that stores nothing', async () => {
    const c = capture(dirs, {}, Readable.from(['\n']));
    expect(await runCli(['secrets', 'set', 'github.token'], c.io)).toBe(2);
    expect(c.err()).toContain('No value given for `github.token`: expected the secret on stdin or at the prompt, got nothing');
  });
});

describe('the secret prompt on a terminal', () => {
  /** A stdin that claims to be a TTY and records raw-mode switches, fed keystroke by keystroke. */
  function fakeTty() {
    const stream = new PassThrough() as PassThrough & { isTTY: boolean; setRawMode: (raw: boolean) => void; modes: boolean[] };
    stream.isTTY = true;
    stream.modes = [];
    stream.setRawMode = (raw) => { stream.modes.push(raw); };
    return stream;
  }

  it('reads without echo, handles backspace, and restores the terminal', async () => {
    let err = '';
    const stdin = fakeTty();
    const io = { stdin, stderr: new Writable({ write(c, _e, d) { err += String(c); d(); } }) } as unknown as CliIo;
    const value = readSecretValue(io, 'github.token');
    for (const key of ['s', 'e', 'c', 'x', '\u007f', 'r', 'e', 't', '\r']) stdin.write(key);
    expect(await value).toBe('secret');
    expect(err).toBe('Value for github.token (input hidden): \n');
    expect(stdin.modes).toEqual([true, false]);
  });

  it('Ctrl-C cancels', async () => {
    const stdin = fakeTty();
    const io = { stdin, stderr: new Writable({ write(_c, _e, d) { d(); } }) } as unknown as CliIo;
    const value = readSecretValue(io, 'github.token');
    stdin.write('ab\u0003');
    await expect(value).rejects.toThrow('Cancelled: no value stored for `github.token`');
    expect(stdin.modes).toEqual([true, false]);
  });
});
