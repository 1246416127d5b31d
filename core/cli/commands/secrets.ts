import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { SecretStatus } from '../../api/secrets-types';
import { ConfigError } from '../../errors/config-error';
import { OsKeychainStore } from '../../secrets/os-keychain-store';
import { readSecretValue } from '../../secrets/read-secret-value';
import { formatSecretKey, keychainAccount, parseSecretKey, type SecretKey } from '../../secrets/secret-key';
import { SecretsService } from '../../secrets/secrets-service';
import { sourceSectionName } from '../../secrets/section-name';
import { EXIT_CONFIG, EXIT_OK, type CliCommand, type CliIo } from '../command';

const USAGE = `Usage:
  sluice secrets set <section.name>       store a secret in the OS keychain (prompted without echo, or read from stdin)
  sluice secrets list [--section S] [--config FILE [--source-name S]] [--json]
                                          names, where each comes from, set or not (never values)
  sluice secrets delete <section.name>    remove a secret from the OS keychain

A config refers to a secret as "{secrets.<name>}"; it resolves for the source's section (the project name, or
--source-name, or the config file's base name: github.json → github) from, in order:
  1. the environment variable SOURCES__<SECTION>__<NAME>   (destinations: DESTINATION__<NAME>__<KEY>)
  2. .sluice/secrets.toml, [sources.<section>] <name> = "..." (in the project folder, then in your home)
  3. .sluice/config.toml, same layout
  4. the OS keychain: service "sluice", account "<section>.<name>" (destinations: "destination.<name>.<key>")

Examples:
  sluice secrets set github.token
  echo "$TOKEN" | sluice secrets set github.token
  sluice secrets set destination.bigquery.credentials < service-account.json
  sluice secrets list --config github.json`;

/** `sluice secrets set|list|delete`: the keychain side of secrets. Values go in and never come back out. */
export const secretsCommand: CliCommand = {
  name: 'secrets',
  summary: 'set, list or delete secrets in the OS keychain (values are never shown)',
  usage: USAGE,
  async run(args, io) {
    const [action, ...rest] = args;
    const service = new SecretsService({ cwd: io.cwd, homeDir: homeDirOf(io), env: io.env, keychain: new OsKeychainStore({ homeDir: homeDirOf(io) }) });
    if (action === 'set') return setSecret(service, rest, io);
    if (action === 'delete') return deleteSecret(service, rest, io);
    if (action === 'list') return listSecrets(service, rest, io);
    io.stderr.write(`sluice secrets: ${action ? `unknown action \`${action}\`` : 'missing action'}; valid actions are: set, list, delete\n`);
    return EXIT_CONFIG;
  },
};

export function homeDirOf(io: CliIo): string {
  return io.env.HOME || io.env.USERPROFILE || homedir();
}

async function setSecret(service: SecretsService, args: string[], io: CliIo): Promise<number> {
  const { positionals } = parseArgs({ args, strict: true, allowPositionals: true, options: {} });
  const key = keyArgument(positionals);
  const value = await readSecretValue(io, formatSecretKey(key));
  await service.setSecret({ ...key, value });
  const listing = await service.listSecrets({ references: [key] });
  io.stdout.write(`Stored \`${formatSecretKey(key)}\` in the ${listing.keychain.store} (service \`sluice\`, account \`${keychainAccount(key)}\`).\n`);
  const winner = listing.secrets.find((s) => formatSecretKey(s) === formatSecretKey(key))?.origin;
  if (winner && winner.provider !== 'keychain') {
    io.stderr.write(`Note: ${winner.provider} (\`${winner.location}\`) also sets \`${formatSecretKey(key)}\` and takes precedence over the keychain.\n`);
  }
  return EXIT_OK;
}

async function deleteSecret(service: SecretsService, args: string[], io: CliIo): Promise<number> {
  const { positionals } = parseArgs({ args, strict: true, allowPositionals: true, options: {} });
  const key = keyArgument(positionals);
  const { deleted } = await service.deleteSecret(key);
  io.stdout.write(deleted ? `Deleted \`${formatSecretKey(key)}\` from the keychain.\n` : `The keychain holds no \`${formatSecretKey(key)}\`; nothing to delete.\n`);
  return EXIT_OK;
}

async function listSecrets(service: SecretsService, args: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args, strict: true,
    options: { section: { type: 'string' }, config: { type: 'string' }, 'source-name': { type: 'string' }, json: { type: 'boolean' } },
  });
  const references = values.config ? await configReferences(resolve(io.cwd, values.config), values['source-name']) : [];
  const listing = await service.listSecrets({ ...(values.section ? { section: values.section } : {}), references });
  if (values.json) {
    io.stdout.write(JSON.stringify(listing, null, 2) + '\n');
    return EXIT_OK;
  }
  if (!listing.keychain.available && listing.keychain.message) io.stderr.write(`${listing.keychain.message}\n`);
  if (listing.secrets.length === 0) {
    io.stdout.write('No secrets found (keychain index, .sluice/secrets.toml' + (values.config ? ', config references' : '') + ').\n');
    return EXIT_OK;
  }
  const rows = listing.secrets.map((s) => [formatSecretKey(s), s.set ? 'set' : 'NOT SET', describe(s)]);
  const widths = [0, 1].map((i) => Math.max(...rows.map((r) => r[i]!.length), i === 0 ? 6 : 7));
  io.stdout.write(['SECRET'.padEnd(widths[0]!), 'STATUS'.padEnd(widths[1]!), 'PROVIDER'].join('  ') + '\n');
  for (const r of rows) io.stdout.write(`${r[0]!.padEnd(widths[0]!)}  ${r[1]!.padEnd(widths[1]!)}  ${r[2]}\n`);
  return EXIT_OK;
}

function describe(s: SecretStatus): string {
  if (s.origin) return `${s.origin.provider} (${s.origin.location})`;
  return `set ${s.envVar}, or [${s.toml.table}] ${s.toml.key} in .sluice/secrets.toml, or run sluice secrets set ${formatSecretKey(s)}`;
}

function keyArgument(positionals: string[]): SecretKey {
  const [text, ...extra] = positionals;
  const key = text === undefined ? undefined : parseSecretKey(text);
  if (!key || extra.length > 0) {
    throw new ConfigError(`Expected one secret as \`<section>.<name>\` (e.g. \`github.token\` or \`destination.bigquery.credentials\`), got \`${positionals.join(' ')}\``);
  }
  return key;
}

/** `{secrets.<name>}` references in a config file, for the section the CLI would use for it. */
async function configReferences(path: string, sourceName: string | undefined): Promise<SecretKey[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new ConfigError(`Cannot read config \`${path}\`: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, { path });
  }
  const section = sourceSectionName({ configPath: path, ...(sourceName ? { sourceName } : {}) });
  const names = new Set([...text.matchAll(/\{secrets\.([A-Za-z_][\w-]*)\}/g)].map((m) => m[1]!));
  return [...names].map((name) => ({ scope: 'sources' as const, section, name }));
}
