import { readFile, stat } from 'node:fs/promises';
import { parse, TomlError } from 'smol-toml';
import { ConfigError } from '../errors/config-error';

export type TomlTable = Record<string, unknown>;

/**
 * One `.sluice/secrets.toml` or `.sluice/config.toml`, read when it changes. A missing file is empty;
 * a malformed one is a ConfigError naming the file, line and column (the parser's message holds no values).
 */
export class TomlFile {
  private cached: { mtimeMs: number; size: number; table: TomlTable } | undefined;

  constructor(readonly path: string) {}

  async read(): Promise<TomlTable> {
    let info;
    try {
      info = await stat(this.path);
    } catch {
      this.cached = undefined;
      return {};
    }
    if (this.cached && this.cached.mtimeMs === info.mtimeMs && this.cached.size === info.size) return this.cached.table;
    const text = await readFile(this.path, 'utf8');
    const table = parseToml(text, this.path);
    this.cached = { mtimeMs: info.mtimeMs, size: info.size, table };
    return table;
  }
}

export function parseToml(text: string, path: string): TomlTable {
  try {
    return parse(text) as TomlTable;
  } catch (error) {
    if (error instanceof TomlError) {
      // The first line of smol-toml's message is the reason; the rest is a code frame that may quote a value.
      const reason = error.message.split('\n')[0]!.replace(/^Invalid TOML document:\s*/, '');
      throw new ConfigError(`\`${path}\` is not valid TOML: ${reason} at line ${error.line}, column ${error.column}`,
        { cause: undefined, path: `${path}:${error.line}:${error.column}` });
    }
    throw error;
  }
}

/** Walks `sources.github.credentials.token` through nested tables; undefined when any step is missing. */
export function lookupPath(table: TomlTable, path: string[]): unknown {
  let current: unknown = table;
  for (const segment of path) {
    if (!current || typeof current !== 'object' || Array.isArray(current)) return undefined;
    current = (current as TomlTable)[segment];
  }
  return current;
}
