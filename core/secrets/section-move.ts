import type { MovedSecret } from '../api/project-types';
import { SecretsMoveError } from '../errors/secrets-move-error';
import type { KeychainStore } from './keychain-store';
import { keychainAccount, keyFromAccount, sourceKey } from './secret-key';

/** A store whose entries follow a renamed section: the OS keychain, or the app session's memory. */
export interface SectionStore {
  store: KeychainStore;
  storage: MovedSecret['storage'];
}

/**
 * `move`: the project file open was saved under a new name, so the old section is no longer used and its entries
 * go. `copy`: the project was saved to another file (Save as), whose new section needs the entries while the file
 * left behind still uses the old ones.
 */
export type SectionCarry = 'move' | 'copy';

interface Planned extends MovedSecret {
  store: KeychainStore;
}

interface Conflict {
  name: string;
  account: string;
  storage: string;
}

/**
 * Carries a project's secrets from section `from` to `to`, in steps that never lose one: `plan` finds what to carry
 * and any conflict, `copy` refuses a conflict before anything changes, then writes each entry to the new section
 * and reads it back; for a move, `removeOld` (run once the project file names the new section) deletes an old entry
 * only while the new one holds the same value. A copy never deletes. Each step skips what an earlier, interrupted
 * run already did, so saving again finishes the move or the copy.
 */
export class SectionSecretsMove {
  private constructor(
    readonly from: string,
    readonly to: string,
    private readonly items: Planned[],
    private readonly conflicts: Conflict[],
    readonly mode: SectionCarry,
  ) {}

  /** What moves: every entry Sluice stored under `from`, and each referenced name found there. */
  static async plan(options: { from: string; to: string; names: string[]; stores: SectionStore[]; mode?: SectionCarry }): Promise<SectionSecretsMove> {
    const { from, to } = options;
    const items: Planned[] = [];
    const conflicts: Conflict[] = [];
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
    return new SectionSecretsMove(from, to, items, conflicts, options.mode ?? 'move');
  }

  /** The same plan carried out as a copy (Save as): the old section keeps its entries. */
  asCopy(): SectionSecretsMove {
    return new SectionSecretsMove(this.from, this.to, this.items, this.conflicts, 'copy');
  }

  /** What moved or was copied (or will be), names and accounts only. */
  get moved(): MovedSecret[] {
    return this.items.map(({ name, from, to, storage }) => ({ name, from, to, storage }));
  }

  /** Refuses a conflict, then copies each entry to the new section and checks it reads back the same. Deletes nothing. */
  async copy(): Promise<void> {
    if (this.conflicts.length > 0) throw conflictError(this.from, this.to, this.conflicts, this.mode);
    for (const item of this.items) {
      await this.step(item, 'copying', 'Nothing was deleted and the project file was not written', async () => {
        const value = await item.store.get(item.from);
        if (value === undefined) return; // moved by an earlier run
        const there = await item.store.get(item.to);
        if (there === value) return;
        if (there !== undefined) throw conflictError(this.from, this.to, [{ name: item.name, account: item.to, storage: item.storage }], this.mode);
        await item.store.set(item.to, value);
        if ((await item.store.get(item.to)) !== value) throw new Error(`the ${item.storage} did not return the value just written to \`${item.to}\``);
      });
    }
  }

  /** A move's last step: deletes each old entry whose copy holds the same value; an entry without a good copy stays. */
  async removeOld(): Promise<void> {
    if (this.mode === 'copy') throw new Error('A copy of a project\'s secrets keeps the old entries: removeOld is for a move only');
    for (const item of this.items) {
      await this.step(item, 'deleting the old entry of', 'The project was saved with the new section and every secret is still in one of the two sections', async () => {
        const value = await item.store.get(item.from);
        if (value === undefined) return;
        if ((await item.store.get(item.to)) !== value) throw new Error(`its copy \`${item.to}\` does not hold the same value`);
        await item.store.delete(item.from);
      });
    }
  }

  private async step(item: Planned, doing: string, state: string, work: () => Promise<void>): Promise<void> {
    try {
      await work();
    } catch (error) {
      if (error instanceof SecretsMoveError) throw error;
      const reason = error instanceof Error ? error.message : String(error);
      const [what, finish] = this.mode === 'copy' ? ['Copying', 'copy'] : ['Moving', 'move'];
      throw new SecretsMoveError('incomplete',
        `${what} the project's secrets stopped while ${doing} \`${item.name}\` (\`${item.from}\` → \`${item.to}\`): ${reason}. ` +
        `${state}; save again to finish the ${finish}.`,
        { cause: error, details: { name: item.name, from: item.from, to: item.to, mode: this.mode } });
    }
  }
}

function conflictError(from: string, to: string, conflicts: Conflict[], mode: SectionCarry): SecretsMoveError {
  const names = conflicts.map((c) => `\`${c.name}\` (${c.storage} account \`${c.account}\`)`).join(', ');
  const [refused, carry, nothing] = mode === 'copy'
    ? ['The project was not saved as a copy', 'be copied', 'Nothing was copied or saved']
    : ['The project was not renamed', 'move', 'Nothing was moved or saved'];
  return new SecretsMoveError('conflict',
    `${refused}: its secrets cannot ${carry} from \`[sources.${from}]\` to \`[sources.${to}]\`, which already holds ` +
    `a different value for ${names}. ${nothing}. Delete ${conflicts.length === 1 ? 'that entry' : 'those entries'} ` +
    `(${conflicts[0]!.storage === 'keychain' ? `Secrets, or \`sluice secrets delete ${conflicts[0]!.account}\`` : 'in Secrets'}) if it is stale, or choose another project name.`,
    { details: { from, to, names: conflicts.map((c) => c.name), mode } });
}
