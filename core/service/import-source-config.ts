import type { ImportSourceConfigInput, ImportSourceConfigResult } from '../api/import-types';
import { ConfigError } from '../errors/config-error';
import { findLiteralCredentials } from '../secrets/literal-credentials';
import { envVarName, sourceKey } from '../secrets/secret-key';
import { sourceSectionName } from '../secrets/section-name';
import type { SecretsService } from '../secrets/secrets-service';

/**
 * The app's import and paste of a dlt config: literal credentials move into the OS keychain (nothing is written
 * anywhere else), and the text to keep comes back with `{secrets.<name>}` references. Without a keychain this throws
 * KEYCHAIN_UNAVAILABLE and stores nothing, unless `whenNoKeychain: 'session'` asks for the app session's memory
 * (lost when the app closes; the result says so). Nothing returned holds a value.
 */
export async function importSourceConfig(input: ImportSourceConfigInput, secrets: SecretsService): Promise<ImportSourceConfigResult> {
  if (typeof input?.text !== 'string') throw new ConfigError('The config to import is missing: expected `text` to be a string', { path: 'text' });
  const config = parseConfig(input.text);
  const section = sectionOf(input);
  const literals = findLiteralCredentials(config);
  if (literals.length === 0) return { text: input.text, section, moved: [], warnings: [] };

  if (input.whenNoKeychain !== undefined && input.whenNoKeychain !== 'fail' && input.whenNoKeychain !== 'session') {
    throw new ConfigError(`\`whenNoKeychain\` \`${String(input.whenNoKeychain)}\` is not valid: valid values are: fail, session`, { path: 'whenNoKeychain' });
  }
  const result = await secrets.moveLiteralCredentials(config, section, { whenNoKeychain: input.whenNoKeychain ?? 'fail' });
  const text = result.moved.length > 0 ? `${JSON.stringify(result.config, null, 2)}\n` : input.text;
  const warnings = result.kept.map(({ path }) =>
    `\`${path}\` holds a credential inside the URL, which a reference cannot replace: it is redacted from all output, ` +
    'but remove it from the URL and pass it as a header, a query param or `auth` with a `{secrets.<name>}` reference.');
  const movedValues = new Map(literals.filter((c) => c.movable).map((c) => [c.value, c.path]));
  for (const [value, path] of movedValues) {
    if (text.includes(value) && !result.kept.some((k) => k.path === path)) {
      warnings.push(`The credential moved from \`${path}\` also appears elsewhere in the config, outside any credential field: remove it there too.`);
    }
  }
  const moved = result.moved.map((m) => ({ name: m.name, section, path: m.path, account: m.account }));
  if (result.storage === 'keychain' || moved.length === 0) return { text, section, moved, warnings };
  const names = [...new Set(moved.map((m) => m.name))];
  return {
    text, section, moved, warnings,
    session: {
      keychainMessage: result.keychainProblem.message,
      keychainReason: result.keychainProblem.reason,
      keychainStore: String(result.keychainProblem.details?.store ?? 'OS keychain'),
      envVars: names.map((name) => envVarName(sourceKey(section, name))),
      tomlTable: `sources.${section}`,
    },
  };
}

function parseConfig(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const at = /position (\d+)/.exec(message);
    const where = at ? ` at ${lineColumn(text, Number(at[1]))}` : '';
    throw new ConfigError(`The config is not valid JSON${where}: ${message.replace(/^.*?:\s*/, '')}`, { path: 'text' });
  }
}

function lineColumn(text: string, offset: number): string {
  const before = text.slice(0, offset).split('\n');
  return `line ${before.length}, column ${before[before.length - 1]!.length + 1}`;
}

function sectionOf(input: ImportSourceConfigInput): string {
  if (typeof input.section === 'string' && input.section !== '') return input.section;
  if (typeof input.fileName === 'string' && input.fileName !== '') return sourceSectionName({ configPath: input.fileName.split(/[\\/]/).pop()! });
  throw new ConfigError('Cannot tell which secrets section to store the credentials under: expected `section` (the project name) or `fileName`', { path: 'section' });
}
