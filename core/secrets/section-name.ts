import { basename, extname } from 'node:path';
import { ConfigError } from '../errors/config-error';

/** `My API` → `my_api`, `github-v2` → `github_v2`, `2fa` → `_2fa`: the env-var and TOML section spelling. */
export function toSectionName(text: string): string {
  const snake = text
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
  return /^[0-9]/.test(snake) ? `_${snake}` : snake;
}

/**
 * The section a source's secrets live under: the project's name; for a bare config file the `--source-name` value,
 * else the file's base name (`github.json` → `github`, so `SOURCES__GITHUB__TOKEN`).
 */
export function sourceSectionName(from: { projectName?: string; sourceName?: string; configPath?: string }): string {
  const raw = from.projectName ?? from.sourceName ?? (from.configPath ? basename(from.configPath, extname(from.configPath)) : undefined);
  const section = raw === undefined ? '' : toSectionName(raw);
  if (!section) {
    throw new ConfigError(`Cannot name the secrets section from \`${raw ?? ''}\`: expected a name with letters or digits (give one with \`--source-name\`)`,
      { path: '--source-name' });
  }
  return section;
}
