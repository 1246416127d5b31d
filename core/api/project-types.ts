/** A Sluice project on disk: `<dir>/sluice.json` with the project's name and its source config (references only). */
export interface SaveProjectInput {
  /** An existing folder, absolute path. */
  dir: string;
  /** The project's name; its snake_case form is the secrets section (`My API` → `[sources.my_api]`). */
  name: string;
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
  /** The source config, pretty-printed JSON. */
  sourceText: string;
}
