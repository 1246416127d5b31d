import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OsKeychainStore } from '../../../core/secrets/os-keychain-store';

/** A project folder and a home folder, each with a `.sluice/`, removed after the test. */
export interface SecretsDirs {
  project: string;
  home: string;
  write(where: 'project' | 'home', file: 'secrets.toml' | 'config.toml', text: string): Promise<string>;
  cleanup(): Promise<void>;
}

export async function makeSecretsDirs(): Promise<SecretsDirs> {
  const root = await mkdtemp(join(tmpdir(), 'sluice-secrets-'));
  const project = join(root, 'project');
  const home = join(root, 'home');
  await mkdir(join(project, '.sluice'), { recursive: true });
  await mkdir(join(home, '.sluice'), { recursive: true });
  return {
    project, home,
    async write(where, file, text) {
      const path = join(where === 'project' ? project : home, '.sluice', file);
      await writeFile(path, text);
      return path;
    },
    cleanup: () => rm(root, { recursive: true, force: true }),
  };
}

/**
 * Whether a real OS keychain is reachable here. Keychain tests run when it is (CI runs them inside
 * `bash /work/shared/ci/keyring-session.sh`) and otherwise skip, with this reason in their names.
 */
export async function keychainUnavailableReason(): Promise<string | undefined> {
  const root = await mkdtemp(join(tmpdir(), 'sluice-kc-probe-'));
  try {
    return await new OsKeychainStore({ homeDir: root }).unavailableReason();
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

/** A name no other test run uses, so tests sharing one keyring never collide. */
export function uniqueSection(prefix: string): string {
  return `${prefix}_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
}

export function skipNote(reason: string | undefined): string {
  return reason ? ` [skipped: no OS keychain here: ${reason}; run inside bash /work/shared/ci/keyring-session.sh]` : '';
}

/** For keychain tests: deletes the keychain entries made under this test's home, then the folders. */
export async function cleanupWithKeychain(dirs: SecretsDirs): Promise<void> {
  const store = new OsKeychainStore({ homeDir: dirs.home });
  for (const account of await store.accounts()) await store.delete(account);
  await dirs.cleanup();
}
