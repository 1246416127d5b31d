import { readFile, rename, stat, writeFile } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import type { OpenProjectInput, OpenProjectResult, SaveProjectInput } from '../api/project-types';
import { ConfigError } from '../errors/config-error';
import type { Redactor } from '../http/redactor';
import { findLiteralCredentials } from '../secrets/literal-credentials';
import { toSectionName } from '../secrets/section-name';

export const PROJECT_FILE = 'sluice.json';
const FORMAT = 1;
const SECTION = /^[A-Za-z0-9_-]+$/;

/** A project checked and rendered, ready to write: nothing is on disk yet. */
export interface PreparedProject {
  path: string;
  section: string;
  text: string;
  /** The `{secrets.<name>}` names its source refers to. */
  references: string[];
}

/**
 * Writes `<dir>/sluice.json`. Refuses a source holding a literal credential or any value the redactor knows as a
 * secret: a saved project holds `{secrets.<name>}` references only. The refusal names paths, never values.
 */
export async function saveProject(input: SaveProjectInput, redactor: Redactor): Promise<{ path: string }> {
  const prepared = await prepareProject(input, redactor);
  await writeProject(prepared);
  return { path: prepared.path };
}

/** Every check of `saveProject`, without writing: a rename moves secrets between this and `writeProject`. */
export async function prepareProject(input: SaveProjectInput, redactor: Redactor): Promise<PreparedProject> {
  const dir = await checkedDir(input?.dir);
  if (typeof input.name !== 'string' || input.name.trim() === '') throw new ConfigError('The project name is empty: expected a name such as `github`', { path: 'name' });
  const section = input.section ?? toSectionName(input.name);
  if (typeof section !== 'string' || !SECTION.test(section)) {
    throw new ConfigError(`Secrets section \`${String(section)}\` is not valid: expected letters, digits, \`_\` or \`-\``, { path: 'section' });
  }
  if (input.previousDir !== undefined && (typeof input.previousDir !== 'string' || !isAbsolute(input.previousDir))) {
    throw new ConfigError(`The open project's folder \`${String(input.previousDir)}\` is not valid: expected an absolute path`, { path: 'previousDir' });
  }
  if (input.previousSection !== undefined && (typeof input.previousSection !== 'string' || !SECTION.test(input.previousSection))) {
    throw new ConfigError(`Previous secrets section \`${String(input.previousSection)}\` is not valid: expected letters, digits, \`_\` or \`-\``, { path: 'previousSection' });
  }
  const source = parseJson(input.sourceText, 'sourceText');
  const literals = findLiteralCredentials(source);
  if (literals.length > 0) {
    throw new ConfigError(
      `The project was not saved: the source holds ${literals.length === 1 ? 'a literal credential' : 'literal credentials'} (${literals.map((c) => `\`${c.path}\``).join(', ')}). ` +
      'Paste or import the config again to move them into the keychain, or replace each with a `"{secrets.<name>}"` reference.',
      { path: 'sourceText' });
  }
  const text = `${JSON.stringify({ sluice_project: FORMAT, name: input.name.trim(), section, source }, null, 2)}\n`;
  if (redactor.redactText(text) !== text) {
    throw new ConfigError('The project was not saved: it holds a secret value outside a credential field. Replace it with a `"{secrets.<name>}"` reference.', { path: 'sourceText' });
  }
  return { path: join(dir, PROJECT_FILE), section, text, references: secretReferences(JSON.stringify(source)) };
}

/**
 * Whether a save to `dir` writes the project file open now (in `previousDir`): then a rename moves its secrets.
 * False for another folder (Save as: the file left there still uses the old section, so they are copied), also when
 * `previousDir` is gone (it may come back). No `previousDir` (never saved): no file uses the old section, true.
 * Compares the folders themselves, so a symlink, a trailing slash or a letter case the disk ignores is the same one.
 */
export async function savesOpenProject(previousDir: string | undefined, dir: string): Promise<boolean> {
  if (previousDir === undefined) return true;
  const [before, target] = await Promise.all([stat(previousDir, { bigint: true }).catch(() => undefined), stat(dir, { bigint: true })]);
  return before !== undefined && before.dev === target.dev && before.ino === target.ino;
}

/** Replaces the file in one rename, so a crash leaves the old file or the new one, never half of either. */
export async function writeProject(prepared: PreparedProject): Promise<void> {
  const tmp = `${prepared.path}.${process.pid}.tmp`;
  await writeFile(tmp, prepared.text);
  await rename(tmp, prepared.path);
}

/** The `{secrets.<name>}` names a text refers to, once each. */
function secretReferences(text: string): string[] {
  return [...new Set([...text.matchAll(/\{secrets\.([A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)*)\}/g)].map((m) => m[1]!))];
}

export async function openProject(input: OpenProjectInput): Promise<Omit<OpenProjectResult, 'moved' | 'warnings'>> {
  const dir = await checkedDir(input?.dir);
  const path = join(dir, PROJECT_FILE);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    throw new ConfigError(`No project in \`${dir}\`: expected a \`${PROJECT_FILE}\` file there`, { path: 'dir' });
  }
  const doc = parseJson(text, path) as { sluice_project?: unknown; name?: unknown; section?: unknown; source?: unknown };
  if (typeof doc !== 'object' || doc === null || doc.sluice_project !== FORMAT || typeof doc.name !== 'string' || typeof doc.source !== 'object') {
    throw new ConfigError(`\`${path}\` is not a Sluice project: expected \`sluice_project: ${FORMAT}\`, a \`name\` and a \`source\` object`, { path });
  }
  const section = typeof doc.section === 'string' ? doc.section : toSectionName(doc.name);
  return { path, name: doc.name, section, sourceText: `${JSON.stringify(doc.source, null, 2)}\n` };
}

async function checkedDir(dir: unknown): Promise<string> {
  if (typeof dir !== 'string' || !isAbsolute(dir)) throw new ConfigError(`The project folder \`${String(dir)}\` is not valid: expected an absolute path`, { path: 'dir' });
  const info = await stat(dir).catch(() => undefined);
  if (!info?.isDirectory()) throw new ConfigError(`The project folder \`${dir}\` does not exist: expected an existing folder`, { path: 'dir' });
  return dir;
}

function parseJson(text: unknown, where: string): unknown {
  if (typeof text !== 'string') throw new ConfigError('Expected the source config as JSON text', { path: where });
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new ConfigError(`\`${where}\` is not valid JSON: ${error instanceof Error ? error.message : String(error)}`, { path: where });
  }
}
