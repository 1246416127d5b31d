import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { basename } from 'node:path';
import { ConfigError } from '../errors/config-error';
import { redactor as defaultRedactor, type Redactor } from '../http/redactor';
import type { Logger } from '../logger';
import type { SecretResolver } from '../secrets-port';
import { createSecretResolver } from '../secrets/secret-resolver';
import { sourceSectionName } from '../secrets/section-name';
import { protectLiteralCredentials } from '../secrets/literal-credentials';
import { resolveSourceConfig } from '../config/resolve-source-config';
import { VerboseSecretResolver } from '../secrets/verbose-secret-resolver';
import { restApiSource, type RestApiSourceOptions } from '../source/rest-api-source';
import type { Source } from '../source/types';
import type { CliIo } from './command';
import { findJsonSyntaxError } from './json-syntax-error';

export interface LoadSourceOptions {
  /** Secrets section; default: the config file's base name in snake_case (`github.json` → `github`). */
  sourceName?: string;
  /** Only these resources (their parents come along unselected). */
  resources?: string[];
  /** Default: env → .sluice/secrets.toml → .sluice/config.toml → OS keychain (core/secrets). */
  secrets?: SecretResolver;
  redactor?: Redactor;
  logger?: Logger;
  client?: RestApiSourceOptions['client'];
  /** `--verbose`: print where each secret came from (provider and place, never the value) on stderr. */
  verbose?: boolean;
}

/** 1-based line and column of a character offset. */
function lineColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - before.lastIndexOf('\n') };
}

/**
 * Reads a JSON config file. A syntax error becomes a ConfigError naming the file, line and column, e.g.
 * ``github.json is not valid JSON: Expected ',' or '}' after property value (line 4, column 7)``.
 */
export async function readConfigFile(path: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : (error as Error).message;
    throw new ConfigError(`cannot read the config file \`${path}\`: ${why}`, { path: '<config.json>', cause: error });
  }
  try {
    return JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    const found = text.trim() === '' ? { offset: 0, message: 'the file is empty' } : findJsonSyntaxError(text.replace(/^\uFEFF/, ''));
    const where = found ? lineColumn(text, found.offset) : undefined;
    const reason = found?.message ?? (error as Error).message;
    throw new ConfigError(
      `\`${basename(path)}\` is not valid JSON: ${reason}${where ? ` (line ${where.line}, column ${where.column})` : ''}`,
      { path, cause: error },
    );
  }
}

/**
 * Everything a CLI command needs to get a Source from a config file: read and parse it, validate and resolve it
 * (ConfigError with every problem), pick the secrets section, and build the Source. `run` and `preview` share it.
 */
export async function loadSourceForCli(path: string, io: CliIo, options: LoadSourceOptions = {}): Promise<Source> {
  const config = await readConfigFile(path);
  const name = sourceSectionName({ sourceName: options.sourceName, configPath: path });
  const homeDir = io.env.HOME || io.env.USERPROFILE || homedir();
  const redactor = options.redactor ?? defaultRedactor;
  // Literal credentials in the file: redacted everywhere from here on, and one warning saying how to move them.
  const literal = protectLiteralCredentials(config, { section: name, file: basename(path), redactor });
  if (literal.warning) io.stderr.write(`warning: ${literal.warning}\n`);
  const providers = createSecretResolver({
    cwd: io.cwd, homeDir, env: io.env, redactor,
    onNotice: (message) => { io.stderr.write(`notice: ${redactor.redactText(message)}\n`); },
  });
  const secrets = options.secrets ?? (options.verbose
    ? new VerboseSecretResolver(providers, (line) => { io.stderr.write(`${line}\n`); })
    : providers);
  const sourceOptions: RestApiSourceOptions = { name, secrets, redactor };
  if (options.resources && options.resources.length > 0) sourceOptions.resources = options.resources;
  if (options.logger) sourceOptions.logger = options.logger;
  if (options.client) sourceOptions.client = options.client;
  const source = restApiSource(config, sourceOptions);
  // The one literal-credentials warning above replaces the config resolver's per-field ones.
  if (literal.warning) source.warnings = source.warnings.filter((w) => !w.includes('holds a literal credential'));
  // Resolve every `{secrets.<name>}` now, so a missing one fails (exit 2) before a pipeline starts or a request goes out.
  for (const secretName of resolveSourceConfig(config).secret_names) await secrets.resolve(name, secretName);
  return source;
}
