import type { AppInfo, PreviewRequestInput, PreviewResponse } from './preview-types';
import type { OpenProjectInput, OpenProjectResult, SaveProjectInput, SaveProjectResult } from './project-types';
import type { ImportSourceConfigInput, ImportSourceConfigResult } from './import-types';
import type { DeleteSecretInput, DeleteSecretResult, ListSecretsInput, SecretListing, SetSecretInput } from './secrets-types';

/**
 * The one contract between the renderer and the host. Every method takes one object and returns a Promise.
 * Electron (ipcMain + preload) and browser mode (HTTP + SSE) both bind exactly `API_METHODS`.
 */
export interface PipelineApi {
  getAppInfo(input: Record<string, never>): Promise<AppInfo>;
  previewRequest(input: PreviewRequestInput): Promise<PreviewResponse>;
  /** Stores a secret in the OS keychain. There is deliberately no method that reads a value back. */
  setSecret(input: SetSecretInput): Promise<void>;
  deleteSecret(input: DeleteSecretInput): Promise<DeleteSecretResult>;
  /** Names, sections, providers and set/unset: never values. */
  listSecrets(input: ListSecretsInput): Promise<SecretListing>;
  /**
   * A pasted or imported config: its literal credentials go into the OS keychain and the config comes back with
   * `{secrets.<name>}` references. Fails with KEYCHAIN_UNAVAILABLE (and stores nothing anywhere) without a keychain,
   * unless `whenNoKeychain: 'session'` asks the host to hold them in memory for this app session (`result.session`).
   */
  importSourceConfig(input: ImportSourceConfigInput): Promise<ImportSourceConfigResult>;
  /**
   * Writes `<dir>/sluice.json`; refuses a source that holds a literal credential or a known secret value. When
   * `previousSection` differs from the section, the project's keychain and session secrets follow it: moved for a
   * rename in the open project's folder (`previousDir`), copied for a save into another folder (`result.mode`).
   */
  saveProject(input: SaveProjectInput): Promise<SaveProjectResult>;
  openProject(input: OpenProjectInput): Promise<OpenProjectResult>;
}

/** Every method of `PipelineApi`, in one list that drives all bindings (a type test keeps them equal). */
export const API_METHODS = ['getAppInfo', 'previewRequest', 'setSecret', 'deleteSecret', 'listSecrets', 'importSourceConfig', 'saveProject', 'openProject'] as const satisfies readonly (keyof PipelineApi)[];

export type ApiMethod = (typeof API_METHODS)[number];
export type ApiInput<M extends ApiMethod> = Parameters<PipelineApi[M]>[0];
export type ApiOutput<M extends ApiMethod> = Awaited<ReturnType<PipelineApi[M]>>;

/** Events the host pushes to the renderer. Names are `x.y` on the wire. */
export interface PipelineEvents {
  /** A short, redacted log line from the host. */
  'log.entry': { level: 'debug' | 'info' | 'warn' | 'error'; message: string; time: string };
}

export const EVENT_NAMES = ['log.entry'] as const satisfies readonly (keyof PipelineEvents)[];
export type EventName = (typeof EVENT_NAMES)[number];

export type EventListener<E extends EventName> = (payload: PipelineEvents[E]) => void;

/** Subscribe to host events; returns the function that unsubscribes. */
export interface PipelineEventSource {
  on<E extends EventName>(event: E, listener: EventListener<E>): () => void;
}

/** What the renderer holds: the contract plus its events. */
export type PipelineClient = PipelineApi & PipelineEventSource;

export function isApiMethod(name: string): name is ApiMethod {
  return (API_METHODS as readonly string[]).includes(name);
}

/** Channel names are derived, never written by hand. */
export const apiChannel = (method: ApiMethod): string => `api:${method}`;
export const eventChannel = (event: EventName): string => `event:${event}`;
