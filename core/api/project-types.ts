import type { ImportedCredential } from './import-types';

/** A Sluice project on disk: `<dir>/sluice.json` with the project's name and its source config (references only). */
export interface SaveProjectInput {
  /** An existing folder, absolute path. */
  dir: string;
  name: string;
  /**
   * The secrets section its `{secrets.<name>}` references resolve under. Default: the name in snake_case
   * (`My API` → `[sources.my_api]`). Kept in the file so renaming a project does not orphan its keychain entries.
   */
  section?: string;
  /**
   * The section the project's secrets are under now (the one it was opened or last saved with). When it differs
   * from `section` (the project was renamed), its keychain entries move: each is copied to `section`, checked, and
   * only then deleted from the old one; a save that failed midway finishes the move when run again. Refused, with
   * nothing changed, when `section` already holds a different value under the same name.
   * When `previousDir` names another folder than `dir` (Save as), the entries are copied instead: checked the same
   * way, and the old section keeps them, for the project file left there.
   */
  previousSection?: string;
  /**
   * The folder of the project file open now (the one it was opened from or last saved to), absolute; absent for a
   * project never saved. Saving to this same folder is a rename of the open project (its secrets move); saving to
   * another folder is a Save as (its secrets are copied, see `mode`).
   */
  previousDir?: string;
  /** The source config as JSON text (dlt's `rest_api` shape). */
  sourceText: string;
}

export interface SaveProjectResult {
  /** The file written: `<dir>/sluice.json`. */
  path: string;
  /** The secrets section the project was saved with. */
  section: string;
  /** Secrets carried over from the old section's account to the new one's (moved or copied: see `mode`). Never values. */
  movedSecrets: MovedSecret[];
  /**
   * `moved`: the open project file was saved (a rename deleted the old entries once the file named the new section).
   * `copied`: the project was saved to another file than the open one (`previousDir`), and the old section keeps its
   * entries for the file left there.
   */
  mode: 'moved' | 'copied';
  /**
   * What the user must still act on: a secret from the environment or a TOML file under the old section (Sluice
   * does not edit those), a secret held for this session only. Never values.
   */
  warnings: string[];
}

/** One secret carried over by a rename (moved) or a Save as (copied): `github.token` → `github_v2.token`. */
export interface MovedSecret {
  name: string;
  from: string;
  to: string;
  /** `keychain`, or `session` for one held in memory only (no keychain). */
  storage: 'keychain' | 'session';
}

export interface OpenProjectInput {
  dir: string;
}

export interface OpenProjectResult {
  path: string;
  name: string;
  section: string;
  /** The source config, pretty-printed JSON. */
  sourceText: string;
  /**
   * Literal credentials someone wrote into the file by hand, moved into the keychain on open (the file is rewritten
   * with references); never their values.
   */
  moved: ImportedCredential[];
  warnings: string[];
}
