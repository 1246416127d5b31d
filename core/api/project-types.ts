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
  /** The source config as JSON text (dlt's `rest_api` shape). */
  sourceText: string;
}

export interface SaveProjectResult {
  /** The file written: `<dir>/sluice.json`. */
  path: string;
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
