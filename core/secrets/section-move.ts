import type { MovedSecret } from '../api/project-types';
import { SecretsMoveError } from '../errors/secrets-move-error';
import type { KeychainStore } from './keychain-store';
import { keychainAccount, keyFromAccount, sourceKey } from './secret-key';

/** A store whose entries follow a renamed section: the OS keychain, or the app session's memory. */
export interface SectionStore {
  store: KeychainStore;
  storage: MovedSecret['storage'];
}

interface Planned extends MovedSecret {
  store: KeychainStore;
}

/**
 * Moves a renamed project's secrets from section `from` to `to`, in steps that never lose one: `plan` refuses a
 * conflict before anything changes, `copy` writes each entry to the new section and reads it back, and `removeOld`
 * (run once the project file names the new section) deletes an old entry only while the new one holds the same
 * value. Each step skips what an earlier, interrupted run already did, so saving again finishes the move.
 */
export class SectionSecretsMove {
  private constructor(readonly from: string, readonly to: string, private readonly items: Planned[]) {}

  /** What moves: every entry Sluice stored under `from`, and each referenced name found there. */
  static async plan(options: { from: string; to: string; names: string[]; stores: SectionStore[] }): Promise<SectionSecretsMove> {
    const { from, to } = options;
    const items: Planned[] = [];
    const conflicts: { name: string; account: string; storage: string }[] = [];
    for (const { store, storage } of options.stores) {
      const stored = (await store.accounts()).map(keyFromAccount)
        .filter((key) => key?.scope === 'sources' && key.section === from).map((key) => key!.name);
      for (const name of [...new Set([...stored, ...options.names])].sort()) {
        const fromAccount = keychainAccount(sourceKey(from, name));
        const toAccount = keychainAccount(sourceKey(to, name));
        const value = await store.get(fromAccount);
        if (value === undefined) continue;
        const there = await store.get(toAccount);
        if (there !== undefined && there !== value) conflicts.push({ name, account: toAccount, storage });
        else items.push({ name, from: fromAccount, to: toAccount, storage, store });
      }
    }
    if (conflicts.length > 0) throw conflictError(from, to, conflicts);
    return new SectionSecretsMove(from, to, items);
  }

  /** What moved (or will), names and accounts only. */
  get moved(): MovedSecret[] {
    return this.items.map(({ name, from, to, storage }) => ({ name, from, to, storage }));
  }

  /** Copies each entry to the new section and checks it reads back the same. Deletes nothing. */
  async copy(): Promise<void> {
    for (const item of this.items) {
      await step(item, 'copying', 'Nothing was deleted and the project file was not written', async () => {
        const value = await item.store.get(item.from);
        if (value === undefined) return; // moved by an earlier run
        const there = await item.store.get(item.to);
        if (there === value) return;
        if (there !== undefined) throw conflictError(this.from, this.to, [{ name: item.name, account: item.to, storage: item.storage }]);
        await item.store.set(item.to, value);
        if ((await item.store.get(item.to)) !== value) throw new Error(`the ${item.storage} did not return the value just written to \`${item.to}\``);
      });
    }
  }

  /** Deletes each old entry whose copy holds the same value; an entry without a good copy stays. */
  async removeOld(): Promise<void> {
    for (const item of this.items) {
      await step(item, 'deleting the old entry of', 'The project was saved with the new section and every secret is still in one of the two sections', async () => {
        const value = await item.store.get(item.from);
        if (value === undefined) return;
        if ((await item.store.get(item.to)) !== value) throw new Error(`its copy \`${item.to}\` does not hold the same value`);
        await item.store.delete(item.from);
      });
    }
  }
}

async function step(item: Planned, doing: string, state: string, work: () => Promise<void>): Promise<void> {
  try {
    await work();
  } catch (error) {
    if (error instanceof SecretsMoveError) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    throw new SecretsMoveError('incomplete',
      `Moving the project's secrets stopped while ${doing} \`${item.name}\` (\`${item.from}\` → \`${item.to}\`): ${reason}. ` +
      `${state}; save again to finish the move.`,
      { cause: error, details: { name: item.name, from: item.from, to: item.to } });
  }
}

function conflictError(from: string, to: string, conflicts: { name: string; account: string; storage: string }[]): SecretsMoveError {
  const names = conflicts.map((c) => `\`${c.name}\` (${c.storage} account \`${c.account}\`)`).join(', ');
  return new SecretsMoveError('conflict',
    `The project was not renamed: its secrets cannot move from \`[sources.${from}]\` to \`[sources.${to}]\`, which already holds ` +
    `a different value for ${names}. Nothing was moved or saved. Delete ${conflicts.length === 1 ? 'that entry' : 'those entries'} ` +
    `(${conflicts[0]!.storage === 'keychain' ? `Secrets, or \`sluice secrets delete ${conflicts[0]!.account}\`` : 'in Secrets'}) if it is stale, or choose another project name.`,
    { details: { from, to, names: conflicts.map((c) => c.name) } });
}
